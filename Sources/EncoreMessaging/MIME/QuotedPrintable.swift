/// Quoted-printable (RFC 2045 §6.7) for bodies that are mostly ASCII.
enum QuotedPrintable {
    /// Encoded lines are at most 76 characters, a soft break's `=` included.
    static let maximumLineLength = 76

    private static let hex = Array("0123456789ABCDEF".utf8)

    /// Encodes text whose line breaks are already CRLF. Hard breaks stay CRLF; `=`, controls and
    /// non-ASCII bytes become `=XX`; a space or tab at the end of a line is encoded so transports
    /// that strip trailing white space cannot change the text. The result ends with CRLF exactly
    /// when the input does.
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var lineLength = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
                // Appends one by one: `out += [a, b]` built a temporary array per line break.
                out.append(13)
                out.append(10)
                lineLength = 0
                index += 2
                continue
            }
            let atLineEnd =
                index + 1 == bytes.count
                || (bytes[index + 1] == 13 && index + 2 < bytes.count && bytes[index + 2] == 10)
            let literal =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 32 || byte == 9) && !atLineEnd)
            let width = literal ? 1 : 3
            // Leave room for the soft break's "=" unless this is the last token of the line.
            let limit = atLineEnd ? maximumLineLength : maximumLineLength - 1
            if lineLength + width > limit {
                out.append(UInt8(ascii: "="))
                out.append(13)
                out.append(10)
                lineLength = 0
            }
            if literal {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "="))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
            lineLength += width
            index += 1
        }
        return out
    }
}
