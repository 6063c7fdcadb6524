/// A mailbox: an address with an optional display name, as in `Zoë Café <zoe@example.com>`.
public struct EmailAddress: Sendable, Hashable {
    /// The bare `local@domain` address, printable ASCII.
    public var address: String
    /// The display name; any Unicode (written as RFC 2047 encoded-words when not ASCII).
    public var name: String?

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// Characters never allowed in an address this renderer writes: they would break the header
    /// or the SMTP command the address is put into.
    private static let forbidden: Set<UInt8> = Set("<>()[]\\,;:\" ".utf8)

    /// The address if it is safe to put into a header and into `MAIL FROM:<…>` / `RCPT TO:<…>`:
    /// printable ASCII, one `@` with text on both sides, at most 254 characters.
    public func validatedAddress() throws(MIMEError) -> String {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254,
            bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !Self.forbidden.contains($0) }),
            let at = bytes.lastIndex(of: UInt8(ascii: "@")),
            at > 0, at < bytes.count - 1,
            !bytes[at + 1..<bytes.count].contains(UInt8(ascii: "@"))
        else { throw .invalidAddress(address) }
        return address
    }

    /// The mailbox as header words: `address`, `Name <address>`, `"Name, Inc." <address>` or
    /// encoded-words followed by `<address>`. Words are joined by single spaces, so the header
    /// can be folded between them.
    func headerWords() throws(MIMEError) -> [String] {
        let address = try validatedAddress()
        guard let name = name.map(HeaderText.sanitized), !name.isEmpty else { return [address] }
        return HeaderText.phraseWords(name) + ["<\(address)>"]
    }
}
