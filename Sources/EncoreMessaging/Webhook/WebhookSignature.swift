public import Foundation
import Crypto

/// The signature scheme of Encore's webhooks, for senders and receivers alike.
///
/// A request carries `Encore-Timestamp: <unix seconds>` and
/// `Encore-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Signing the timestamp
/// with the body lets a receiver refuse replays of an old request (``verify(secret:timestamp:signature:body:now:tolerance:)``
/// checks both). A receiver rotating secrets may be sent several comma-separated `v1=` values;
/// any one matching is enough.
public enum WebhookSignature {
    public static let timestampHeader = "Encore-Timestamp"
    public static let signatureHeader = "Encore-Signature"
    public static let idempotencyKeyHeader = "Encore-Idempotency-Key"
    /// How far a request's timestamp may be from the receiver's clock by default: five minutes.
    public static let defaultTolerance: TimeInterval = 300

    /// The `Encore-Signature` value for `body` sent at `timestamp` (unix seconds).
    public static func signature(secret: String, timestamp: Int64, body: some Sequence<UInt8>) -> String {
        "v1=" + hex(mac(secret: secret, timestamp: String(timestamp), body: body))
    }

    /// Checks a received request: the timestamp must be within `tolerance` of `now` and one `v1=`
    /// value of `signature` must be the HMAC of `"<timestamp>.<body>"`, compared in constant time.
    /// Pass the headers exactly as received and the body's raw bytes (before any JSON parsing).
    public static func verify(
        secret: String,
        timestamp: String?,
        signature: String?,
        body: some Sequence<UInt8>,
        now: Date = Date(),
        tolerance: TimeInterval = defaultTolerance
    ) throws(WebhookVerificationError) {
        guard let timestamp, let signature else { throw .missingHeader }
        guard let seconds = Int64(timestamp), timestamp.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw .malformedTimestamp
        }
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else { throw .outsideTolerance }
        let candidates = signature.split(separator: ",").compactMap { part -> [UInt8]? in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("v1=") else { return nil }
            return unhex(trimmed.dropFirst(3))
        }
        guard !candidates.isEmpty else { throw .malformedSignature }
        let key = SymmetricKey(data: Array(secret.utf8))
        let message = Array(timestamp.utf8) + [UInt8(ascii: ".")] + Array(body)
        for candidate in candidates
        where HMAC<SHA256>.isValidAuthenticationCode(candidate, authenticating: message, using: key) {
            return
        }
        throw .mismatch
    }

    private static func mac(secret: String, timestamp: String, body: some Sequence<UInt8>) -> [UInt8] {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.utf8)))
        hmac.update(data: Array(timestamp.utf8) + [UInt8(ascii: ".")])
        hmac.update(data: Array(body))
        return Array(hmac.finalize())
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }

    private static func unhex(_ text: Substring) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        var index = 0
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        case 65...70: byte - 55
        default: nil
        }
    }
}

/// Why a webhook request failed verification.
public enum WebhookVerificationError: Error, Sendable, Hashable {
    /// `Encore-Timestamp` or `Encore-Signature` is absent.
    case missingHeader
    /// The timestamp is not a whole number of seconds.
    case malformedTimestamp
    /// The timestamp is further from now than the tolerance: a replay, or a badly wrong clock.
    case outsideTolerance
    /// No `v1=` followed by 64 hex digits.
    case malformedSignature
    /// Well-formed, but signed with another secret or over other bytes.
    case mismatch
}
