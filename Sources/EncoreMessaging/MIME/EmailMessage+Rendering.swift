import Crypto

extension EmailMessage {
    /// Headers the renderer writes itself; an extra header with one of these names is refused.
    static let reservedHeaderNames: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version",
        "content-type", "content-transfer-encoding", "return-path", "sender",
    ]

    /// The message as RFC 5322 bytes, ready for SMTP DATA (before dot-stuffing).
    ///
    /// Promises: CRLF line endings only; no line over 998 characters (headers folded near 78,
    /// bodies in quoted-printable or base64 lines of at most 76); 7-bit clean, so no 8BITMIME is
    /// needed; the same message always renders to the same bytes. With an HTML body the message
    /// is `multipart/alternative` (text first, then HTML) with a boundary derived from the
    /// Message-ID; the boundary contains `=_`, which neither quoted-printable nor base64 output can,
    /// so it never occurs in a part.
    public func rendered() throws(MIMEError) -> [UInt8] {
        var head = ""
        head += try HeaderFolding.line("Date", [RFC5322Date.string(from: date)])
        head += try HeaderFolding.line("From", from.headerWords())
        guard !to.isEmpty else { throw .noRecipients }
        var toWords: [String] = []
        for (index, recipient) in to.enumerated() {
            var words = try recipient.headerWords()
            if index < to.count - 1 { words[words.count - 1] += "," }
            toWords += words
        }
        head += try HeaderFolding.line("To", toWords)
        if let replyTo {
            head += try HeaderFolding.line("Reply-To", replyTo.headerWords())
        }
        head += try HeaderFolding.line("Message-ID", ["<\(try normalizedMessageID())>"])
        head += try HeaderFolding.line("Subject", HeaderText.unstructuredWords(subject))
        head += "MIME-Version: 1.0\r\n"
        for header in headers {
            try Self.validateHeaderName(header.name)
            head += try HeaderFolding.line(header.name, HeaderText.unstructuredWords(header.value))
        }

        var out = Array(head.utf8)
        let text = BodyPart(text: textBody, subtype: "plain")
        guard let htmlBody else {
            out += text.headerBytes + [13, 10] + text.encoded
            if !out.suffix(2).elementsEqual([13, 10]) { out += [13, 10] }
            return out
        }
        let html = BodyPart(text: htmlBody, subtype: "html")
        let boundary = try mimeBoundary()
        out += Array(
            try HeaderFolding.line("Content-Type", ["multipart/alternative;", "boundary=\"\(boundary)\""]).utf8)
        out += Array("\r\nThis is a multi-part message in MIME format.\r\n".utf8)
        for part in [text, html] {
            out += Array("--\(boundary)\r\n".utf8)
            out += part.headerBytes + [13, 10] + part.encoded
            out += [13, 10]
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }

    /// The envelope for SMTP: the return path (or `from`) and every `to` address, validated.
    public func envelope() throws(MIMEError) -> (sender: String, recipients: [String]) {
        let sender = try EmailAddress(returnPath ?? from.address).validatedAddress()
        guard !to.isEmpty else { throw .noRecipients }
        var recipients: [String] = []
        for recipient in to { recipients.append(try recipient.validatedAddress()) }
        return (sender, recipients)
    }

    /// The Message-ID without angle brackets, checked to be `left@right` printable ASCII.
    func normalizedMessageID() throws(MIMEError) -> String {
        var id = Substring(messageID)
        if id.hasPrefix("<") && id.hasSuffix(">") && id.count >= 2 { id = id.dropFirst().dropLast() }
        let bytes = Array(id.utf8)
        guard bytes.count <= 900,
            bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }),
            let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1
        else { throw .invalidMessageID(messageID) }
        return String(id)
    }

    /// `=_encore_` and 32 hex digits of SHA-256 of the Message-ID.
    func mimeBoundary() throws(MIMEError) -> String {
        let digest = SHA256.hash(data: Array(try normalizedMessageID().utf8))
        let hex = digest.prefix(16).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
        }
        return "=_encore_" + hex.joined()
    }

    static func validateHeaderName(_ name: String) throws(MIMEError) {
        guard !name.isEmpty, name.utf8.count <= 76,
            name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") })
        else { throw .invalidHeaderName(name) }
        guard !reservedHeaderNames.contains(name.lowercased()) else { throw .reservedHeader(name) }
    }
}
