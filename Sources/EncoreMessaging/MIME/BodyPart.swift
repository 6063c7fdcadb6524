/// One text body (plain or HTML) encoded for transport: UTF-8 with CRLF line breaks, in
/// quoted-printable when mostly ASCII and base64 otherwise.
struct BodyPart {
    enum TransferEncoding: String {
        case quotedPrintable = "quoted-printable"
        case base64
    }

    let subtype: String
    let transferEncoding: TransferEncoding
    /// The encoded body; ends with CRLF when the text ended with a line break.
    let encoded: [UInt8]

    init(text: String, subtype: String) {
        let bytes = Self.crlfNormalized(text)
        self.subtype = subtype
        self.transferEncoding = Self.chooseEncoding(bytes)
        switch transferEncoding {
        case .quotedPrintable: encoded = QuotedPrintable.encode(bytes)
        case .base64: encoded = Base64.encodeBody(bytes)
        }
    }

    /// `Content-Type` and `Content-Transfer-Encoding`, each ending in CRLF.
    var headerBytes: [UInt8] {
        Array(
            "Content-Type: text/\(subtype); charset=utf-8\r\nContent-Transfer-Encoding: \(transferEncoding.rawValue)\r\n"
                .utf8)
    }

    /// Quoted-printable costs three characters per byte it escapes, base64 four per three bytes:
    /// below one escaped byte in six, quoted-printable is shorter and stays readable.
    static func chooseEncoding(_ bytes: [UInt8]) -> TransferEncoding {
        let escaped = bytes.reduce(0) { count, byte in
            count + ((byte >= 0x80 || (byte < 0x20 && byte != 9 && byte != 10 && byte != 13)) ? 1 : 0)
        }
        return escaped * 6 <= bytes.count ? .quotedPrintable : .base64
    }

    /// UTF-8 bytes of `text` with every line break (CRLF, LF or a lone CR) written as CRLF.
    static func crlfNormalized(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 32)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 10 {
                if !previousWasCR {
                    out.append(13)
                    out.append(10)
                }
                previousWasCR = false
            } else if byte == 13 {
                out.append(13)
                out.append(10)
                previousWasCR = true
            } else {
                out.append(byte)
                previousWasCR = false
            }
        }
        return out
    }
}
