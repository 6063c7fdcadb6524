import EncoreCore
import Testing

@testable import EncoreLoyalty

extension LoyaltyProgramTests {
    @Suite struct EarningCalculatorTests {
        typealias F = ProgramFixtures
        let perDollar = PurchaseRule(pointsPerUnit: 1, unitAmount: 100)

        func earn(_ order: Order, _ rule: PurchaseRule?, currency: Currency = .usd, _ multiplier: Multiplier = .one)
            -> PurchaseEarning
        {
            EarningCalculator.earning(for: order, rule: rule, currency: currency, multiplier: multiplier)
        }

        @Test func linesSplitTheOrderPointsByLargestRemainder() {
            let order = F.order([F.line("a", unitPrice: 1234), F.line("b", unitPrice: 500)], tax: 100, shipping: 499)
            let earning = earn(order, perDollar)
            #expect(earning.points == 17)
            #expect(earning.lines.map(\.points) == [12, 5])
            #expect(earning.lines.map(\.eligibleAmount) == [1234, 500])
            #expect(earning.eligibleTotal == 1734 && earning.orderTotal == 2333)
            #expect(earning.skipped == nil && earning.orderKey == "1001")
        }

        @Test func shippingAndTaxNeverCount() {
            let lines = [F.line("a", unitPrice: 2550)]
            let plain = earn(F.order(lines), perDollar)
            let loaded = earn(F.order(lines, tax: 99_999, shipping: 50_000), perDollar)
            #expect(plain.points == 25 && loaded.points == 25)
        }

        @Test func yenWithNoDecimals() {
            let onePerHundred = PurchaseRule(pointsPerUnit: 1, unitAmount: 100)
            let order = F.order([F.line("a", unitPrice: 1999)], currency: .jpy)
            #expect(earn(order, onePerHundred, currency: .jpy).points == 19)
            #expect(earn(order, onePerHundred, currency: .jpy, Multiplier(perMille: 1500)).points == 29)
            let perYen = PurchaseRule(pointsPerUnit: 1, unitAmount: Currency.jpy.minorUnitsPerMajor)
            #expect(earn(order, perYen, currency: .jpy).points == 1999)
        }

        @Test func dinarWithThreeDecimals() {
            let rule = PurchaseRule(pointsPerUnit: 1, unitAmount: Currency.kwd.minorUnitsPerMajor)
            let order = F.order([F.line("a", unitPrice: 12_345)], currency: .kwd)
            #expect(earn(order, rule, currency: .kwd).points == 12)
            #expect(earn(order, rule, currency: .kwd, Multiplier(perMille: 1250)).points == 15)
            #expect(earn(order, rule, currency: .kwd, Multiplier(perMille: 1333)).points == 16)
        }

        @Test func noFloatingPointDrift() {
            // 0.29 * 100 is 28.999999999999996 in binary floating point.
            let hundredPerDollar = PurchaseRule(pointsPerUnit: 100, unitAmount: 100)
            #expect(earn(F.order([F.line("a", unitPrice: 29)]), hundredPerDollar).points == 29)
            // 10.00 * 1.1 and 1.15 * 100 are also inexact in binary.
            #expect(earn(F.order([F.line("a", unitPrice: 1000)]), perDollar, Multiplier(perMille: 1100)).points == 11)
            #expect(earn(F.order([F.line("a", unitPrice: 115)]), hundredPerDollar).points == 115)
        }

        @Test func tierMultipliersComeFromTheProgram() {
            let order = F.order([F.line("a", unitPrice: 10_000)])
            let program = LoyaltyProgram.defaults
            #expect(program.earning(for: order, tierKey: "bronze").points == 100)
            #expect(program.earning(for: order, tierKey: "silver").points == 125)
            #expect(program.earning(for: order, tierKey: "gold").points == 150)
            #expect(program.earning(for: order, tierKey: nil).points == 100)
            #expect(program.earning(for: order, tierKey: "gold").multiplier == Multiplier(perMille: 1500))
        }

        @Test func excludedCategoriesAndSKUsEarnNothing() {
            let rule = PurchaseRule(
                pointsPerUnit: 1, unitAmount: 100, excludedCategories: ["Gift Cards"], excludedSKUs: ["sample-1"])
            let order = F.order([
                F.line("card", category: "gift cards", unitPrice: 5000),
                F.line("sample", sku: "SAMPLE-1", unitPrice: 300),
                F.line("mug", category: "Kitchen", unitPrice: 1500),
            ])
            let earning = earn(order, rule)
            #expect(earning.lines.map(\.eligibleAmount) == [0, 0, 1500])
            #expect(earning.lines.map(\.points) == [0, 0, 15])
            #expect(rule.excludes(order.lines[0]) && rule.excludes(order.lines[1]) && !rule.excludes(order.lines[2]))
        }

        @Test func minimumOrderAppliesToTheEligibleSubtotal() {
            let rule = PurchaseRule(pointsPerUnit: 1, unitAmount: 100, minimumOrder: 2000, excludedSKUs: ["GIFT"])
            let below = earn(
                F.order([F.line("a", unitPrice: 1500), F.line("gift", unitPrice: 5000)], shipping: 900), rule)
            #expect(below.points == 0 && below.skipped == .belowMinimum)
            #expect(below.lines.map(\.eligibleAmount) == [1500, 0])
            let exactly = earn(F.order([F.line("a", unitPrice: 2000)]), rule)
            #expect(exactly.points == 20 && exactly.skipped == nil)
        }

        @Test func orderLevelDiscountsAreApportionedByLineTotals() {
            // 10.00 off the order over lines of 30.00 and 10.00: shares 7.50 and 2.50.
            let order = F.order([F.line("a", unitPrice: 3000), F.line("b", unitPrice: 1000)], discounts: 1000)
            let earning = earn(order, perDollar)
            #expect(earning.lines.map(\.eligibleAmount) == [2250, 750])
            // 22.5 and 7.5: the tied remainder goes to the earlier line.
            #expect(earning.lines.map(\.points) == [23, 7])
            #expect(earning.points == 30)
        }

        @Test func lineDiscountsAreNotCountedTwice() {
            // Line a carries 5.00 of the 10.00 discounts; the other 5.00 is order-level.
            let order = F.order(
                [F.line("a", unitPrice: 3000, discount: 500), F.line("b", unitPrice: 1000)], discounts: 1000)
            let earning = earn(order, perDollar)
            #expect(earning.lines.map(\.eligibleAmount) == [2143, 857])
            #expect(earning.lines.map(\.points) == [21, 9])
            let lineOnly = earn(F.order([F.line("a", unitPrice: 3000, discount: 500)]), perDollar)
            #expect(lineOnly.lines.map(\.eligibleAmount) == [2500])
        }

        @Test func discountsLargerThanTheLinesLeaveNothing() {
            let order = F.order(
                [F.line("a", unitPrice: 500), F.line("b", unitPrice: 500)], discounts: 5000, shipping: 4000)
            let earning = earn(order, perDollar)
            #expect(earning.lines.map(\.eligibleAmount) == [0, 0])
            #expect(earning.points == 0)
        }

        @Test func linesAlwaysSumToTheOrderPoints() {
            let rule = PurchaseRule(pointsPerUnit: 3, unitAmount: 70)
            for multiplier in [1000, 1250, 1333, 1500] as [Int64] {
                for price in stride(from: Int64(1), through: 400, by: 37) {
                    let lines = (0..<7).map { F.line("l\($0)", unitPrice: price + Int64($0) * 13) }
                    let order = F.order(lines, discounts: lines.reduce(0) { $0 + $1.total } / 9)
                    let earning = earn(order, rule, Multiplier(perMille: multiplier))
                    let expected = EarningCalculator.points(
                        eligible: earning.eligibleTotal, rule: rule, multiplier: Multiplier(perMille: multiplier))
                    #expect(earning.points == expected)
                    #expect(earning.eligibleTotal == order.subtotal - order.discounts)
                }
            }
        }

        @Test func ordersThatEarnNothing() {
            let lines = [F.line("a", unitPrice: 5000)]
            #expect(earn(F.order(lines, cancelled: true), perDollar).skipped == .cancelled)
            #expect(earn(F.order(lines, cancelled: true), perDollar).points == 0)
            var voided = F.order(lines)
            voided.financialStatus = .voided
            #expect(earn(voided, perDollar).skipped == .cancelled)
            #expect(earn(F.order(lines, currency: .eur), perDollar).skipped == .currencyMismatch)
            let none = earn(F.order(lines), nil)
            #expect(none.skipped == .noPurchaseRule && none.points == 0 && none.lines.count == 1)
            #expect(earn(F.order([]), perDollar).points == 0)
        }

        @Test func hugeAmountsClampInsteadOfTrapping() {
            let rule = PurchaseRule(pointsPerUnit: 1_000_000, unitAmount: 1)
            #expect(
                EarningCalculator.points(eligible: .max, rule: rule, multiplier: Multiplier(perMille: 100_000)) == .max)
            let absurd = PurchaseRule(pointsPerUnit: .max, unitAmount: 1)
            #expect(
                EarningCalculator.points(eligible: .max, rule: absurd, multiplier: Multiplier(perMille: .max)) == .max)
        }

        @Test func cappingSpreadsTheCutOverLines() {
            let order = F.order([F.line("a", unitPrice: 3000), F.line("b", unitPrice: 1000)])
            let earning = earn(order, perDollar)
            let capped = earning.capped(to: 10)
            #expect(capped.points == 10 && capped.lines.map(\.points) == [8, 2])
            #expect(capped.lines.map(\.eligibleAmount) == earning.lines.map(\.eligibleAmount))
            #expect(earning.capped(to: 100) == earning)
            #expect(earning.capped(to: -5).points == 0)
        }
    }
}
