import Foundation

/// The proxies (load balancers, TLS terminators) whose `X-Forwarded-For` is believed, as
/// addresses and networks (`10.0.0.0/8`, `127.0.0.1`, `fd00::/8`).
///
/// A request's client is its TCP peer unless the peer is trusted; then `X-Forwarded-For` is read
/// from its right end (the address the last proxy saw), skipping trusted addresses: the first
/// address that is not trusted is the client. An entry that is not an IP address ends the walk,
/// and the last trusted address is the client (a forged or garbled header cannot name anyone).
/// With no trusted proxy the header is never read.
public struct TrustedProxies: Sendable, Equatable, CustomStringConvertible {
    /// An address or a network: the first `bits` bits of `bytes` (4 bytes for IPv4, 16 for IPv6).
    struct Network: Sendable, Equatable {
        var bytes: [UInt8]
        var bits: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var left = bits
            for (a, b) in zip(address, bytes) where left > 0 {
                let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
                if a & mask != b & mask { return false }
                left -= 8
            }
            return true
        }
    }

    /// Why a `--trusted-proxy` value was refused.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The value as given.
        public var value: String
        /// What is wrong with it.
        public var reason: String
        public var description: String { "\(value.debugDescription): \(reason)" }
    }

    let networks: [Network]
    /// The values as given, for the start-up line and errors.
    public let entries: [String]

    /// Trusts no proxy: the client is always the TCP peer.
    public init() {
        networks = []
        entries = []
    }

    /// Parses each value as an IPv4 or IPv6 address, optionally followed by `/bits` (0-32 or
    /// 0-128); throws `ParseError` naming the first value that is not.
    public init(_ values: [String]) throws(ParseError) {
        var networks: [Network] = []
        for value in values {
            let parts = value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let bytes = Self.address(String(parts[0])) else {
                throw ParseError(value: value, reason: "not an IPv4 or IPv6 address")
            }
            let width = bytes.count * 8
            var bits = width
            if parts.count == 2 {
                guard let given = Int(parts[1]), (0...width).contains(given), parts[1].allSatisfy(\.isASCII) else {
                    throw ParseError(value: value, reason: "the prefix length must be a number from 0 to \(width)")
                }
                bits = given
            }
            networks.append(Network(bytes: bytes, bits: bits))
        }
        self.networks = networks
        self.entries = values
    }

    /// Whether no proxy is trusted.
    public var isEmpty: Bool { networks.isEmpty }

    public var description: String { entries.isEmpty ? "none" : entries.joined(separator: ", ") }

    /// Whether `address` (in text form) is one of the trusted proxies.
    public func trusts(_ address: String) -> Bool {
        guard let bytes = Self.address(address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client of a request from `peer` carrying the `X-Forwarded-For` fields `forwardedFor`
    /// (each a comma-separated list, in the order received); nil when the peer is unknown.
    public func client(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, !networks.isEmpty, trusts(peer) else { return peer }
        var client = peer
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
        for hop in hops.reversed() {
            let address = Self.unbracketed(hop.trimmingCharacters(in: .whitespaces))
            guard let bytes = Self.address(address) else { break }
            client = address
            guard networks.contains(where: { $0.contains(bytes) }) else { break }
        }
        return client
    }

    /// `[::1]` and `[::1]:443` (the forms some proxies write) as `::1`; `1.2.3.4:80` as `1.2.3.4`.
    static func unbracketed(_ text: String) -> String {
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<end])
        }
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            return String(text[..<colon])
        }
        return text
    }

    /// The address's bytes: 4 for IPv4 (dotted decimal), 16 for IPv6; nil for anything else.
    static func address(_ text: String) -> [UInt8]? {
        // Digits, hex letters, dots and colons only (a NUL would end the C string early).
        guard !text.isEmpty, text.utf8.count <= 45, text.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) else {
            return nil
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, text, &bytes) == 1 {
            return Array(bytes.prefix(4))
        }
        if inet_pton(AF_INET6, text, &bytes) == 1 {
            // An IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 address.
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return Array(bytes[12..<16])
            }
            return bytes
        }
        return nil
    }
}
