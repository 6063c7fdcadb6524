import EncoreCore
import Testing

@testable import EncoreLoyalty

extension LoyaltyProgramTests {
    @Suite struct TierEvaluatorTests {
        typealias F = ProgramFixtures
        /// Bronze 0, silver 500.00, gold 1500.00 by 12-month spend.
        static func policy(_ downgrade: DowngradePolicy) -> TierPolicy {
            var policy = LoyaltyProgram.defaults.tiers!
            policy.downgrade = downgrade
            return policy
        }

        func spent(_ amount: Int64, _ iso: String) -> QualifyingActivity {
            QualifyingActivity(at: F.utc(iso), amount: amount)
        }

        func evaluate(
            _ downgrade: DowngradePolicy, _ history: [QualifyingActivity], now: String, current: CurrentTier?,
            floor: String? = nil
        ) throws -> TierEvaluation {
            try #require(
                TierEvaluator.evaluate(
                    policy: Self.policy(downgrade), history: history, now: F.utc(now), current: current, floor: floor))
        }

        @Test func aNewCustomerStartsAtTheBottomWithProgress() throws {
            let none = try evaluate(.anniversary, [], now: "2025-03-01T00:00:00Z", current: nil)
            #expect(none.tier.key == "bronze" && none.change == .unchanged)
            #expect(none.reachedAt == F.utc("2025-03-01T00:00:00Z"))
            #expect(none.progress == TierProgress(nextKey: "silver", remaining: 50_000, perMille: 0))
            let some = try evaluate(
                .anniversary, [spent(30_000, "2025-02-01T00:00:00Z")], now: "2025-03-01T00:00:00Z", current: nil)
            #expect(some.progress == TierProgress(nextKey: "silver", remaining: 20_000, perMille: 600))
            let high = try evaluate(
                .anniversary, [spent(70_000, "2025-02-01T00:00:00Z")], now: "2025-03-01T00:00:00Z", current: nil)
            #expect(high.tier.key == "silver" && high.change == .up(from: nil))
            #expect(high.progress == TierProgress(nextKey: "gold", remaining: 80_000, perMille: 466))
        }

        @Test func upgradesHappenAtOnceUnderEveryPolicy() throws {
            let current = CurrentTier(key: "bronze", reachedAt: F.utc("2024-01-01T00:00:00Z"))
            for policy in DowngradePolicy.allCases {
                let result = try evaluate(
                    policy, [spent(60_000, "2025-02-01T00:00:00Z"), spent(100_000, "2025-02-20T00:00:00Z")],
                    now: "2025-03-01T00:00:00Z", current: current)
                #expect(result.tier.key == "gold" && result.change == .up(from: "bronze"))
                #expect(result.reachedAt == F.utc("2025-03-01T00:00:00Z"))
                #expect(result.qualifying == 160_000 && result.progress == nil)
            }
        }

        @Test func theWindowIsTwelveCalendarMonthsInclusive() throws {
            let history = [spent(50_000, "2024-03-01T00:00:00Z"), spent(50_000, "2024-02-29T23:59:59Z")]
            let result = try evaluate(.rolling, history, now: "2025-03-01T00:00:00Z", current: nil)
            #expect(result.qualifying == 50_000 && result.tier.key == "silver")
            let future = [spent(90_000, "2025-03-02T00:00:00Z")]
            #expect(try evaluate(.rolling, future, now: "2025-03-01T00:00:00Z", current: nil).qualifying == 0)
        }

        @Test func rollingDropsAsSoonAsTheWindowFallsShort() throws {
            let gold = CurrentTier(key: "gold", reachedAt: F.utc("2024-06-01T00:00:00Z"))
            let result = try evaluate(
                .rolling, [spent(60_000, "2024-12-01T00:00:00Z")], now: "2025-03-01T00:00:00Z", current: gold)
            #expect(result.tier.key == "silver" && result.change == .down(from: "gold"))
            #expect(result.reachedAt == F.utc("2025-03-01T00:00:00Z"))
            let kept = try evaluate(
                .rolling, [spent(160_000, "2024-12-01T00:00:00Z")], now: "2025-03-01T00:00:00Z", current: gold)
            #expect(kept.change == .unchanged && kept.reachedAt == gold.reachedAt)
        }

        @Test func neverKeepsTheHighestTier() throws {
            let gold = CurrentTier(key: "gold", reachedAt: F.utc("2020-06-01T00:00:00Z"))
            let result = try evaluate(.never, [], now: "2025-03-01T00:00:00Z", current: gold)
            #expect(result.tier.key == "gold" && result.change == .unchanged && result.reachedAt == gold.reachedAt)
            #expect(result.qualifying == 0 && result.progress == nil)
        }

        @Test func anniversaryKeepsTheTierUntilItsReview() throws {
            let gold = CurrentTier(key: "gold", reachedAt: F.utc("2024-03-15T10:00:00Z"))
            let withinYear = try evaluate(.anniversary, [], now: "2025-03-15T09:59:59Z", current: gold)
            #expect(withinYear.tier.key == "gold" && withinYear.change == .unchanged)
            // At the review the year qualified for gold: kept, and the anniversary date stays.
            let qualified = [spent(160_000, "2024-06-01T00:00:00Z")]
            let kept = try evaluate(.anniversary, qualified, now: "2025-04-01T00:00:00Z", current: gold)
            #expect(kept.tier.key == "gold" && kept.change == .unchanged && kept.reachedAt == gold.reachedAt)
        }

        @Test func anniversaryDropsToWhatQualifiedAtTheReview() throws {
            let gold = CurrentTier(key: "gold", reachedAt: F.utc("2024-03-15T10:00:00Z"))
            let history = [spent(60_000, "2024-06-01T00:00:00Z")]
            let dropped = try evaluate(.anniversary, history, now: "2025-04-01T00:00:00Z", current: gold)
            #expect(dropped.tier.key == "silver" && dropped.change == .down(from: "gold"))
            #expect(dropped.reachedAt == F.utc("2025-03-15T10:00:00Z"))
            // Evaluating again later that year changes nothing: silver's first review is a year on.
            let again = try evaluate(
                .anniversary, history, now: "2025-09-01T00:00:00Z",
                current: CurrentTier(key: "silver", reachedAt: dropped.reachedAt))
            #expect(again.tier.key == "silver" && again.change == .unchanged && again.reachedAt == dropped.reachedAt)
            // Years without an evaluation: the latest anniversary is the review.
            let old = CurrentTier(key: "gold", reachedAt: F.utc("2021-03-15T10:00:00Z"))
            let late = try evaluate(.anniversary, history, now: "2025-04-01T00:00:00Z", current: old)
            #expect(late.tier.key == "silver" && late.reachedAt == F.utc("2025-03-15T10:00:00Z"))
        }

        @Test func anniversaryOfALeapDay() {
            #expect(
                TierEvaluator.lastAnniversary(
                    of: F.utc("2024-02-29T12:00:00Z"), atOrBefore: F.utc("2025-03-01T00:00:00Z"))
                    == F.utc("2025-02-28T12:00:00Z"))
            #expect(
                TierEvaluator.lastAnniversary(
                    of: F.utc("2024-02-29T12:00:00Z"), atOrBefore: F.utc("2025-02-28T11:00:00Z"))
                    == nil)
        }

        @Test func theManualFloorIsNeverGoneBelow() throws {
            let silver = CurrentTier(key: "silver", reachedAt: F.utc("2024-06-01T00:00:00Z"))
            let raised = try evaluate(.rolling, [], now: "2025-03-01T00:00:00Z", current: silver, floor: "gold")
            #expect(raised.tier.key == "gold" && raised.change == .up(from: "silver"))
            #expect(raised.reachedAt == F.utc("2025-03-01T00:00:00Z"))
            let held = try evaluate(.rolling, [], now: "2025-03-01T00:00:00Z", current: silver, floor: "silver")
            #expect(held.tier.key == "silver" && held.change == .unchanged && held.reachedAt == silver.reachedAt)
            let above = try evaluate(
                .rolling, [spent(200_000, "2025-01-01T00:00:00Z")], now: "2025-03-01T00:00:00Z", current: silver,
                floor: "silver")
            #expect(above.tier.key == "gold")
            let unknown = try evaluate(.rolling, [], now: "2025-03-01T00:00:00Z", current: silver, floor: "diamond")
            #expect(unknown.tier.key == "bronze" && unknown.change == .down(from: "silver"))
        }

        @Test func unknownStoredTiersAndEmptyLadders() throws {
            let gone = CurrentTier(key: "platinum", reachedAt: F.utc("2024-01-01T00:00:00Z"))
            let result = try evaluate(
                .never, [spent(60_000, "2025-01-01T00:00:00Z")], now: "2025-03-01T00:00:00Z", current: gone)
            #expect(result.tier.key == "silver" && result.change == .up(from: nil))
            let empty = TierPolicy(basis: .spend, downgrade: .never, tiers: [])
            #expect(
                TierEvaluator.evaluate(policy: empty, history: [], now: F.utc("2025-01-01T00:00:00Z"), current: nil)
                    == nil)
        }

        @Test func pointsBasisAndRefundsInTheHistory() throws {
            let policy = TierPolicy(
                basis: .points, windowMonths: 6, downgrade: .rolling,
                tiers: [
                    Tier(key: "member", name: "Member", threshold: 0, multiplier: .one),
                    Tier(key: "vip", name: "VIP", threshold: 1000, multiplier: Multiplier(perMille: 1200)),
                ])
            let history = [
                QualifyingActivity(at: F.utc("2025-01-10T00:00:00Z"), amount: 1200),
                QualifyingActivity(at: F.utc("2025-02-10T00:00:00Z"), amount: -300),
                QualifyingActivity(at: F.utc("2024-08-01T00:00:00Z"), amount: 5000),
            ]
            let result = try #require(
                TierEvaluator.evaluate(
                    policy: policy, history: history, now: F.utc("2025-03-01T00:00:00Z"), current: nil))
            #expect(result.qualifying == 900 && result.tier.key == "member")
            #expect(result.progress == TierProgress(nextKey: "vip", remaining: 100, perMille: 900))
        }
    }
}
