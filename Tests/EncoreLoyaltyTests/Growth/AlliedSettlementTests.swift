import EncoreCore
import Testing

@testable import EncoreLoyalty

extension GrowthTests {
    @Suite struct AlliedSettlementTests {
        func reward(_ partner: Int64, _ offer: String, _ unit: AlliedRewardUnit, _ amount: Int64, _ iso: String)
            -> AlliedIssuedReward
        {
            AlliedIssuedReward(
                partnerID: partner, offerKey: offer, unit: unit, amount: amount, at: GrowthTests.instant(iso))
        }

        @Test func totalsPerPartnerAndOfferSorted() {
            let rewards = [
                reward(9, "summer", .money(.usd), 2_500, "2024-04-02T00:00:00Z"),
                reward(2, "zeta", .points, 100, "2024-04-03T00:00:00Z"),
                reward(2, "alpha", .money(.usd), 1_000, "2024-04-04T00:00:00Z"),
                reward(9, "summer", .money(.usd), 2_500, "2024-04-05T00:00:00Z"),
                reward(2, "alpha", .money(.usd), 1_000, "2024-04-30T23:59:59.999Z"),
                reward(2, "alpha", .money(.eur), 700, "2024-04-06T00:00:00Z"),
                reward(2, "alpha", .money(.usd), 1_000, "2024-05-01T00:00:00Z"),  // after the period
                reward(9, "summer", .money(.usd), 2_500, "2024-03-31T23:59:59.999Z"),  // before it
            ]
            let report = AlliedSettlement(
                rewards: rewards, from: GrowthTests.instant("2024-04-01T00:00:00Z"),
                to: GrowthTests.instant("2024-05-01T00:00:00Z"))
            #expect(
                report.offers == [
                    AlliedSettlementLine(partnerID: 2, offerKey: "alpha", unit: .money(.eur), count: 1, amount: 700),
                    AlliedSettlementLine(partnerID: 2, offerKey: "alpha", unit: .money(.usd), count: 2, amount: 2_000),
                    AlliedSettlementLine(partnerID: 2, offerKey: "zeta", unit: .points, count: 1, amount: 100),
                    AlliedSettlementLine(partnerID: 9, offerKey: "summer", unit: .money(.usd), count: 2, amount: 5_000),
                ])
            #expect(
                report.partners == [
                    AlliedSettlementLine(partnerID: 2, offerKey: nil, unit: .points, count: 1, amount: 100),
                    AlliedSettlementLine(partnerID: 2, offerKey: nil, unit: .money(.eur), count: 1, amount: 700),
                    AlliedSettlementLine(partnerID: 2, offerKey: nil, unit: .money(.usd), count: 2, amount: 2_000),
                    AlliedSettlementLine(partnerID: 9, offerKey: nil, unit: .money(.usd), count: 2, amount: 5_000),
                ])
        }

        @Test func anEmptyPeriodHasNoLines() {
            let report = AlliedSettlement(
                rewards: [reward(1, "x", .points, 5, "2024-01-01T00:00:00Z")],
                from: GrowthTests.instant("2024-02-01T00:00:00Z"), to: GrowthTests.instant("2024-03-01T00:00:00Z"))
            #expect(report.offers.isEmpty)
            #expect(report.partners.isEmpty)
        }

        @Test func unitsSortPointsFirstThenByCurrencyCode() {
            #expect(AlliedRewardUnit.points < .money(.eur))
            #expect(AlliedRewardUnit.money(.eur) < .money(.usd))
            #expect(!(AlliedRewardUnit.money(.usd) < .points))
            #expect(AlliedRewardUnit.money(.jpy).description == "JPY")
        }
    }
}
