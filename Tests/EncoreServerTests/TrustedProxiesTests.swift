import HTTPTypes
import Testing

@testable import EncoreServer

@Suite("Trusted proxies: X-Forwarded-For names the client only when a trusted proxy sent it")
struct TrustedProxiesTests {
    @Test("addresses and networks, IPv4 and IPv6; anything else is refused with the value and the reason")
    func parsing() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1", "0.0.0.0/0"])
        #expect(proxies.entries.count == 5 && proxies.description == "10.0.0.0/8, 192.168.1.7, fd00::/8, ::1, 0.0.0.0/0")
        #expect(TrustedProxies().isEmpty && TrustedProxies().description == "none")
        let refused: [(String, String)] = [
            ("10.0.0.0/33", "the prefix length must be a number from 0 to 32"),
            ("::1/129", "the prefix length must be a number from 0 to 128"),
            ("10.0.0.0/", "the prefix length must be a number from 0 to 32"),
            ("10.0.0.0/8x", "the prefix length must be a number from 0 to 32"),
            ("10.0.0.0/-1", "the prefix length must be a number from 0 to 32"),
            ("10.0.0.0/８", "the prefix length must be a number from 0 to 32"),
            ("proxy.example", "not an IPv4 or IPv6 address"),
            ("1.2.3.4.5", "not an IPv4 or IPv6 address"),
            ("", "not an IPv4 or IPv6 address"),
            ("10.0.0.1\u{0}", "not an IPv4 or IPv6 address"),
        ]
        for (value, reason) in refused {
            #expect(throws: TrustedProxies.ParseError(value: value, reason: reason)) { try TrustedProxies([value]) }
        }
        #expect("\(TrustedProxies.ParseError(value: "x", reason: "why"))" == "\"x\": why")
    }

    @Test("a network holds the addresses under its prefix; IPv4-mapped IPv6 is IPv4")
    func membership() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8", "172.16.0.0/12", "2001:db8::/32", "192.0.2.1"])
        for address in ["10.0.0.1", "10.255.255.255", "172.31.0.9", "2001:db8:1::5", "192.0.2.1", "::ffff:10.1.2.3"] {
            #expect(proxies.trusts(address), "\(address)")
        }
        for address in ["11.0.0.1", "172.32.0.1", "2001:db9::1", "192.0.2.2", "not-an-address", "", "::1"] {
            #expect(!proxies.trusts(address), "\(address)")
        }
        let everyone = try TrustedProxies(["0.0.0.0/0"])
        #expect(everyone.trusts("203.0.113.9") && !everyone.trusts("2001:db8::1"), "/0 of IPv4 is every IPv4 address only")
    }

    @Test("the client: the peer unless trusted; then the first untrusted address from the right of X-Forwarded-For")
    func client() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8", "127.0.0.1"])
        // No trusted proxy: the header is never read.
        #expect(TrustedProxies().client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"]) == "127.0.0.1")
        // An untrusted peer cannot name another client.
        #expect(proxies.client(peer: "198.51.100.9", forwardedFor: ["203.0.113.7"]) == "198.51.100.9")
        #expect(proxies.client(peer: nil, forwardedFor: ["203.0.113.7"]) == nil)
        // A trusted peer without the header is the client.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        // Whatever the client wrote at the left is not believed: the proxies' hops are read from the right.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["1.1.1.1, 203.0.113.7, 10.0.0.9"]) == "203.0.113.7")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["1.1.1.1", "203.0.113.7, 10.0.0.9"]) == "203.0.113.7",
            "several header fields are one list")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["10.0.0.7, 10.0.0.9"]) == "10.0.0.7", "all trusted: the leftmost")
        // A garbled entry ends the walk at the last proxy that spoke.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["203.0.113.7, unknown, 10.0.0.9"]) == "10.0.0.9")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["<script>"]) == "10.0.0.2")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: [""]) == "10.0.0.2")
        // The forms some proxies write: bracketed IPv6, with or without a port, and IPv4 with a port.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["[2001:db8::7]:4711"]) == "2001:db8::7")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["[2001:db8::7]"]) == "2001:db8::7")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["203.0.113.7:4711"]) == "203.0.113.7")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: [" 2001:db8::7 "]) == "2001:db8::7")
    }
}
