import EncoreCore
import Testing

@testable import EncoreLoyalty

extension GrowthTests {
    @Suite struct ScratchCampaignRulesTests {
        let campaign = ScratchCardTests.campaign

        @Test func oddsAreExactFromTheWeights() {
            let odds = campaign.odds
            // tote 1/20, mug 3/20, points 6/20 = 3/10, any prize 10/20 = 1/2.
            #expect(odds.prizes.map(\.oneIn) == ["1 in 20", "1 in 6.67", "1 in 3.33"])
            #expect(odds.prizes.map(\.percentage) == ["5%", "15%", "30%"])
            #expect(odds.prizes[2].fraction == (3, 10))
            #expect(odds.anyPrize.fraction == (1, 2))
            #expect(odds.anyPrize.line == "Any prize: 1 in 2 (50%)")
            #expect(
                odds.lines.prefix(4) == [
                    "Tote bag: 1 in 20 (5%)", "Mug: 1 in 6.67 (15%)", "100 points: 1 in 3.33 (30%)",
                    "Any prize: 1 in 2 (50%)",
                ])
            #expect(odds.lines.count == 5)
            #expect(odds.lines[4].contains("budget"))
        }

        @Test func oddsTextRoundsHalfUpAndMarksExtremes() {
            func odds(_ weight: UInt64, _ total: UInt64) -> ScratchPrizeOdds {
                ScratchPrizeOdds(key: "k", label: "L", weight: weight, totalWeight: total)
            }
            #expect(odds(1, 7).percentage == "14.29%")  // 14.2857...
            #expect(odds(1, 7).oneIn == "1 in 7")
            #expect(odds(2, 3).percentage == "66.67%")
            #expect(odds(2, 3).oneIn == "1 in 1.5")
            #expect(odds(1, 8).percentage == "12.5%")
            #expect(odds(1, 200).percentage == "0.5%")
            #expect(odds(3, 400).oneIn == "1 in 133.33")
            #expect(odds(1, 1_000_000).percentage == "<0.01%")
            #expect(odds(1, 1_000_000).oneIn == "1 in 1000000")
            #expect(odds(999_999, 1_000_000).percentage == ">99.99%")
            #expect(odds(5, 5).percentage == "100%")
            #expect(odds(0, 5).percentage == "0%")
            #expect(odds(0, 5).oneIn == "never")
            #expect(odds(UInt64(Int64.max), UInt64(Int64.max)).oneIn == "1 in 1")
        }

        @Test func aValidCampaignHasNoErrors() {
            #expect(campaign.validate().isEmpty)
            #expect(campaign.totalWeight == 20)
            #expect(campaign.prizeWeight == 10)
        }

        @Test func validationNamesEachBadField() {
            let bad = ScratchCampaign(
                key: " ",
                prizes: [
                    ScratchPrize(key: "a", label: "A", weight: 0, cost: -1),
                    ScratchPrize(key: "a", label: "", weight: -2, cost: 600),
                    ScratchPrize(key: "", label: "C", weight: 1, cost: 0),
                ],
                noPrizeWeight: -1, budgetUnit: .points, budget: 500,
                caps: ScratchCaps(cardsPerCustomer: 0, prizesOverall: -5))
            let fields = bad.validate().map(\.field)
            #expect(
                fields == [
                    "key", "prizes[0].weight", "prizes[0].cost", "prizes[1].key", "prizes[1].label", "prizes[1].weight",
                    "prizes[1].cost", "prizes[2].key", "noPrizeWeight", "caps.cardsPerCustomer", "caps.prizesOverall",
                ])
            #expect(bad.validate()[3].reason == "'a' is used by an earlier prize")
            #expect(bad.validate()[6].reason == "is more than the whole budget, so it could never be won")
        }

        @Test func emptyPrizesNegativeBudgetAndOverflowingWeightsAreErrors() {
            var empty = campaign
            empty.prizes = []
            #expect(empty.validate().map(\.field) == ["prizes"])
            var broke = campaign
            broke.budget = -1
            #expect(broke.validate().map(\.field) == ["budget"])
            var heavy = campaign
            heavy.prizes[0].weight = .max
            heavy.prizes[1].weight = .max
            #expect(
                heavy.validate() == [
                    InputError(field: "prizes", reason: "the weights add up to more than \(Int64.max)")
                ])
            #expect(heavy.totalWeight > UInt64(Int64.max))
            #expect(ScratchBudgetUnit.money(.eur).description == "EUR")
            #expect(ScratchCaps().isLimited == false)
            #expect(ScratchCaps(prizesOverall: 3).isLimited)
        }
    }
}
