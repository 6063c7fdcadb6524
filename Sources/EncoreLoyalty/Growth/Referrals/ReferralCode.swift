import EncoreCore

/// A customer's referral code: Crockford base32 (digits and upper-case letters without I, L, O, U),
/// so it reads aloud and types without confusion.
///
/// Codes are made from random bytes (the caller supplies them) or from a number; `init?(normalizing:)`
/// accepts what people type: lower case, spaces and hyphens, and I/L for 1, O for 0.
public struct ReferralCode: Hashable, Sendable, CustomStringConvertible {
    /// The 32 symbols, value 0 to 31.
    public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    /// Lengths a code may have: up to 12 symbols (60 bits) so every code is a `UInt64`.
    public static let lengths = 4...12

    /// The canonical text: `length` symbols of `alphabet`.
    public let text: String

    private init(canonical: String) { text = canonical }

    /// The code of the low `5 * length` bits of `number`, most significant symbol first (zero-padded).
    /// - Throws: `InputError` ("length") outside `lengths`.
    public init(number: UInt64, length: Int = 8) throws(InputError) {
        guard ReferralCode.lengths.contains(length) else {
            throw InputError(field: "length", reason: "must be from 4 to 12 symbols")
        }
        var symbols = [UInt8](repeating: 0, count: length)
        var rest = number
        for index in stride(from: length - 1, through: 0, by: -1) {
            symbols[index] = ReferralCode.alphabet[Int(rest & 31)]
            rest >>= 5
        }
        text = String(decoding: symbols, as: UTF8.self)
    }

    /// A code from the first `ceil(5 * length / 8)` random bytes (5 bytes for 8 symbols), read big-endian.
    /// - Throws: `InputError` ("randomBytes") when too few bytes are given, ("length") outside `lengths`.
    public init(randomBytes: some Collection<UInt8>, length: Int = 8) throws(InputError) {
        guard ReferralCode.lengths.contains(length) else {
            throw InputError(field: "length", reason: "must be from 4 to 12 symbols")
        }
        let needed = (5 * length + 7) / 8
        guard randomBytes.count >= needed else {
            throw InputError(field: "randomBytes", reason: "needs at least \(needed) bytes for \(length) symbols")
        }
        let bits = randomBytes.prefix(needed).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        try self.init(number: bits >> UInt64(needed * 8 - 5 * length), length: length)
    }

    /// The code a person typed, made canonical: spaces and hyphens dropped, lower case raised,
    /// I and L read as 1, O as 0. Nil if any other symbol is not in the alphabet (U included) or
    /// the length is not `length`.
    public init?(normalizing typed: String, length: Int = 8) {
        var symbols: [UInt8] = []
        for byte in typed.utf8 {
            var symbol = byte >= 97 && byte <= 122 ? byte - 32 : byte
            switch symbol {
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "\t"): continue
            case UInt8(ascii: "I"), UInt8(ascii: "L"): symbol = UInt8(ascii: "1")
            case UInt8(ascii: "O"): symbol = UInt8(ascii: "0")
            default: break
            }
            guard ReferralCode.alphabet.contains(symbol) else { return nil }
            symbols.append(symbol)
        }
        guard symbols.count == length, ReferralCode.lengths.contains(length) else { return nil }
        self.init(canonical: String(decoding: symbols, as: UTF8.self))
    }

    /// The number the code encodes (the inverse of `init(number:length:)` for numbers below 32^length).
    public var number: UInt64 {
        text.utf8.reduce(UInt64(0)) { value, symbol in
            value << 5 | UInt64(ReferralCode.alphabet.firstIndex(of: symbol) ?? 0)
        }
    }

    /// The canonical text.
    public var description: String { text }
}
