import Crypto
import EncoreCore
import Foundation

/// What a signed link carries: what it is for, whose it is, and until when it is valid.
public struct LinkClaims: Sendable, Equatable {
    /// receipt, unsubscribe, preferences, review, nps, click, open.
    public var purpose: String
    public var storeID: StoreID
    public var customerKey: String
    public var orderKey: String?
    public var messageID: String?
    /// For a tracked click: where to send the reader.
    public var target: String?
    public var expiresAt: Timestamp

    public init(
        purpose: String, storeID: StoreID, customerKey: String, orderKey: String? = nil, messageID: String? = nil,
        target: String? = nil, expiresAt: Timestamp
    ) {
        self.purpose = purpose
        self.storeID = storeID
        self.customerKey = customerKey
        self.orderKey = orderKey
        self.messageID = messageID
        self.target = target
        self.expiresAt = expiresAt
    }
}

/// Signs and verifies the tokens in links Encore puts in messages (HMAC-SHA256 with a key kept in
/// the database, so every instance verifies every other's links). A token is
/// `base64url(claims) "." base64url(first 16 bytes of the MAC)`; nothing in it is secret, and
/// nothing in it can be changed without the key.
public struct LinkSigner: Sendable {
    private let key: SymmetricKey

    /// - Parameter secret: at least 32 bytes of key material (hex or any text).
    public init(secret: String) {
        key = SymmetricKey(data: SHA256.hash(data: Data(("encore-links:" + secret).utf8)))
    }

    /// A fresh random secret for `serverSecret(named:generate:)`.
    public static func generateSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined()
    }

    public func token(_ claims: LinkClaims) -> String {
        let fields = [
            "v1", claims.purpose, String(claims.storeID), claims.customerKey, claims.orderKey ?? "",
            claims.messageID ?? "", claims.target ?? "", String(claims.expiresAt.millisecondsSinceEpoch),
        ]
        let payload = Data(fields.joined(separator: "\u{1F}").utf8)
        let mac = Data(HMAC<SHA256>.authenticationCode(for: payload, using: key).prefix(16))
        return Self.base64url(payload) + "." + Self.base64url(mac)
    }

    /// The claims of a token signed with this key for `purpose` and not expired at `now`; nil
    /// otherwise (the comparison of MACs takes the same time wherever they differ).
    public func verify(_ token: String, purpose: String, now: Timestamp) -> LinkClaims? {
        guard let claims = authentic(token, purpose: purpose), now <= claims.expiresAt else { return nil }
        return claims
    }

    /// The claims of a token signed with this key for `purpose`, expired or not: an expired
    /// receipt link may still ask for a fresh one (sent to the address on file, never shown).
    public func authentic(_ token: String, purpose: String) -> LinkClaims? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, token.utf8.count <= 4_096, let payload = Self.unbase64url(parts[0]),
            let mac = Self.unbase64url(parts[1]), mac.count == 16
        else { return nil }
        let expected = Data(HMAC<SHA256>.authenticationCode(for: payload, using: key).prefix(16))
        var difference: UInt8 = 0
        for (a, b) in zip(expected, mac) { difference |= a ^ b }
        guard difference == 0, let text = String(data: payload, encoding: .utf8) else { return nil }
        let fields = text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 8, fields[0] == "v1", fields[1] == purpose, let storeID = Int64(fields[2]),
            let expires = Int64(fields[7])
        else { return nil }
        let claims = LinkClaims(
            purpose: fields[1], storeID: storeID, customerKey: fields[3], orderKey: fields[4].isEmpty ? nil : fields[4],
            messageID: fields[5].isEmpty ? nil : fields[5], target: fields[6].isEmpty ? nil : fields[6],
            expiresAt: Timestamp(millisecondsSinceEpoch: expires))
        return claims
    }

    /// A MAC of `text` under this key, in a domain of its own (`label`) so it never equals a link's.
    func authenticationCode(_ text: String, label: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data((label + "\u{1E}" + text).utf8), using: key))
    }

    /// One pass over the base64 bytes (three `replacingOccurrences` were a tenth of a journey step).
    static func base64url(_ data: Data) -> String {
        var out: [UInt8] = []
        let base64 = data.base64EncodedString()
        out.reserveCapacity(base64.utf8.count)
        for byte in base64.utf8 {
            switch byte {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unbase64url(_ text: Substring) -> Data? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): bytes.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): bytes.append(UInt8(ascii: "/"))
            default: bytes.append(byte)
            }
        }
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(bytes))
    }
}
