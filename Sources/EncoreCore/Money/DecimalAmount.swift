/// Why a decimal amount string was rejected.
public enum AmountError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notADecimal(String)
    case tooManyDecimals(String, allowed: Int)
    case overflow(String)
    case negative(String)

    public var description: String {
        switch self {
        case .empty: return "is empty"
        case .notADecimal(let text): return "'\(text)' is not a decimal amount"
        case .tooManyDecimals(let text, let allowed):
            return "'\(text)' has more than \(allowed) decimal place\(allowed == 1 ? "" : "s") for its currency"
        case .overflow(let text): return "'\(text)' is too large"
        case .negative(let text): return "'\(text)' must not be negative"
        }
    }
}

/// Exact conversion between decimal strings ("12.34", "-0.5", "1200") and minor units.
public enum DecimalAmount {
    /// Parses a decimal string into minor units with the given exponent.
    ///
    /// Accepts an optional leading sign, digits, and an optional fraction. Trailing zeros
    /// beyond the exponent are allowed ("12.300" for USD is 1230) but significant digits
    /// beyond it are an error: money is never rounded silently. Rejects exponents,
    /// thousands separators, and values that overflow `Int64`.
    public static func parse(_ text: String, exponent: Int, allowNegative: Bool = false) -> Result<Int64, AmountError> {
        let trimmed = text.trimmingSpaces()
        return parse(utf8: Array(trimmed.utf8)[...], exponent: exponent, allowNegative: allowNegative)
    }

    /// Parses already-trimmed UTF-8 bytes; the fast path of file imports (no String per value).
    public static func parse(utf8 bytes: ArraySlice<UInt8>, exponent: Int, allowNegative: Bool = false)
        -> Result<Int64, AmountError>
    {
        func text() -> String { String(decoding: bytes, as: UTF8.self) }
        if bytes.isEmpty { return .failure(.empty) }
        var index = bytes.startIndex
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        // The magnitude is built unsigned so that Int64.min (one more than Int64.max) fits.
        var magnitude: UInt64 = 0
        var digits = 0
        var decimals = 0
        var seenDot = false
        var droppedNonZero = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ".") {
                if seenDot { return .failure(.notADecimal(text())) }
                seenDot = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return .failure(.notADecimal(text())) }
            digits += 1
            if seenDot {
                decimals += 1
                if decimals > exponent {
                    // Digits beyond the currency's precision must be zeros: money is never rounded.
                    if byte != UInt8(ascii: "0") { droppedNonZero = true }
                    continue
                }
            }
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if o1 || o2 { return .failure(.overflow(text())) }
            magnitude = plus
        }
        if digits == 0 { return .failure(.notADecimal(text())) }
        if droppedNonZero { return .failure(.tooManyDecimals(text(), allowed: exponent)) }
        for _ in min(decimals, exponent)..<exponent {
            let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return .failure(.overflow(text())) }
            magnitude = times
        }
        if negative && magnitude != 0 {
            if !allowNegative { return .failure(.negative(text())) }
            guard magnitude <= UInt64(Int64.max) + 1 else { return .failure(.overflow(text())) }
            return .success(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return .failure(.overflow(text())) }
        return .success(Int64(magnitude))
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and newlines.
    func trimmingSpaces() -> String {
        // Character-based: "\r\n" is one Character, which `isWhitespace` covers.
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
