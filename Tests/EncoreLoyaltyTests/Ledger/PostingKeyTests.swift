import EncoreCore
import EncoreLoyalty
import Testing

extension LedgerTests {
    @Suite struct PostingKeyTests {
        @Test func textJoinsTheFourParts() throws {
            let key = try PostingKey(store: 7, source: "order", sourceID: "1001", ruleVersion: 3)
            #expect(key.text == "7|order|1001|v3")
            #expect(key.description == key.text)
            #expect(key.postingKey(1) == "7|order|1001|v3#1")
            #expect(key.postingKey(12) == "7|order|1001|v3#12")
        }

        @Test func sameInputsGiveTheSameKey() throws {
            let first = try PostingKey(store: 1, source: "refund", sourceID: "r-9", ruleVersion: 2)
            let second = try PostingKey(store: 1, source: "refund", sourceID: "r-9", ruleVersion: 2)
            #expect(first == second)
            #expect(first.text == second.text)
            #expect(try PostingKey(store: 1, source: "refund", sourceID: "r-9", ruleVersion: 3).text != first.text)
            #expect(try PostingKey(store: 2, source: "refund", sourceID: "r-9", ruleVersion: 2).text != first.text)
        }

        @Test func separatorsInPartsAreEscaped() throws {
            let key = try PostingKey(store: 7, source: "a|b", sourceID: "c\\d#e", ruleVersion: 0)
            #expect(key.text == "7|a\\|b|c\\\\d\\#e|v0")
            #expect(PostingKey(text: key.text) == key)
        }

        @Test func partsThatWouldCollideWithoutEscapingStayDistinct() throws {
            let pairs: [((String, String), (String, String))] = [
                (("a|b", "c"), ("a", "b|c")),
                (("a\\", "b"), ("a", "\\b")),
                (("a\\|b", "c"), ("a\\", "b|c")),
                (("x#1", "y"), ("x", "#1y")),
                (("a", "b|v1"), ("a|b", "v1")),
            ]
            for ((source1, id1), (source2, id2)) in pairs {
                let first = try PostingKey(store: 1, source: source1, sourceID: id1, ruleVersion: 1)
                let second = try PostingKey(store: 1, source: source2, sourceID: id2, ruleVersion: 1)
                #expect(first.text != second.text, "\(first.text)")
                #expect(first.postingKey(1) != second.postingKey(1))
                #expect(PostingKey(text: first.text) == first)
                #expect(PostingKey(text: second.text) == second)
            }
        }

        @Test func combiningMarksCannotHideASeparator() throws {
            // "|" followed by a combining accent is one Character but two scalars: still escaped.
            let key = try PostingKey(store: 1, source: "a", sourceID: "|\u{301}x", ruleVersion: 1)
            #expect(key.text.unicodeScalars.map(\.value).contains(0x5C))
            #expect(PostingKey(text: key.text) == key)
            let other = try PostingKey(store: 1, source: "a|", sourceID: "\u{301}x", ruleVersion: 1)
            #expect(other.text != key.text)
        }

        @Test func postingKeysOfDifferentEventsNeverCollide() throws {
            // An event whose id ends like a posting suffix cannot produce another event's posting key.
            let plain = try PostingKey(store: 1, source: "s", sourceID: "x", ruleVersion: 1)
            let tricky = try PostingKey(store: 1, source: "s", sourceID: "x|v1#1", ruleVersion: 1)
            #expect(plain.postingKey(1) != tricky.text)
            #expect(!tricky.text.hasPrefix(plain.postingKey(1)))
        }

        @Test func emptyPartsAndNegativeVersionsAreRejected() {
            #expect(throws: LedgerError.invalidInput(field: "source", reason: "must not be empty")) {
                try PostingKey(store: 1, source: "", sourceID: "1")
            }
            #expect(throws: LedgerError.invalidInput(field: "sourceID", reason: "must not be empty")) {
                try PostingKey(store: 1, source: "order", sourceID: "")
            }
            do {
                _ = try PostingKey(store: 1, source: "order", sourceID: "1", ruleVersion: -1)
                Issue.record("a negative version was accepted")
            } catch {
                #expect(error.field == "ruleVersion")
                #expect(error.description.contains("-1"))
            }
        }

        @Test func malformedTextsAreNotKeys() {
            for text in [
                "", "7|order|1", "7|order|1|v1|x", "x|order|1|v1", "7|order|1|1", "7|order|1|v", "7|order|1|v-1",
                "7|order|1|v1#1", "7|or\\der|1|v1", "7|order|1\\", "7||1|v1", "7|order||v1", "07|order|1|v1",
                "7|order|1|v01",
            ] {
                #expect(PostingKey(text: text) == nil, "\(text)")
            }
            #expect(PostingKey(text: "-3|order|1|v0")?.store == -3)
        }

        @Test func lotExpiryKeysAreDistinctPerLot() throws {
            let first = PostingKey.lotExpiry(store: 7, lotKey: "7|order|1|v1")
            let second = PostingKey.lotExpiry(store: 7, lotKey: "7|order|2|v1")
            #expect(first.source == "lot-expiry")
            #expect(first.text != second.text)
            #expect(PostingKey(text: first.text) == first)
        }
    }

    @Suite struct LoyaltyAccountTests {
        @Test func codesRoundTrip() {
            let accounts: [LoyaltyAccount] = [.customer("c1"), .customer("a:b"), .liability, .partner("brand-2")]
            #expect(accounts.map(\.code) == ["customer:c1", "customer:a:b", "liability", "partner:brand-2"])
            for account in accounts {
                #expect(LoyaltyAccount(code: account.code) == account)
                #expect(account.description == account.code)
            }
            #expect(LoyaltyAccount.customer("x").isCustomer)
            #expect(!LoyaltyAccount.partner("x").isCustomer)
        }

        @Test func unknownCodesAreRejected() {
            for code in ["", "customer:", "partner:", "liability:", "Liability", "vendor:x", "customer"] {
                #expect(LoyaltyAccount(code: code) == nil, "\(code)")
            }
        }
    }
}
