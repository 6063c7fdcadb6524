/// Why bytes from a server are not an SMTP reply.
public enum SMTPReplyParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A line longer than ``SMTPReplyParser/maximumLineLength`` bytes.
    case lineTooLong
    /// A reply of more than ``SMTPReplyParser/maximumLines`` lines.
    case tooManyLines
    /// A line that does not start with three digits forming a code from 200 to 559.
    case invalidCode(String)
    /// A code followed by something other than a space, a hyphen or the end of the line.
    case invalidSeparator(String)
    /// A continuation line whose code differs from the first line's.
    case inconsistentCode(expected: Int, found: Int)
    /// Input that ended in the middle of a multi-line reply or line.
    case incomplete

    public var description: String {
        switch self {
        case .lineTooLong: "reply line too long"
        case .tooManyLines: "reply has too many lines"
        case .invalidCode(let line): "reply line without a valid code: \(line.debugDescription)"
        case .invalidSeparator(let line): "reply code not followed by space or hyphen: \(line.debugDescription)"
        case .inconsistentCode(let expected, let found): "continuation line has code \(found), expected \(expected)"
        case .incomplete: "incomplete reply"
        }
    }
}

/// Assembles SMTP replies from lines: `250-first`, `250-second`, `250 last` (RFC 5321 §4.2.1).
///
/// Pure and bounded: it keeps at most one reply in progress, refuses lines over
/// ``maximumLineLength`` and replies over ``maximumLines``, and reports anything malformed as an
/// ``SMTPReplyParseError`` without trapping, whatever the input.
public struct SMTPReplyParser: Sendable {
    /// RFC 5321 allows 512 octets per reply line; real servers sometimes send more.
    public static let maximumLineLength = 2048
    /// More lines than any EHLO reply needs.
    public static let maximumLines = 256

    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// True while a multi-line reply has started but not ended.
    public var isInsideReply: Bool { code != nil }

    /// Takes one line without its line break; returns the reply when `line` is its last line.
    /// After an error the parser is reset, ready for a new reply.
    public mutating func consume(line: some Collection<UInt8>) throws(SMTPReplyParseError) -> SMTPReply? {
        do {
            return try consumeUnchecked(Array(line))
        } catch {
            code = nil
            lines.removeAll()
            throw error
        }
    }

    private mutating func consumeUnchecked(_ line: [UInt8]) throws(SMTPReplyParseError) -> SMTPReply? {
        guard line.count <= Self.maximumLineLength else { throw .lineTooLong }
        let printable = { String(decoding: line.prefix(64), as: UTF8.self) }
        guard line.count >= 3,
            (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(line[0]),
            (UInt8(ascii: "0")...UInt8(ascii: "5")).contains(line[1]),
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[2])
        else { throw .invalidCode(printable()) }
        let lineCode = Int(line[0] - 48) * 100 + Int(line[1] - 48) * 10 + Int(line[2] - 48)
        if let code, code != lineCode { throw .inconsistentCode(expected: code, found: lineCode) }
        let isLast: Bool
        if line.count == 3 {
            isLast = true
        } else if line[3] == UInt8(ascii: " ") {
            isLast = true
        } else if line[3] == UInt8(ascii: "-") {
            isLast = false
        } else {
            throw .invalidSeparator(printable())
        }
        guard lines.count < Self.maximumLines else { throw .tooManyLines }
        code = lineCode
        lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
        guard isLast else { return nil }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines.removeAll()
        return reply
    }

    /// Parses text holding whole replies, lines ending in CRLF (or a bare LF); the text must end
    /// with a complete reply. For tests, fuzzing and tools; the client decodes incrementally.
    public static func parse(_ bytes: some Collection<UInt8>) throws(SMTPReplyParseError) -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var replies: [SMTPReply] = []
        var line: [UInt8] = []
        var sawLineEnd = true
        for byte in bytes {
            if byte == 10 {
                if line.last == 13 { line.removeLast() }
                if let reply = try parser.consume(line: line) { replies.append(reply) }
                line.removeAll(keepingCapacity: true)
                sawLineEnd = true
            } else {
                guard line.count <= maximumLineLength else { throw .lineTooLong }
                line.append(byte)
                sawLineEnd = false
            }
        }
        guard sawLineEnd, !parser.isInsideReply else { throw .incomplete }
        return replies
    }
}
