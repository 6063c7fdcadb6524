import Foundation
import Testing

@testable import EncoreCore

extension CustomerCare {
    @Suite struct FreeTextTests {
        @Test func trimsAndKeepsInnerText() throws {
            #expect(
                try FreeText.clean("  Great  mug!\n\n", field: "body", maxLength: 100, required: true) == "Great  mug!")
            #expect(try FreeText.clean("\t\u{00A0}hi\u{2003}", field: "body", maxLength: 100, required: true) == "hi")
            #expect(try FreeText.clean("a\tb", field: "body", maxLength: 100, required: true) == "a\tb")
        }

        @Test func normalisesLineEndings() throws {
            #expect(
                try FreeText.clean("one\r\ntwo\rthree\nfour", field: "body", maxLength: 100, required: true)
                    == "one\ntwo\nthree\nfour")
            #expect(try FreeText.clean("a\r\n\r\nb", field: "body", maxLength: 100, required: true) == "a\n\nb")
            #expect(try FreeText.clean("a\r\r\nb", field: "body", maxLength: 100, required: true) == "a\n\nb")
            #expect(try FreeText.clean("\r\n x \r\n", field: "body", maxLength: 100, required: true) == "x")
        }

        @Test func rejectsControlCharactersWithCodePointAndPosition() {
            for (text, code, position) in [
                ("ab\u{0007}c", "U+0007", 3), ("\u{0000}", "U+0000", 1), ("x\u{007F}", "U+007F", 2),
                ("é\u{0085}", "U+0085", 2), ("a\r\nb\u{001B}", "U+001B", 4), (" \u{000C}", "U+000C", 2),
            ] {
                #expect(
                    throws: InputError(
                        field: "comment", reason: "contains a control character (\(code)) at character \(position)")
                ) {
                    try FreeText.clean(text, field: "comment", maxLength: 100, required: false)
                }
            }
        }

        @Test func keepsFormatCharactersAndScripts() throws {
            let text = "Отлично 👍🏽 家族 👨‍👩‍👧 e\u{301}"
            #expect(try FreeText.clean(text, field: "body", maxLength: 100, required: true) == text)
        }

        @Test func requiredAndOptionalEmptiness() throws {
            #expect(throws: InputError(field: "title", reason: "is required")) {
                try FreeText.clean(" \n\t ", field: "title", maxLength: 10, required: true)
            }
            #expect(throws: InputError(field: "title", reason: "is required")) {
                try FreeText.clean("", field: "title", maxLength: 10, required: true)
            }
            #expect(try FreeText.clean("  \r\n ", field: "title", maxLength: 10, required: false) == "")
        }

        @Test func lengthCountsCharactersAfterTrimming() throws {
            #expect(try FreeText.clean("  abcde  ", field: "title", maxLength: 5, required: true) == "abcde")
            // One Character each, though several scalars.
            #expect(try FreeText.clean("👨‍👩‍👧e\u{301}👍🏽", field: "title", maxLength: 3, required: true).count == 3)
            #expect(throws: InputError(field: "title", reason: "is too long: at most 5 characters, got 6")) {
                try FreeText.clean("abcdef", field: "title", maxLength: 5, required: true)
            }
            // CRLF counts as one character once normalised.
            #expect(try FreeText.clean("a\r\nb", field: "title", maxLength: 3, required: true) == "a\nb")
        }

        @Test func nonPositiveLimitRejectsAnyText() throws {
            #expect(throws: InputError(field: "x", reason: "is too long: at most 0 characters, got 1")) {
                try FreeText.clean("a", field: "x", maxLength: 0, required: false)
            }
            #expect(throws: InputError(field: "x", reason: "is too long: at most 0 characters, got 1")) {
                try FreeText.clean("a", field: "x", maxLength: -3, required: false)
            }
            #expect(try FreeText.clean(" ", field: "x", maxLength: 0, required: false) == "")
        }

        @Test func inputErrorDescribesFieldAndReason() throws {
            let error = InputError(field: "lines[0].quantity", reason: "must be at least 1")
            #expect(error.description == "lines[0].quantity: must be at least 1")
            let data = try JSONEncoder().encode(error)
            #expect(try JSONDecoder().decode(InputError.self, from: data) == error)
        }
    }
}
