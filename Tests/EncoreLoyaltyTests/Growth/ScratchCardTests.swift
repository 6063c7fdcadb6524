import EncoreCore
import Testing

@testable import EncoreLoyalty

extension GrowthTests {
    /// Weights: tote 1, mug 3, points 6, no prize 10: total 20. Tickets 0 = tote, 1-3 = mug,
    /// 4-9 = points, 10-19 = no prize.
    @Suite struct ScratchCardTests {
        static let campaign = ScratchCampaign(
            key: "spring",
            prizes: [
                ScratchPrize(key: "tote", label: "Tote bag", weight: 1, cost: 500),
                ScratchPrize(key: "mug", label: "Mug", weight: 3, cost: 200),
                ScratchPrize(key: "points", label: "100 points", weight: 6, cost: 100),
            ],
            noPrizeWeight: 10, budgetUnit: .money(.usd), budget: 10_000)
        let campaign = ScratchCardTests.campaign

        @Test func theSameDigestGivesTheSameOutcome() throws {
            let digest = GrowthTests.digest(seed: 7, card: 1001)
            let first = try campaign.draw(digest: digest, usage: ScratchUsage())
            let again = try campaign.draw(digest: digest, usage: ScratchUsage())
            #expect(first == again)
            #expect(first.roll == digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            #expect(first.ticket == first.roll.multipliedFullWidth(by: 20).high)
            #expect(try campaign.draw(digest: digest[...], usage: ScratchUsage()) == first)
        }

        @Test func theRollMapsToTicketsByMultiplyHigh() throws {
            // 2^64 / 20 = 922337203685477580.8: the first roll of ticket 1 is 922337203685477581.
            let cases: [(UInt64, UInt64, String?)] = [
                (0, 0, "tote"), (922_337_203_685_477_580, 0, "tote"), (922_337_203_685_477_581, 1, "mug"),
                (UInt64.max / 2, 9, "points"), (UInt64.max / 2 + 1, 10, nil), (UInt64.max, 19, nil),
            ]
            for (roll, ticket, key) in cases {
                let outcome = try campaign.draw(digest: GrowthTests.digest(roll: roll), usage: ScratchUsage())
                #expect(outcome.roll == roll)
                #expect(outcome.ticket == ticket)
                #expect(outcome.drawnKey == key)
                #expect(outcome.prize?.key == key)
                #expect(outcome.reason == (key == nil ? .noPrizeDrawn : nil))
                #expect(outcome.isWin == (key != nil))
            }
        }

        @Test func manySeededDrawsFollowTheWeights() throws {
            var tally: [String: Int] = [:]
            let draws = 20_000
            for card in 0..<UInt64(draws) {
                let outcome = try campaign.draw(digest: GrowthTests.digest(seed: 99, card: card), usage: ScratchUsage())
                tally[outcome.prize?.key ?? "none", default: 0] += 1
            }
            let expected = ["tote": 1_000.0, "mug": 3_000.0, "points": 6_000.0, "none": 10_000.0]
            let chiSquare = expected.reduce(0.0) { sum, entry in
                let observed = Double(tally[entry.key] ?? 0)
                return sum + (observed - entry.value) * (observed - entry.value) / entry.value
            }
            // 3 degrees of freedom: 16.27 is the 0.1% critical value.
            #expect(chiSquare < 16.27)
            #expect(tally.values.reduce(0, +) == draws)
        }

        @Test func aPrizeOverTheBudgetLeftBecomesNoPrizeWithTheReason() throws {
            let tote = GrowthTests.digest(roll: 0)
            let mug = GrowthTests.digest(roll: 922_337_203_685_477_581)
            let exact = try campaign.draw(digest: tote, usage: ScratchUsage(budgetSpent: 9_500))
            #expect(exact.prize?.key == "tote")
            #expect(exact.cost == 500)
            let over = try campaign.draw(digest: tote, usage: ScratchUsage(budgetSpent: 9_501))
            #expect(over.prize == nil)
            #expect(over.drawnKey == "tote")
            #expect(over.reason == .budgetExhausted)
            #expect(over.cost == 0)
            // Audit: the same inputs give the same refusal; a cheaper prize still fits.
            #expect(try campaign.draw(digest: tote, usage: ScratchUsage(budgetSpent: 9_501)) == over)
            #expect(try campaign.draw(digest: mug, usage: ScratchUsage(budgetSpent: 9_501)).prize?.key == "mug")
            #expect(ScratchNoPrizeReason.budgetExhausted.code == "budget_exhausted")
        }

        @Test func capsTurnWinsIntoNoPrize() throws {
            var capped = campaign
            capped.caps = ScratchCaps(cardsPerCustomer: 3, prizesPerCustomer: 1, cardsOverall: 100, prizesOverall: 10)
            let tote = GrowthTests.digest(roll: 0)
            let none = GrowthTests.digest(roll: .max)
            let cases: [(ScratchUsage, ScratchNoPrizeReason?)] = [
                (ScratchUsage(cardsIssued: 99, prizesAwarded: 9, customerCards: 2), nil),
                (ScratchUsage(customerCards: 3), .customerCardCap),
                (ScratchUsage(cardsIssued: 100), .campaignCardCap),
                (ScratchUsage(customerPrizes: 1), .customerPrizeCap),
                (ScratchUsage(prizesAwarded: 10), .campaignPrizeCap),
            ]
            for (usage, reason) in cases {
                let outcome = try capped.draw(digest: tote, usage: usage)
                #expect(outcome.reason == reason)
                #expect(outcome.isWin == (reason == nil))
                #expect(outcome.drawnKey == "tote")
            }
            // A card over the card cap reports the cap even when the weights drew no prize.
            #expect(try capped.draw(digest: none, usage: ScratchUsage(customerCards: 3)).reason == .customerCardCap)
            #expect(try capped.draw(digest: none, usage: ScratchUsage(customerPrizes: 1)).reason == .noPrizeDrawn)
        }

        @Test func badDigestsAndInvalidCampaignsAreRefused() {
            #expect(throws: InputError(field: "digest", reason: "must hold at least 8 bytes")) {
                try campaign.draw(digest: [1, 2, 3, 4, 5, 6, 7], usage: ScratchUsage())
            }
            var invalid = campaign
            invalid.prizes[1].weight = 0
            #expect(throws: InputError(field: "prizes[1].weight", reason: "must be greater than 0")) {
                try invalid.draw(digest: GrowthTests.digest(roll: 0), usage: ScratchUsage())
            }
        }

        @Test func everyReasonHasACodeAndASentence() {
            let codes = Set(ScratchNoPrizeReason.allCases.map(\.code))
            #expect(codes.count == ScratchNoPrizeReason.allCases.count)
            #expect(ScratchNoPrizeReason(rawValue: "customer_card_cap") == .customerCardCap)
            #expect(ScratchNoPrizeReason.allCases.allSatisfy { !$0.description.isEmpty && $0.description != $0.code })
        }
    }
}
