import EncoreCore

/// A tier's earning multiplier as an exact rational: thousandths ("1.25" is 1250 per mille).
///
/// Never a floating point, so points computed with it are exact and the same on every machine.
/// Encoded as the bare per-mille integer.
public struct Multiplier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The multiplier times 1000.
    public let perMille: Int64

    /// A multiplier of `perMille` thousandths.
    public init(perMille: Int64) {
        self.perMille = perMille
    }

    /// Parses a non-negative decimal with at most three decimals ("1", "1.25", "1.333"); nil otherwise.
    public init?(parsing text: String) {
        guard case .success(let value) = DecimalAmount.parse(text, exponent: 3) else { return nil }
        self.perMille = value
    }

    /// Earning at face value.
    public static let one = Multiplier(perMille: 1000)

    /// The shortest decimal text: "1", "1.25", "1.333".
    public var description: String {
        var text = Money.format(minorUnits: perMille, exponent: 3)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Smaller multipliers sort first.
    public static func < (lhs: Multiplier, rhs: Multiplier) -> Bool { lhs.perMille < rhs.perMille }

    /// Decodes the per-mille integer.
    public init(from decoder: any Decoder) throws {
        perMille = try decoder.singleValueContainer().decode(Int64.self)
    }

    /// Encodes the per-mille integer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(perMille)
    }
}
