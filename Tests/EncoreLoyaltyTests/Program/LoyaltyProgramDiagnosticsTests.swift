import EncoreCore
import Testing

@testable import EncoreLoyalty

extension LoyaltyProgramTests {
    @Suite struct LoyaltyProgramDiagnosticsTests {
        typealias F = ProgramFixtures

        @Test func unknownKeysAreReportedAtTheirLinesEverywhere() {
            let yaml = """
                currency: USD
                colour: blue
                earning:
                  purchase:
                    points_per_unit: 1
                    point_per_unit: 2
                  actions:
                    signup: {points: 5}
                    review: {points: 5, max: 3}
                tiers:
                  levels:
                    - {key: a, name: A, threshold: 0, multiplier: 1, colour: red}
                rewards:
                  - {key: r, name: R, kind: free_shipping, cost: 5, price: 3}
                expiry:
                  days: 3
                """
            let found = F.diagnostics(yaml)
            #expect(found.map(\.line) == [2, 6, 8, 9, 12, 14, 16])
            #expect(
                found[0].description
                    == "loyalty.yaml:2: unknown key 'colour' in the program (expected currency, earning, tiers, rewards, expiry, reversal_policy)"
            )
            #expect(found[1].message.hasPrefix("unknown key 'point_per_unit' in earning.purchase"))
            #expect(
                found[2].message
                    == "unknown key 'signup' in earning.actions (expected sign_up, review, nps_answer, referral, birthday)"
            )
            #expect(found[3].message.hasPrefix("unknown key 'max' in earning.actions.review"))
            #expect(found[4].message.hasPrefix("unknown key 'colour' in tiers.levels[0]"))
            #expect(found[5].message.hasPrefix("unknown key 'price' in rewards[0]"))
            #expect(found[6].message.hasPrefix("unknown key 'days' in expiry"))
        }

        @Test("aliases are refused before parsing; CRLF files name the right lines")
        func aliasesAndLineBreaks() {
            var laughs = "currency: USD\nx0: &x0 [1, 1]\n"
            for level in 1...40 { laughs += "x\(level): &x\(level) [*x\(level - 1), *x\(level - 1)]\n" }
            laughs += "? *x40\n: 1\n"
            #expect(
                F.diagnostics(laughs) == [
                    LoyaltyDiagnostic(
                        path: "loyalty.yaml", line: 3,
                        message: "YAML anchors and aliases ('&x0', '*x0') are not supported: write the value out")
                ])
            let crlf = F.diagnostics("currency: USD\r\nexpiry:\r\n  days: 3\r\n")
            #expect(crlf.first?.line == 3, "\(crlf)")
        }

        @Test func yamlSyntaxErrorsAndEmptyFiles() {
            let broken = F.diagnostics("currency: USD\nearning:\n  purchase: [1, 2\n")
            #expect(broken.count == 1)
            #expect(broken.first?.message.hasPrefix("invalid YAML:") == true)
            #expect((1...4).contains(broken.first?.line ?? 0))
            #expect(
                F.diagnostics("") == [
                    LoyaltyDiagnostic(
                        path: "loyalty.yaml", line: 1,
                        message: "the file is empty: a loyalty program needs at least a currency")
                ])
            #expect(F.diagnostics("currency: USD\ncurrency: EUR\n").first?.message.contains("duplicate key") == true)
            #expect(F.diagnostics("- a\n- b\n").first?.message.hasPrefix("the program must be a mapping") == true)
        }

        @Test func currencyProblems() {
            #expect(
                F.diagnostics("earning: {}\n").map(\.description) == [
                    "loyalty.yaml:1: missing key 'currency' in the program"
                ])
            #expect(
                F.diagnostics("currency: XYZ\n").map(\.description) == [
                    "loyalty.yaml:1: currency must be an ISO 4217 code such as USD, not 'XYZ'"
                ])
            #expect(
                F.diagnostics("\ncurrency: EUR\n", storeCurrency: .usd).map(\.description) == [
                    "loyalty.yaml:2: currency EUR differs from the store's currency USD"
                ])
            #expect(F.diagnostics("currency:\n").map(\.message) == ["'currency' in the program needs a value"])
        }

        @Test func purchaseRuleValues() {
            let yaml = """
                currency: JPY
                earning:
                  purchase:
                    points_per_unit: 0
                    unit: "0"
                    minimum_order: "5.5"
                    exclude_categories: gifts
                    exclude_skus: ["", ok]
                    pending_until_return_window_closes: maybe
                """
            let found = F.diagnostics(yaml)
            #expect(found.map(\.line) == [4, 5, 6, 7, 8, 9])
            #expect(
                found[0].message
                    == "earning.purchase: points_per_unit must be a whole number from 1 to 1000000, not '0'")
            #expect(found[1].message == "earning.purchase: unit must be more than 0, not '0'")
            #expect(
                found[2].message
                    == "earning.purchase: minimum_order '5.5' has more than 0 decimal places for its currency")
            #expect(found[3].message == "earning.purchase: exclude_categories must be a list, e.g. [a, b]")
            #expect(found[4].message == "earning.purchase: each item of exclude_skus must be a non-empty word")
            #expect(
                found[5].message
                    == "earning.purchase: pending_until_return_window_closes must be true or false, not 'maybe'")
            // A missing key is reported where its mapping begins.
            #expect(
                F.diagnostics("currency: USD\nearning:\n  purchase:\n    unit: \"1.00\"\n").map(\.description) == [
                    "loyalty.yaml:4: missing key 'points_per_unit' in earning.purchase"
                ])
            #expect(
                F.diagnostics(
                    "currency: USD\nearning:\n  purchase:\n    points_per_unit: 1\n    minimum_order: \"-1\"\n"
                )
                .map(\.message) == ["earning.purchase: minimum_order '-1' must not be negative"])
        }

        @Test func actionsAndCaps() {
            let yaml = """
                currency: USD
                earning:
                  actions:
                    sign_up:
                    review:
                      points: -5
                    referral:
                      points: 10
                      caps:
                        - period: fortnight
                          count: 1
                        - period: day
                        - period: month
                          points: 0
                          count: 2
                        - period: month
                          count: 3
                    birthday:
                      points: 10
                      caps: {period: year}
                """
            let found = F.diagnostics(yaml)
            #expect(found.map(\.line) == [4, 6, 10, 12, 14, 16, 20])
            #expect(found[0].message == "earning.actions: sign_up needs points (leave it out to give none)")
            #expect(
                found[1].message == "earning.actions.review: points must be a whole number from 1 to 1000000, not '-5'")
            #expect(
                found[2].message
                    == "earning.actions.referral.caps[0]: period must be one of day, week, month, year, not 'fortnight'"
            )
            #expect(found[3].message == "earning.actions.referral.caps[1]: a cap needs count, points or both")
            #expect(
                found[4].message
                    == "earning.actions.referral.caps[2]: points must be a whole number from 1 to 1000000000, not '0'")
            #expect(found[5].message == "earning.actions.referral.caps: a second month cap (the first is at line 13)")
            #expect(found[6].message == "earning.actions.birthday.caps must be a list")
        }

        @Test func problemsComeInLineOrderAndTheErrorPrintsThemAll() {
            let yaml = "reversal_policy: x\nexpiry:\n  lot_days: abc\ncolour: red\n"
            do {
                _ = try LoyaltyProgramLoader.load(text: yaml, path: "shop/loyalty.yaml")
                Issue.record("expected the file to be rejected")
            } catch {
                #expect(error.diagnostics.map(\.line) == [1, 1, 3, 4])
                #expect(error.description.split(separator: "\n").count == 4)
                #expect(error.description.hasPrefix("shop/loyalty.yaml:1: "))
            }
        }
    }
}
