/// What a server offers in its EHLO reply (RFC 5321 §4.1.1.1), reduced to what the client uses.
public struct SMTPCapabilities: Sendable, Hashable {
    /// `STARTTLS` (RFC 3207).
    public var startTLS = false
    /// `AUTH` mechanisms, upper-cased (`PLAIN`, `LOGIN`, …); the old `AUTH=…` form counts too.
    public var authMechanisms: Set<String> = []
    /// `PIPELINING` (RFC 2920): MAIL, RCPT and DATA may be sent in one write.
    public var pipelining = false
    /// `SIZE n` (RFC 1870): the largest message accepted, when the server states a limit.
    public var maximumMessageSize: Int?
    /// `SIZE` was advertised, so `MAIL FROM` may carry `SIZE=`.
    public var size = false
    /// `8BITMIME` (RFC 6152). The renderer's output is 7-bit, so it is informational.
    public var eightBitMIME = false
    /// `ENHANCEDSTATUSCODES` (RFC 2034).
    public var enhancedStatusCodes = false
    /// Every keyword line, upper-cased keyword to its parameters.
    public var keywords: [String: [String]] = [:]

    /// No capabilities: what a server that only understands HELO gets.
    public init() {}

    /// Reads an EHLO reply; its first line is the server's greeting and is skipped.
    public init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            var keyword = first.uppercased()
            var parameters = Array(words.dropFirst())
            if keyword.hasPrefix("AUTH=") {
                parameters.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            keywords[keyword, default: []] += parameters
            switch keyword {
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms.formUnion(parameters.map { $0.uppercased() })
            case "PIPELINING": pipelining = true
            case "SIZE":
                size = true
                if let limit = parameters.first.flatMap({ Int($0) }), limit > 0 { maximumMessageSize = limit }
            case "8BITMIME": eightBitMIME = true
            case "ENHANCEDSTATUSCODES": enhancedStatusCodes = true
            default: break
            }
        }
    }
}
