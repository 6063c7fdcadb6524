/// Cleaning of text people type (review bodies, ticket messages, survey comments).
public enum FreeText {
    /// The text as it should be stored, or an `InputError` naming `field`.
    ///
    /// Promises, in order: CRLF and lone CR become LF; any other control character (Unicode
    /// category Cc: C0, DEL, C1) except LF and tab is rejected, with its code point and position;
    /// leading and trailing whitespace and newlines are trimmed; an empty result is rejected when
    /// `required` and returned as "" otherwise; a result longer than `maxLength` Characters
    /// (grapheme clusters, what a person counts) is rejected with the limit and the actual length.
    /// Nothing else is changed: inner whitespace, emoji and non-Latin scripts are kept as typed.
    public static func clean(_ s: String, field: String, maxLength: Int, required: Bool) throws -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in s.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            if scalar == "\r" {
                scalars.append("\n")
                continue
            }
            if scalar == "\n" && previousWasCR { continue }
            if scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t" {
                throw InputError(
                    field: field,
                    reason:
                        "contains a control character (\(codePoint(scalar))) at character \(String(scalars).count + 1)")
            }
            scalars.append(scalar)
        }
        let text = trimmed(String(scalars))
        if text.isEmpty {
            if required { throw InputError(field: field, reason: "is required") }
            return ""
        }
        let length = text.count
        if length > maxLength {
            throw InputError(
                field: field, reason: "is too long: at most \(max(maxLength, 0)) characters, got \(length)")
        }
        return text
    }

    /// "U+0007".
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `s` without leading and trailing whitespace or newlines (Unicode White_Space).
    static func trimmed(_ s: String) -> String {
        let isSpace: (Character) -> Bool = { $0.unicodeScalars.allSatisfy(\.properties.isWhitespace) }
        guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(s[first...last])
    }
}
