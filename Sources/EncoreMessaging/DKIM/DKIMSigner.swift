import Crypto
import Foundation
import _CryptoExtras

/// Signs outgoing mail with DKIM (RFC 6376): `rsa-sha256` (RFC 8301; keys of 2048 bits or more)
/// or `ed25519-sha256` (RFC 8463), relaxed/relaxed canonicalization, over the headers a receiver
/// shows and relies on.
///
/// Promises: the same message, domain and time always give the same header for Ed25519 (RSA
/// PKCS#1 v1.5 is deterministic too); only header fields present in the message are listed in
/// `h=`; the header is folded below 80 columns and added at the top of the message, which is
/// otherwise unchanged. The receiver finds the public key at `SELECTOR._domainkey.DOMAIN`.
public struct DKIMSigner: Sendable {
    /// The private key and its algorithm.
    public enum Key: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    /// A key that cannot be used, with the reason.
    public struct KeyError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Headers signed when the message has them, in this order.
    public static let defaultHeaders = [
        "from", "to", "subject", "date", "message-id", "reply-to", "mime-version", "content-type",
        "list-unsubscribe", "list-unsubscribe-post",
    ]

    public let key: Key
    public let selector: String
    /// The signing domain (`d=`); nil signs each message for the domain of its From address.
    public let domain: String?
    public let headers: [String]

    public init(key: Key, selector: String, domain: String? = nil, headers: [String] = Self.defaultHeaders) throws {
        guard Self.isDNSLabelSequence(selector) else {
            throw KeyError(description: "the DKIM selector \"\(selector)\" is not a DNS name (letters, digits, '-', '.')")
        }
        if let domain, !Self.isDNSLabelSequence(domain) || !domain.contains(".") {
            throw KeyError(description: "the DKIM domain \"\(domain)\" is not a domain name")
        }
        self.key = key
        self.selector = selector
        self.domain = domain?.lowercased()
        self.headers = headers.map { $0.lowercased() }
    }

    /// Reads a PEM private key: RSA (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`, 2048 bits
    /// or more) or Ed25519 (PKCS#8 `PRIVATE KEY`, as `openssl genpkey -algorithm ed25519` writes).
    public static func key(pem: String) throws -> Key {
        if let rsa = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) { return .rsa(rsa) }
        if let ed25519 = try? Curve25519.Signing.PrivateKey(pemRepresentation: pem) { return .ed25519(ed25519) }
        if (try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: pem)) != nil {
            throw KeyError(description: "the DKIM key is an RSA key shorter than 2048 bits (RFC 8301 asks for 2048 or more)")
        }
        throw KeyError(description: "the DKIM key is not a PEM RSA or Ed25519 private key")
    }

    /// The `p=` value of the DNS record for this key (`v=DKIM1; k=rsa|ed25519; p=...`).
    public var dnsRecord: String {
        switch key {
        case .rsa(let key): "v=DKIM1; k=rsa; p=\(key.publicKey.derRepresentation.base64EncodedString())"
        case .ed25519(let key): "v=DKIM1; k=ed25519; p=\(key.publicKey.rawRepresentation.base64EncodedString())"
        }
    }

    /// The message with a `DKIM-Signature` header added at its top, signed for `domain` (or this
    /// signer's fixed domain) at `time`. Throws only when the key refuses to sign.
    public func sign(_ message: [UInt8], fromDomain: String, at time: Date) throws -> [UInt8] {
        let (fields, body) = DKIMCanonicalization.split(message)
        let bodyHash = Data(SHA256.hash(data: DKIMCanonicalization.body(body))).base64EncodedString()
        // Each listed name signs its last occurrence (RFC 6376 §5.4.2); we render each once.
        let signed = headers.compactMap { name in fields.last { $0.name.lowercased() == name } }
        let algorithm = switch key {
        case .rsa: "rsa-sha256"
        case .ed25519: "ed25519-sha256"
        }
        let tags = [
            "v=1", "a=\(algorithm)", "c=relaxed/relaxed", "d=\(domain ?? fromDomain.lowercased())", "s=\(selector)",
            "t=\(Int64(time.timeIntervalSince1970))", "h=\(signed.map { $0.name.lowercased() }.joined(separator: ":"))",
            "bh=\(bodyHash)",
        ]
        // Folded between tags, and inside h= after a colon (RFC 6376 allows FWS there); the
        // signature covers the header as folded, so a verifier sees the same canonical text.
        var header = "DKIM-Signature:"
        var column = header.count
        func append(_ word: String, separator: String) {
            if column + separator.count + word.count > 77 {
                header += "\r\n " + word
                column = 1 + word.count
            } else {
                header += separator + word
                column += separator.count + word.count
            }
        }
        for tag in tags {
            if tag.hasPrefix("h=") {
                let names = tag.dropFirst(2).split(separator: ":").map(String.init)
                for (index, name) in names.enumerated() {
                    let word = (index == 0 ? "h=" : "") + name + (index == names.count - 1 ? ";" : ":")
                    append(word, separator: index == 0 ? " " : "")
                }
            } else {
                append(tag + ";", separator: " ")
            }
        }
        append("b=", separator: " ")
        var input: [UInt8] = []
        for field in signed { input += DKIMCanonicalization.header(field) }
        input += DKIMCanonicalization.header(
            .init(name: "DKIM-Signature", text: Array(header.utf8)), trailingCRLF: false)
        let signature: Data
        switch key {
        case .rsa(let key): signature = try key.signature(for: input, padding: .insecurePKCS1v1_5).rawRepresentation
        case .ed25519(let key): signature = try key.signature(for: Data(SHA256.hash(data: input)))
        }
        var encoded = Substring(signature.base64EncodedString())
        while !encoded.isEmpty {
            header += "\r\n " + encoded.prefix(72)
            encoded = encoded.dropFirst(72)
        }
        return Array((header + "\r\n").utf8) + message
    }

    /// Whether `text` is dot-separated labels of letters, digits and inner hyphens.
    static func isDNSLabelSequence(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && text.utf8.count <= 253
            && labels.allSatisfy { label in
                !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                    && label.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D }
            }
    }
}
