/// The rules of a record id in a request (the document's `Id` schema), in one place for the
/// `JSONDecoder` payloads (`FlexibleID`), the events parser and the ids in paths.
///
/// A string id has 1 to 255 Unicode scalars as sent (JSON Schema's `minLength`/`maxLength` count
/// code points, not bytes), and loses its leading and trailing spaces and tabs; what remains must
/// not be empty (the document's pattern `[^ \t]`). An integer id is kept as its exact decimal
/// digits, from -2^63 to 2^64-1 (Shopify's ids exceed 2^53), and may be written as a number with a
/// zero fraction (`12.0`), which JSON Schema counts as an integer.
enum APIIdentifier {
    static let maxScalars = 255
    static let reason = "must be 1 to 255 characters, not only spaces"

    /// The id a string stands for, or nil when it breaks the rules.
    static func text(_ raw: String) -> String? {
        guard (1...maxScalars).contains(raw.unicodeScalars.count) else { return nil }
        let trimmed = raw.trimmingSpacesAndTabs()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The id a JSON number stands for (its decimal digits), or nil when it is not an integer of
    /// 64 bits. Worked out on the digits, never through a `Double`, so no id is rounded.
    static func integer(_ number: String) -> String? {
        if let value = Int64(number) { return String(value) }
        if let value = UInt64(number) { return String(value) }
        // A fraction or an exponent: shift the digits by the exponent, and keep the number only if
        // what falls after the decimal point is all zeros.
        var text = Substring(number)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(text[text.index(after: e)...].drop(while: { $0 == "+" })), abs(value) <= 40 else {
                return nil
            }
            exponent = value
            text = text[..<e]
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var digits = String(parts[0])
        if parts.count == 2 {
            digits += parts[1]
            exponent -= parts[1].count
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        if exponent >= 0 {
            digits += String(repeating: "0", count: exponent)
        } else {
            guard digits.suffix(-exponent).allSatisfy({ $0 == "0" }) else { return nil }
            digits = String(digits.dropLast(-exponent))
        }
        let magnitude = digits.drop(while: { $0 == "0" })
        let exact = (negative && !magnitude.isEmpty ? "-" : "") + (magnitude.isEmpty ? "0" : magnitude)
        if let value = Int64(exact) { return String(value) }
        if let value = UInt64(exact) { return String(value) }
        return nil
    }
}

extension String {
    /// The string without its leading and trailing spaces and tabs.
    func trimmingSpacesAndTabs() -> String {
        let isBlank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }),
            let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
