import Crypto
import Foundation
import EncoreCore

/// API keys: generated with a CSPRNG, shown once, stored only as a SHA-256 hash.
///
/// Keys carry 190 bits of randomness, so a fast hash is the right tool (a slow password hash
/// protects low-entropy secrets; these are not). The prefix before the secret part is stored
/// in clear so an operator can tell keys apart.
public enum APIKeys {
    /// A new key: "enc_" + 32 base62 characters.
    public static func generate() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return "enc_" + String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// Hex SHA-256 of the key, the only form stored.
    public static func hash(_ key: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        let digest = SHA256.hash(data: Array(key.utf8))
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { buffer in
            var index = 0
            for byte in digest {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }

    /// The displayable prefix ("enc_AbCd").
    public static func prefix(_ key: String) -> String { String(key.prefix(8)) }
}
