import EncoreCore
import Foundation
import Testing

@testable import EncoreLoyalty

extension LoyaltyProgramTests {
    @Suite struct ExpiryAndReversalPolicyTests {
        typealias F = ProgramFixtures

        @Test func lotsExpireAfterTheirDays() {
            let policy = ExpiryPolicy(lotDays: 365)
            #expect(policy.expires && policy.warningDays == 30)
            #expect(policy.lotExpiresAt(earnedAt: F.utc("2024-03-01T10:00:00Z")) == F.utc("2025-03-01T10:00:00Z"))
            #expect(policy.lotExpiresAt(earnedAt: F.utc("2025-03-01T10:00:00Z")) == F.utc("2026-03-01T10:00:00Z"))
            #expect(policy.inactivityExpiresAt(lastPurchaseAt: F.utc("2025-01-01T00:00:00Z")) == nil)
            #expect(policy.warningAt(expiresAt: F.utc("2025-03-01T10:00:00Z")) == F.utc("2025-01-30T10:00:00Z"))
        }

        @Test func theBalanceExpiresAfterMonthsWithoutAPurchase() {
            let policy = ExpiryPolicy(inactivityMonths: 18, warningDays: 14)
            #expect(policy.lotExpiresAt(earnedAt: F.utc("2025-01-01T00:00:00Z")) == nil)
            #expect(
                policy.inactivityExpiresAt(lastPurchaseAt: F.utc("2024-08-31T15:30:00Z"))
                    == F.utc("2026-02-28T15:30:00Z"))
            #expect(
                policy.inactivityExpiresAt(lastPurchaseAt: F.utc("2024-01-15T00:00:00Z"))
                    == F.utc("2025-07-15T00:00:00Z"))
            #expect(policy.warningAt(expiresAt: F.utc("2025-07-15T00:00:00Z")) == F.utc("2025-07-01T00:00:00Z"))
        }

        @Test func theEarlierExpiryWins() {
            let both = ExpiryPolicy(lotDays: 365, inactivityMonths: 6)
            let earned = F.utc("2025-01-01T00:00:00Z")
            #expect(
                both.expiresAt(lotEarnedAt: earned, lastPurchaseAt: F.utc("2025-02-01T00:00:00Z"))
                    == F.utc("2025-08-01T00:00:00Z"))
            #expect(
                both.expiresAt(lotEarnedAt: earned, lastPurchaseAt: F.utc("2025-12-01T00:00:00Z"))
                    == F.utc("2026-01-01T00:00:00Z"))
            #expect(both.expiresAt(lotEarnedAt: earned, lastPurchaseAt: nil) == F.utc("2026-01-01T00:00:00Z"))
            let idle = ExpiryPolicy(inactivityMonths: 6)
            #expect(idle.expiresAt(lotEarnedAt: earned, lastPurchaseAt: nil) == nil)
            #expect(ExpiryPolicy.never.expiresAt(lotEarnedAt: earned, lastPurchaseAt: earned) == nil)
            #expect(!ExpiryPolicy.never.expires)
        }

        @Test func purchasePointsWaitForTheReturnWindow() {
            let earned = F.utc("2025-03-01T00:00:00Z")
            let closes = F.utc("2025-04-10T00:00:00Z")
            let held = PurchaseRule(pointsPerUnit: 1, unitAmount: 100)
            #expect(held.availableAt(earnedAt: earned, returnWindowClosesAt: closes) == closes)
            #expect(held.availableAt(earnedAt: earned, returnWindowClosesAt: nil) == nil)
            #expect(held.availableAt(earnedAt: earned, returnWindowClosesAt: F.utc("2025-02-01T00:00:00Z")) == earned)
            let immediate = PurchaseRule(pointsPerUnit: 1, unitAmount: 100, pendingUntilReturnWindowCloses: false)
            #expect(immediate.availableAt(earnedAt: earned, returnWindowClosesAt: closes) == earned)
        }

        @Test func reversalPolicyIsReadFromTheProgram() throws {
            #expect(RefundShortfallPolicy(rawValue: "capped_shortfall") == .cappedShortfall)
            #expect(RefundShortfallPolicy.negativeBalance.rawValue == "negative_balance")
            let data = try JSONEncoder().encode(LoyaltyProgram.defaults)
            #expect(try JSONDecoder().decode(LoyaltyProgram.self, from: data).reversalPolicy == LoyaltyProgram.defaults.reversalPolicy)
        }
    }
}
