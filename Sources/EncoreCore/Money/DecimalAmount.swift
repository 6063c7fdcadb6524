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
        if trimmed.isEmpty { return .failure(.empty) }
        var bytes = Array(trimmed.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var whole: [UInt8] = []
        var fraction: [UInt8] = []
        var seenDot = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if seenDot { return .failure(.notADecimal(trimmed)) }
                seenDot = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if seenDot { fraction.append(byte) } else { whole.append(byte) }
            } else {
                return .failure(.notADecimal(trimmed))
            }
        }
        if whole.isEmpty && fraction.isEmpty { return .failure(.notADecimal(trimmed)) }
        if seenDot && fraction.isEmpty && whole.isEmpty { return .failure(.notADecimal(trimmed)) }
        while fraction.count > exponent {
            if fraction.last == UInt8(ascii: "0") {
                fraction.removeLast()
            } else {
                return .failure(.tooManyDecimals(trimmed, allowed: exponent))
            }
        }
        while fraction.count < exponent { fraction.append(UInt8(ascii: "0")) }
        // The magnitude is built unsigned so that Int64.min (one more than Int64.max) fits.
        var magnitude: UInt64 = 0
        for byte in whole + fraction {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if o1 || o2 { return .failure(.overflow(trimmed)) }
            magnitude = plus
        }
        if negative && magnitude != 0 {
            if !allowNegative { return .failure(.negative(trimmed)) }
            guard magnitude <= UInt64(Int64.max) + 1 else { return .failure(.overflow(trimmed)) }
            return .success(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return .failure(.overflow(trimmed)) }
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
