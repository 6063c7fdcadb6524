import Foundation
import Testing

@testable import EncoreCore


/// Parses JSON text with Foundation.
private func parse(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

/// The string a rendered JSON string literal decodes to.
private func decodedString(_ value: String) throws -> String? {
    let object = try parse(JSONText.render([("s", .string(value))])) as? [String: Any]
    return object?["s"] as? String
}

@Suite struct JSONTextTests {
    func string(_ value: String) -> String { JSONText.string(value).rendered }

    @Test func scalars() {
        #expect(JSONText.null.rendered == "null")
        #expect(JSONText.bool(true).rendered == "true")
        #expect(JSONText.bool(false).rendered == "false")
        #expect(JSONText.int(0).rendered == "0")
        #expect(JSONText.int(-42).rendered == "-42")
        #expect(JSONText.int(Int64.max).rendered == "9223372036854775807")
        #expect(JSONText.int(Int64.min).rendered == "-9223372036854775808")
        #expect(JSONText.raw("12.50").rendered == "12.50")
        #expect(JSONText.raw("1e-3").rendered == "1e-3")
        #expect(string("") == #""""#)
        #expect(string("plain") == #""plain""#)
    }

    @Test func escapesQuotesAndBackslashes() {
        #expect(string(#"say "hi""#) == #""say \"hi\"""#)
        #expect(string(#"C:\path\"#) == #""C:\\path\\""#)
        #expect(string(#"\""#) == #""\\\"""#)
        #expect(string("/") == #""/""#)  // the solidus needs no escape
    }

    @Test func escapesControlCharacters() {
        #expect(string("a\nb") == #""a\nb""#)
        #expect(string("a\rb") == #""a\rb""#)
        #expect(string("a\tb") == #""a\tb""#)
        #expect(string("\u{0}") == #""\u0000""#)
        #expect(string("\u{1}") == #""\u0001""#)
        #expect(string("\u{8}") == #""\u0008""#)
        #expect(string("\u{c}") == #""\u000c""#)
        #expect(string("\u{b}") == #""\u000b""#)
        #expect(string("\u{1b}[0m") == #""\u001b[0m""#)
        #expect(string("\u{1f}") == #""\u001f""#)
        // DEL and above are not control characters for JSON.
        #expect(string("\u{7f}") == "\"\u{7f}\"")
        #expect(string(" ") == #"" ""#)
    }

    @Test func unicodePassesThrough() {
        #expect(string("café") == "\"café\"")
        #expect(string("日本語") == "\"日本語\"")
        #expect(string("🎉👩‍👩‍👧") == "\"🎉👩‍👩‍👧\"")
        #expect(string("\u{2028}\u{2029}") == "\"\u{2028}\u{2029}\"")
        #expect(string("e\u{301}") == "\"e\u{301}\"")  // combining mark kept as is
        #expect(string("\u{FEFF}") == "\"\u{FEFF}\"")
    }

    @Test func nestedArraysAndObjects() {
        let value = JSONText.object([
            ("a", .array([.int(1), .null, .bool(true), .object([]), .array([])])),
            ("b", .object([("c", .object([("d", .array([.string("x\"y"), .raw("0.5")]))]))])),
            ("", .string("")),
        ])
        #expect(value.rendered == #"{"a":[1,null,true,{},[]],"b":{"c":{"d":["x\"y",0.5]}},"":""}"#)
        #expect(JSONText.array([]).rendered == "[]")
        #expect(JSONText.object([]).rendered == "{}")
        #expect(JSONText.array([.array([.array([])])]).rendered == "[[[]]]")
    }

    @Test func keysAreEscapedAndKeepTheirOrder() {
        let members: [(String, JSONText)] = [("z", .int(1)), ("a\"b", .int(2)), ("m\n", .int(3)), ("z", .int(4))]
        #expect(JSONText.render(members) == #"{"z":1,"a\"b":2,"m\n":3,"z":4}"#)
        #expect(JSONText.render(members) == JSONText.object(members).rendered)
        #expect(JSONText.render([]) == "{}")
    }

    @Test func escapeAppends() {
        var out = "prefix:"
        JSONText.escape("a\"b", into: &out)
        JSONText.escape("c", into: &out)
        #expect(out == #"prefix:"a\"b""c""#)
    }

    @Test func equalityAndHashingFollowTheRenderedText() {
        #expect(JSONText.raw("1") == JSONText.int(1))
        #expect(JSONText.raw("null") == JSONText.null)
        #expect(JSONText.string("1") != JSONText.int(1))
        #expect(JSONText.object([("a", .int(1)), ("b", .int(2))]) != JSONText.object([("b", .int(2)), ("a", .int(1))]))
        let set: Set<JSONText> = [.raw("true"), .bool(true), .string("x"), .raw(#""x""#)]
        #expect(set.count == 2)
    }

    @Test func renderedOutputParsesWithFoundation() throws {
        let value = JSONText.object([
            ("text", .string("q\"b\\s/n\nr\rt\tc\u{1}\u{1f}é🎉")),
            ("n", .int(-12)),
            ("big", .int(Int64.max)),
            ("f", .raw("1.25")),
            ("ok", .bool(false)),
            ("none", .null),
            ("list", .array([.string("a"), .int(2), .object([("k", .string("v"))])])),
        ])
        let parsed = try #require(try parse(value.rendered) as? [String: Any])
        #expect(parsed["text"] as? String == "q\"b\\s/n\nr\rt\tc\u{1}\u{1f}é🎉")
        #expect((parsed["n"] as? NSNumber)?.int64Value == -12)
        #expect((parsed["big"] as? NSNumber)?.int64Value == Int64.max)
        #expect((parsed["f"] as? NSNumber)?.doubleValue == 1.25)
        #expect((parsed["ok"] as? NSNumber)?.boolValue == false)
        #expect(parsed["none"] is NSNull)
        let list = try #require(parsed["list"] as? [Any])
        #expect(list.count == 3)
        #expect(list.first as? String == "a")
        #expect((list.last as? [String: Any])?["k"] as? String == "v")
    }

    @Test func everyControlCharacterRoundTrips() throws {
        for value in UInt32(0)..<0x20 {
            let text = "<" + String(Character(Unicode.Scalar(value)!)) + ">"
            #expect(try decodedString(text) == text, "U+\(String(value, radix: 16))")
            #expect(!string(text).unicodeScalars.contains { $0.value < 0x20 }, "U+\(String(value, radix: 16))")
        }
    }

    /// Random strings over a mix of ASCII, controls, quotes, backslashes and non-ASCII scalars decode back to themselves.
    @Test(arguments: [UInt64(3), 17, 2024])
    func randomStringsRoundTrip(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let pool: [Unicode.Scalar] = ["\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1f}", "\u{7f}", "a", "Z", "0", " ", "é", "\u{2028}", "日", "🎉", "\u{200B}"]
        for _ in 0..<300 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                if Bool.random(using: &generator) {
                    scalars.append(pool.randomElement(using: &generator)!)
                } else {
                    var scalar: Unicode.Scalar?
                    // U+FEFF is left out: Foundation's JSONSerialization drops it at the start of a string
                    // and right after an escape sequence (JSONText itself writes it through, see unicodePassesThrough).
                    while scalar == nil || scalar == "\u{FEFF}" {
                        scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &generator))
                    }
                    scalars.append(scalar!)
                }
            }
            let text = String(scalars)
            let rendered = string(text)
            #expect(rendered.first == "\"" && rendered.last == "\"")
            let decoded = try decodedString(text)
            #expect(
                decoded.map { Array($0.unicodeScalars) } == Array(text.unicodeScalars),
                "seed \(seed): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
