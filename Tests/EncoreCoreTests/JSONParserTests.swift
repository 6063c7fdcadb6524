import Foundation
import Testing

@testable import EncoreCore

@Suite("JSONParser")
struct JSONParserTests {
    static func parse(_ text: String) throws -> JSONNode { try JSONParser.parse(Array(text.utf8)) }

    @Test func valuesAndCanonicalForm() throws {
        let node = try Self.parse(#" {"b": [1, -2.5e3, true, false, null], "a": {"z": "x", "y": 0}, "c": "\u00e9\n\"q\"\/"} "#)
        #expect(node["b"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))
        #expect(node.canonical.rendered == #"{"a":{"y":0,"z":"x"},"b":[1,-2.5e3,true,false,null],"c":"é\n\"q\"/"}"#)
        let reordered = try Self.parse(#"{"c": "\u00e9\n\"q\"/", "a": {"y": 0, "z": "x"}, "b": [1, -2.5e3, true, false, null]}"#)
        #expect(reordered.canonical.rendered == node.canonical.rendered)
    }

    @Test("keys that are canonically equivalent but differ in bytes stay two members, in byte order")
    func keysAreComparedByBytes() throws {
        // "e\u0301" (e + combining acute) and "\u00e9" are equal as Swift strings.
        let decomposed = try Self.parse(#"{"\u00e9": 1, "e\u0301": 2, "f": 3}"#)
        let canonical = decomposed.canonical.rendered
        #expect(canonical == "{\"e\u{301}\":2,\"f\":3,\"\u{e9}\":1}")
        #expect(try Self.parse(canonical).canonical.rendered == canonical)
        let swapped = try Self.parse(#"{"f": 3, "e\u0301": 2, "\u00e9": 1}"#)
        #expect(swapped.canonical.rendered == canonical)
    }

    @Test func numbersKeepTheirExactText() throws {
        #expect(try Self.parse("18446744073709551615") == .number("18446744073709551615"))
        #expect(try Self.parse("0.1000000000000000055511151231257827") == .number("0.1000000000000000055511151231257827"))
    }

    @Test func surrogatePairsAndUnicode() throws {
        #expect(try Self.parse(#""\ud83d\ude00 ☕""#) == .string("😀 ☕"))
        #expect(throws: JSONParseError.self) { try Self.parse(#""\ud83d""#) }
        #expect(throws: JSONParseError.self) { try Self.parse(#""\ude00""#) }
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "1e", "tru", "nul", "\"abc", "\"a\u{01}b\"",
        "\"\\x\"", "{} {}", "[1 2]", "{1: 2}", "\"\\u12G4\"",
    ])
    func rejects(_ text: String) {
        #expect(throws: JSONParseError.self) { try Self.parse(text) }
    }

    @Test func depthIsLimited() throws {
        let ok = String(repeating: "[", count: JSONParser.maxDepth - 1) + String(repeating: "]", count: JSONParser.maxDepth - 1)
        _ = try Self.parse(ok)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try Self.parse(deep) }
    }

    @Test func agreesWithJSONSerialization() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let value: [String: Any] = [
                "n": Int.random(in: -1_000_000...1_000_000, using: &generator),
                "s": String((0..<8).map { _ in "aé\"\\\n☕x".randomElement(using: &generator)! }),
                "a": [true, false, NSNull()],
            ]
            let data = try JSONSerialization.data(withJSONObject: value)
            let node = try JSONParser.parse(Array(data))
            let back = try JSONSerialization.jsonObject(with: Data(node.canonical.rendered.utf8)) as? [String: Any]
            #expect(back?["n"] as? Int == value["n"] as? Int)
            #expect(back?["s"] as? String == value["s"] as? String)
        }
    }
}
