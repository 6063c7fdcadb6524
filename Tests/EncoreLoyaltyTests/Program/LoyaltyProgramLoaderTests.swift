import EncoreCore
import Foundation
import Testing

@testable import EncoreLoyalty

extension LoyaltyProgramTests {
    @Suite struct LoyaltyProgramLoaderTests {
        @Test func defaultsYAMLLoadsToExactlyTheDefaults() throws {
            let program = try LoyaltyProgramLoader.load(text: LoyaltyProgram.defaultsYAML, path: "defaults.yaml")
            #expect(program == LoyaltyProgram.defaults)
            #expect(program.currency == .usd)
            #expect(program.purchase?.pointsPerUnit == 1)
            #expect(program.purchase?.unitAmount == 100)
            #expect(program.purchase?.pendingUntilReturnWindowCloses == true)
            #expect(program.actions.map(\.points) == [50, 25, 10, 200, 100])
            #expect(program.tiers?.tiers.map(\.threshold) == [0, 50_000, 150_000])
            #expect(program.tiers?.tiers.map(\.multiplier.description) == ["1", "1.25", "1.5"])
            #expect(program.reward(key: "five-off")?.kind == .fixedDiscount(amount: 500))
            #expect(program.reward(key: "ten-percent-off")?.kind == .percentageDiscount(percent: 10))
            #expect(program.expiry == ExpiryPolicy(lotDays: 365, warningDays: 30))
            #expect(program.reversalPolicy == .negativeBalance)
        }

        @Test func defaultsInAnotherCurrencyKeepMajorUnits() {
            let yen = LoyaltyProgram.defaults(currency: .jpy)
            #expect(yen.purchase?.unitAmount == 1)
            #expect(yen.tiers?.tiers.map(\.threshold) == [0, 500, 1500])
            #expect(yen.reward(key: "five-off")?.kind == .fixedDiscount(amount: 5))
            #expect(yen.reward(key: "five-off")?.name == "5 off your next order")
            let dinar = LoyaltyProgram.defaults(currency: .kwd)
            #expect(dinar.reward(key: "five-off")?.kind == .fixedDiscount(amount: 5000))
            #expect(dinar.reward(key: "five-off")?.name == "5.000 off your next order")
        }

        @Test func programsSurviveAJSONRoundTrip() throws {
            var program = LoyaltyProgram.defaults(currency: .kwd)
            program.rewards.append(
                Reward(
                    key: "mug", name: "A mug", kind: .freeProduct(sku: "MUG-1"), cost: 800, stock: 20,
                    perCustomerLimit: 1, fulfilment: .codePool))
            program.rewards.append(
                Reward(
                    key: "cafe", name: "Cafe voucher", kind: .partnerVoucher(partnerID: "cafe-co", value: 3000),
                    cost: 600, fulfilment: .codePool))
            program.expiry = ExpiryPolicy(lotDays: nil, inactivityMonths: 18, warningDays: 14)
            program.reversalPolicy = .cappedShortfall
            let data = try JSONEncoder().encode(program)
            #expect(try JSONDecoder().decode(LoyaltyProgram.self, from: data) == program)
            let json = String(decoding: data, as: UTF8.self)
            #expect(json.contains(#""currency":"KWD""#))
            #expect(json.contains(#""multiplier":1250"#))
        }

        @Test func decodingRejectsAnUnknownCurrency() throws {
            let data = try JSONEncoder().encode(LoyaltyProgram.defaults)
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"USD\"", with: "\"XYZ\"")
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode(LoyaltyProgram.self, from: Data(text.utf8))
            }
        }

        @Test func aFullProgramLoadsEveryField() throws {
            let yaml = """
                currency: kwd
                earning:
                  purchase:
                    points_per_unit: 2
                    unit: "0.500"
                    minimum_order: 10.250
                    exclude_categories: [Gift Cards, samples]
                    exclude_skus:
                      - GIFT-50
                    pending_until_return_window_closes: false
                    caps:
                      - period: month
                        points: 5000
                  actions:
                    review:
                      points: 5
                      caps:
                        - {period: day, count: 2}
                        - {period: week, count: 5, points: 20}
                tiers:
                  basis: points
                  window_months: 6
                  downgrade: rolling
                  levels:
                    - {key: member, name: Member, threshold: 0, multiplier: 1}
                    - {key: vip, name: VIP, threshold: 2000, multiplier: 1.333}
                rewards:
                  - key: mug
                    name: A mug
                    kind: free_product
                    sku: MUG-1
                    cost: 800
                    stock: 0
                    per_customer_limit: 1
                  - key: cafe
                    name: Cafe voucher
                    kind: partner_voucher
                    partner: cafe-co
                    value: "3"
                    cost: 600
                    fulfilment: webhook
                expiry:
                  inactivity_months: 18
                  warning_days: 14
                reversal_policy: capped_shortfall
                """
            let program = try LoyaltyProgramLoader.load(text: yaml, path: "p.yaml")
            let purchase = try #require(program.purchase)
            #expect(program.currency == .kwd)
            #expect(purchase.pointsPerUnit == 2 && purchase.unitAmount == 500 && purchase.minimumOrder == 10_250)
            #expect(purchase.excludedCategories == ["Gift Cards", "samples"] && purchase.excludedSKUs == ["GIFT-50"])
            #expect(!purchase.pendingUntilReturnWindowCloses)
            #expect(purchase.caps == [Cap(period: .month, maxPoints: 5000)])
            #expect(
                program.actions == [
                    ActionRule(
                        action: .review, points: 5,
                        caps: [Cap(period: .day, maxCount: 2), Cap(period: .week, maxCount: 5, maxPoints: 20)])
                ])
            #expect(program.rule(for: .signUp) == nil)
            let tiers = try #require(program.tiers)
            #expect(tiers.basis == .points && tiers.windowMonths == 6 && tiers.downgrade == .rolling)
            #expect(tiers.tiers.map(\.threshold) == [0, 2000])
            #expect(program.multiplier(forTier: "vip") == Multiplier(perMille: 1333))
            #expect(program.multiplier(forTier: "nobody") == .one && program.multiplier(forTier: nil) == .one)
            #expect(
                program.rewards == [
                    Reward(
                        key: "mug", name: "A mug", kind: .freeProduct(sku: "MUG-1"), cost: 800, stock: 0,
                        perCustomerLimit: 1, fulfilment: .codePool),
                    Reward(
                        key: "cafe", name: "Cafe voucher", kind: .partnerVoucher(partnerID: "cafe-co", value: 3000),
                        cost: 600, fulfilment: .webhook),
                ])
            #expect(program.expiry == ExpiryPolicy(inactivityMonths: 18, warningDays: 14))
            #expect(program.reversalPolicy == .cappedShortfall)
        }

        @Test func aMinimalProgramGetsTheDefaultsOfTheFormat() throws {
            let program = try LoyaltyProgramLoader.load(
                text: "earning:\n  purchase:\n    points_per_unit: 1\n", path: "p.yaml", storeCurrency: .jpy)
            #expect(program.currency == .jpy)
            #expect(program.purchase == PurchaseRule(pointsPerUnit: 1, unitAmount: 1))
            #expect(program.actions.isEmpty && program.tiers == nil && program.rewards.isEmpty)
            #expect(program.expiry == .never && !program.expiry.expires)
            #expect(program.reversalPolicy == .negativeBalance)
            let tiered = try LoyaltyProgramLoader.load(
                text: "currency: USD\ntiers:\n  levels:\n    - {key: a, name: A, threshold: 0, multiplier: 1}\n",
                path: "p.yaml")
            #expect(
                tiered.tiers
                    == TierPolicy(
                        basis: .spend, windowMonths: 12, downgrade: .anniversary,
                        tiers: [
                            Tier(key: "a", name: "A", threshold: 0, multiplier: .one)
                        ]))
            #expect(tiered.purchase == nil)
        }

        @Test func actionsAreKeptInCanonicalOrder() throws {
            let program = try LoyaltyProgramLoader.load(
                text: """
                    currency: USD
                    earning:
                      actions:
                        birthday: {points: 100}
                        sign_up: {points: 50}
                    """, path: "p.yaml")
            #expect(program.actions.map(\.action) == [.signUp, .birthday])
        }

        @Test func multipliersAreExactDecimals() {
            #expect(Multiplier(parsing: "1.25") == Multiplier(perMille: 1250))
            #expect(Multiplier(parsing: "2") == Multiplier(perMille: 2000))
            #expect(Multiplier(parsing: "1.2345") == nil)
            #expect(Multiplier(parsing: "abc") == nil)
            #expect(Multiplier(perMille: 1500).description == "1.5")
            #expect(Multiplier(perMille: 1333).description == "1.333")
            #expect(Multiplier.one.description == "1")
            #expect(Multiplier(perMille: 1250) > .one)
        }
    }
}
