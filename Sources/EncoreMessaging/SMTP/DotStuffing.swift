/// The DATA payload of RFC 5321 §4.5.2: every line that starts with `.` gets one more, the
/// message ends with CRLF, and `.` CRLF ends the data.
enum DotStuffing {
    static func dataPayload(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(byte) }
            out.append(byte)
            atLineStart = byte == 10
        }
        if !out.suffix(2).elementsEqual([13, 10]) { out += [13, 10] }
        out += [UInt8(ascii: "."), 13, 10]
        return out
    }
}
