import EncoreCore
import Testing

@testable import EncoreLoyalty

extension LoyaltyProgramTests {
    @Suite struct RedemptionRulesTests {
        let reward = Reward(
            key: "five-off", name: "5.00 off", kind: .fixedDiscount(amount: 500), cost: 500, stock: 10,
            perCustomerLimit: 2, fulfilment: .codePool)

        @Test func aRedemptionThatMayGoAhead() throws {
            try RedemptionRules.check(reward: reward, spendablePoints: 500, redeemedByCustomer: 1, stockLeft: 1)
            let unlimited = Reward(key: "ship", name: "Ship", kind: .freeShipping, cost: 300, fulfilment: .webhook)
            try RedemptionRules.check(
                reward: unlimited, spendablePoints: 10_000, redeemedByCustomer: 99, stockLeft: nil)
        }

        @Test func notEnoughPoints() {
            #expect(throws: RedemptionError.insufficientPoints(needed: 500, available: 320)) {
                try RedemptionRules.check(reward: reward, spendablePoints: 320, redeemedByCustomer: 0, stockLeft: 5)
            }
            #expect(
                RedemptionError.insufficientPoints(needed: 500, available: 320).description
                    == "This reward costs 500 points and you have 320: 180 more needed.")
            #expect(
                RedemptionError.insufficientPoints(needed: 500, available: -40).description
                    == "This reward costs 500 points and you have 0: 500 more needed.")
        }

        @Test func outOfStockComesFirst() {
            #expect(throws: RedemptionError.outOfStock) {
                try RedemptionRules.check(reward: reward, spendablePoints: 0, redeemedByCustomer: 5, stockLeft: 0)
            }
            #expect(throws: RedemptionError.outOfStock) {
                try RedemptionRules.check(reward: reward, spendablePoints: 900, redeemedByCustomer: 0, stockLeft: -1)
            }
            #expect(RedemptionError.outOfStock.description == "This reward is out of stock.")
        }

        @Test func perCustomerLimit() {
            #expect(throws: RedemptionError.limitReached(limit: 2)) {
                try RedemptionRules.check(reward: reward, spendablePoints: 100, redeemedByCustomer: 2, stockLeft: 3)
            }
            #expect(
                RedemptionError.limitReached(limit: 2).description
                    == "You have already redeemed this reward 2 times, the most allowed.")
            #expect(
                RedemptionError.limitReached(limit: 1).description
                    == "You have already redeemed this reward once, the most allowed.")
        }
    }
}
