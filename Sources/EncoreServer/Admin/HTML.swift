import EncoreCore
import Foundation

/// A fragment of HTML whose interpolated values are escaped unless they are `HTML` themselves.
///
/// Every admin page is built from these, so a value from the database (a customer's name, a
/// subject, an error text) cannot become markup: escaping is the default, not a habit.
struct HTML: ExpressibleByStringInterpolation, Sendable {
    var raw: String

    init(raw: String) { self.raw = raw }
    init(stringLiteral value: String) { self.raw = value }
    init(stringInterpolation: StringInterpolation) { self.raw = stringInterpolation.out }

    static let empty = HTML(raw: "")

    struct StringInterpolation: StringInterpolationProtocol {
        var out = ""
        init(literalCapacity: Int, interpolationCount: Int) { out.reserveCapacity(literalCapacity * 2) }
        mutating func appendLiteral(_ literal: String) { out += literal }
        mutating func appendInterpolation(_ value: String) { out += HTML.escape(value) }
        mutating func appendInterpolation(_ value: String?) { out += HTML.escape(value ?? "") }
        mutating func appendInterpolation(_ value: Int) { out += String(value) }
        mutating func appendInterpolation(_ value: Int64) { out += String(value) }
        mutating func appendInterpolation(_ value: HTML) { out += value.raw }
        mutating func appendInterpolation(_ values: [HTML]) { for value in values { out += value.raw } }
    }

    /// Escapes the five characters that matter in text and in quoted attribute values. Works on
    /// UTF-8 bytes (every character escaped is ASCII) and returns the text itself when there is
    /// nothing to escape, the common case.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { needsEscape($0) }) else { return text }
        var text = text
        return text.withUTF8 { bytes -> String in
            let first = bytes.firstIndex(where: { needsEscape($0) }) ?? bytes.startIndex
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            out.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                switch byte {
                case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }

    /// One URL path segment, percent-encoded (then escaped when interpolated as a `String`).
    /// RFC 3986's unreserved ASCII characters pass; every other byte of the UTF-8 is `%XX`.
    static func segment(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A time as `<time>`, shown in UTC to the second.
    static func time(_ timestamp: Timestamp?) -> HTML {
        guard let timestamp else { return "—" }
        let iso = timestamp.iso8601
        var shown = iso.replacingOccurrences(of: "T", with: " ")
        if let dot = shown.firstIndex(of: ".") { shown = String(shown[..<dot]) + "Z" }
        shown = shown.replacingOccurrences(of: "Z", with: " UTC")
        return "<time datetime=\"\(iso)\">\(shown)</time>"
    }

    /// Money per currency, e.g. "$1,234.50 + €12.00"; "—" when empty.
    static func revenue(_ amounts: [String: Int64]) -> String {
        let parts = amounts.keys.sorted().compactMap { code -> String? in
            guard let minor = amounts[code], let currency = Currency(code: code) else { return nil }
            return Money(minorUnits: minor, currency: currency).description
        }
        return parts.isEmpty ? "—" : parts.joined(separator: " + ")
    }

    /// A share as a percentage with one decimal ("12.5%"); "—" with no denominator.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        return String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }
}
