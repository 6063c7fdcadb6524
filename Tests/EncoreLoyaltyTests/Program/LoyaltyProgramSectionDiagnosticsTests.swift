import EncoreCore
import Testing

@testable import EncoreLoyalty

extension LoyaltyProgramTests {
    @Suite struct LoyaltyProgramSectionDiagnosticsTests {
        typealias F = ProgramFixtures

        @Test func tierProblems() {
            let yaml = """
                currency: USD
                tiers:
                  basis: visits
                  window_months: 0
                  downgrade: sometimes
                  levels:
                    - {key: a, name: A, threshold: 0, multiplier: 1}
                """
            let found = F.diagnostics(yaml)
            #expect(found.map(\.line) == [3, 4, 5])
            #expect(found[0].message == "tiers: basis must be one of spend, points, not 'visits'")
            #expect(found[1].message == "tiers: window_months must be a whole number from 1 to 120, not '0'")
            #expect(found[2].message == "tiers: downgrade must be one of never, anniversary, rolling, not 'sometimes'")
        }

        @Test func tierLevelsMustStartAtZeroIncreaseAndBeUnique() {
            let yaml = """
                currency: USD
                tiers:
                  levels:
                    - key: bronze
                      name: Bronze
                      threshold: "10.00"
                      multiplier: 1
                    - key: silver
                      name: Silver
                      threshold: "500.00"
                      multiplier: 0.9
                    - key: silver
                      name: Gold
                      threshold: "500.00"
                      multiplier: 1.2345
                    - key: Platinum!
                      name: ""
                      threshold: "400"
                      multiplier: 2
                """
            let found = F.diagnostics(yaml)
            #expect(found.map(\.line) == [6, 11, 12, 14, 15, 16, 17, 18])
            #expect(
                found[0].message
                    == "tiers.levels[0]: the first tier's threshold must be 0, so that every customer has a tier, not '10.00'"
            )
            #expect(
                found[1].message
                    == "tiers.levels[1]: multiplier must be a number from 1 to 100 with at most 3 decimals, not '0.9'")
            #expect(found[2].message == "tiers.levels[2]: duplicate tier key 'silver' (first at line 8)")
            #expect(
                found[3].message == "tiers.levels[2]: threshold '500.00' must be above the previous tier's '500.00'")
            #expect(
                found[4].message
                    == "tiers.levels[2]: multiplier must be a number from 1 to 100 with at most 3 decimals, not '1.2345'"
            )
            #expect(found[5].message == "tiers.levels[3]: key 'Platinum!' must be 1 to 64 of a-z, 0-9, '-' and '_'")
            #expect(found[6].message == "tiers.levels[3]: name must be one line of 1 to 200 characters")
            #expect(found[7].message == "tiers.levels[3]: threshold '400' must be above the previous tier's '500.00'")
        }

        @Test func pointThresholdsAreWholeNumbersAndLevelsAreRequired() {
            let points =
                "currency: USD\ntiers:\n  basis: points\n  levels:\n    - {key: a, name: A, threshold: \"0.5\", multiplier: 1}\n"
            #expect(
                F.diagnostics(points).map(\.description) == [
                    "loyalty.yaml:5: tiers.levels[0]: threshold must be a whole number from 0 to 1000000000000, not '0.5'"
                ])
            #expect(
                F.diagnostics("currency: USD\ntiers:\n  basis: spend\n").map(\.description) == [
                    "loyalty.yaml:3: missing key 'levels' in tiers"
                ])
            #expect(
                F.diagnostics("currency: USD\ntiers:\n  levels: []\n").map(\.description) == [
                    "loyalty.yaml:3: tiers.levels needs at least one tier"
                ])
            #expect(
                F.diagnostics("currency: USD\ntiers:\n  levels:\n    - {key: a}\n").map(\.message) == [
                    "missing key 'name' in tiers.levels[0]", "missing key 'threshold' in tiers.levels[0]",
                    "missing key 'multiplier' in tiers.levels[0]",
                ])
        }

        @Test func rewardProblems() {
            let yaml = """
                currency: USD
                rewards:
                  - key: five-off
                    name: Five off
                    kind: fixed_discount
                    percent: 10
                    cost: 0
                  - key: five-off
                    name: Ten percent
                    kind: percentage_discount
                    percent: 101
                    cost: 100
                    stock: -1
                    per_customer_limit: 0
                    fulfilment: email
                  - key: mug
                    name: Mug
                    kind: mug
                    cost: 10
                  - key: cafe
                    name: Cafe
                    kind: partner_voucher
                    partner: Cafe Co
                    value: "0.00"
                    sku: X
                    cost: 10
                """
            let found = F.diagnostics(yaml)
            #expect(found.map(\.line) == [3, 6, 7, 8, 11, 13, 14, 15, 18, 23, 24, 25])
            #expect(found[0].message == "rewards[0]: a fixed_discount reward needs 'amount'")
            #expect(found[1].message == "rewards[0]: 'percent' does not apply to a fixed_discount reward")
            #expect(found[2].message == "rewards[0]: cost must be a whole number from 1 to 1000000000, not '0'")
            #expect(found[3].message == "rewards[1]: duplicate reward key 'five-off' (first at line 3)")
            #expect(found[4].message == "rewards[1]: percent must be a whole number from 1 to 100, not '101'")
            #expect(found[5].message == "rewards[1]: stock must be a whole number from 0 to 1000000000, not '-1'")
            #expect(
                found[6].message == "rewards[1]: per_customer_limit must be a whole number from 1 to 1000000, not '0'")
            #expect(found[7].message == "rewards[1]: fulfilment must be one of code_pool, webhook, not 'email'")
            #expect(found[8].message.hasPrefix("rewards[2]: kind must be one of fixed_discount, percentage_discount,"))
            #expect(found[9].message == "rewards[3]: partner 'Cafe Co' must be 1 to 64 of a-z, 0-9, '-' and '_'")
            #expect(found[10].message == "rewards[3]: value must be more than 0, not '0.00'")
            #expect(found[11].message == "rewards[3]: 'sku' does not apply to a partner_voucher reward")
            #expect(
                F.diagnostics("currency: USD\nrewards: free\n").map(\.description) == [
                    "loyalty.yaml:2: rewards must be a list"
                ])
        }

        @Test func expiryAndReversalProblems() {
            let yaml = """
                currency: USD
                expiry:
                  lot_days: 30
                  inactivity_months: 0
                  warning_days: 30
                reversal_policy: forgive
                """
            let found = F.diagnostics(yaml)
            #expect(
                found.map(\.description) == [
                    "loyalty.yaml:4: expiry: inactivity_months must be a whole number from 1 to 1200, not '0'",
                    "loyalty.yaml:5: expiry: warning_days (30) must be less than lot_days (30)",
                    "loyalty.yaml:6: reversal_policy must be one of negative_balance, capped_shortfall, not 'forgive'",
                ])
            #expect(F.lines("currency: USD\nexpiry:\n  lot_days: 0\n") == [3])
            #expect(F.lines("currency: USD\nexpiry: 365\n") == [2])
        }
    }
}
