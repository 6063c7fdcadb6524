import EncoreCore
import Testing

@testable import EncoreLoyalty

extension LoyaltyProgramTests {
    @Suite struct PointsReversalTests {
        typealias F = ProgramFixtures
        /// Lines of 20.00 and 10.00 with 3.00 tax and 5.00 shipping: 20 and 10 points, total 38.00.
        let earning = EarningCalculator.earning(
            for: F.order([F.line("a", unitPrice: 2000), F.line("b", unitPrice: 1000)], tax: 300, shipping: 500),
            rule: PurchaseRule(pointsPerUnit: 1, unitAmount: 100), currency: .usd, multiplier: .one)

        @Test func theFixtureEarnsWhatTheTestsAssume() {
            #expect(earning.lines.map(\.points) == [20, 10])
            #expect(earning.orderTotal == 3800)
        }

        @Test func aFullRefundReversesEverything() {
            let reversal = earning.reversal(for: F.refund("r1", amount: 3800))
            #expect(reversal.points == 30)
            #expect(reversal.lines == [LineReversal(lineKey: "a", points: 20), LineReversal(lineKey: "b", points: 10)])
            #expect(reversal.refundKey == "r1")
        }

        @Test func aLineRefundReversesThatLineInProportion() {
            let refund = F.refund("r1", amount: 1000, lines: [RefundLine(lineKey: "a", quantity: 1, amount: 1000)])
            #expect(earning.reversal(for: refund).lines.map(\.points) == [10, 0])
            let over = F.refund("r2", amount: 2500, lines: [RefundLine(lineKey: "b", quantity: 1, amount: 2500)])
            #expect(earning.reversal(for: over).lines.map(\.points) == [0, 10])
            let unknown = F.refund("r3", amount: 500, lines: [RefundLine(lineKey: "zzz", quantity: 1, amount: 500)])
            #expect(earning.reversal(for: unknown).points == 0)
        }

        @Test func partialRefundsInStepsAddUpToTheLine() {
            let thirds = [667, 667, 666].enumerated().map { index, amount in
                F.refund(
                    "r\(index)", amount: Int64(amount),
                    lines: [RefundLine(lineKey: "a", quantity: 1, amount: Int64(amount))])
            }
            var reversed: [Int64] = []
            for (index, refund) in thirds.enumerated() {
                reversed.append(earning.reversal(for: refund, earlierRefunds: Array(thirds.prefix(index))).points)
            }
            #expect(reversed == [6, 7, 7])
            #expect(reversed.reduce(0, +) == 20)
        }

        @Test func aRefundWithoutLinesIsSharedOverTheEligibleTotal() {
            let half = earning.reversal(for: F.refund("r1", amount: 1500))
            #expect(half.lines.map(\.points) == [10, 5])
            let tiny = earning.reversal(for: F.refund("r2", amount: 1))
            #expect(tiny.points == 0)
        }

        @Test func refundsReachingTheOrderTotalReverseTheRest() {
            let first = F.refund("r1", amount: 1900)
            let second = F.refund("r2", amount: 1900)
            let one = earning.reversal(for: first)
            let two = earning.reversal(for: second, earlierRefunds: [first])
            #expect(one.lines.map(\.points) == [12, 6])
            #expect(two.lines.map(\.points) == [8, 4])
            #expect(one.points + two.points == earning.points)
        }

        @Test func nothingIsEverReversedTwice() {
            let line = F.refund("r1", amount: 2000, lines: [RefundLine(lineKey: "a", quantity: 1, amount: 2000)])
            let more = F.refund("r2", amount: 1500)
            #expect(earning.reversal(for: line).points == 20)
            // Line a is gone; the unlined refund can only take b's points.
            #expect(earning.reversal(for: more, earlierRefunds: [line]).lines.map(\.points) == [0, 5])
            // A refund listed among the earlier ones is not counted twice.
            #expect(earning.reversal(for: line, earlierRefunds: [line]).points == 20)
            let again = F.refund("r3", amount: 500, lines: [RefundLine(lineKey: "a", quantity: 1, amount: 500)])
            #expect(earning.reversal(for: again, earlierRefunds: [line]).points == 0)
        }

        @Test func earningsOfNothingReverseNothing() {
            let cancelled = EarningCalculator.earning(
                for: F.order([F.line("a", unitPrice: 2000)], cancelled: true),
                rule: PurchaseRule(pointsPerUnit: 1, unitAmount: 100), currency: .usd, multiplier: .one)
            let reversal = cancelled.reversal(for: F.refund("r1", amount: 2000))
            #expect(reversal.points == 0 && reversal.lines.count == 1)
            let negative = F.refund("r2", amount: -500, lines: [RefundLine(lineKey: "a", quantity: 1, amount: -500)])
            #expect(earning.reversal(for: negative).points == 0)
        }
    }
}
