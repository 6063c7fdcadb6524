/// A streaming RFC 4180 CSV reader: feed it byte chunks, take complete records.
///
/// Handles quoted fields with commas, doubled quotes and line breaks, CRLF or LF line ends,
/// and a UTF-8 byte order mark. Each record carries the line number it starts on, so errors can
/// name it. Memory stays bounded by the longest record, not the file.
public struct CSVReader {
    /// A parsed record and the 1-based line it starts on.
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String]
    }

    /// Why the input is not valid CSV.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        /// Records completed in the same chunk before the error: they are valid.
        public var completed: [Record] = []
        /// The fields of the broken record read before the error, to tell which order it belonged to.
        public var partialFields: [String] = []
        public var description: String { "line \(line): \(reason)" }
    }

    private var field: [UInt8] = []
    private var fields: [String] = []
    private var inQuotes = false
    private var quoteSeenInQuotes = false
    private var fieldWasQuoted = false
    private var line = 1
    private var recordLine = 1
    private var atStart = true
    private var head: [UInt8] = []
    private var pendingCR = false
    private let separator: UInt8

    public init(separator: UInt8 = UInt8(ascii: ",")) {
        self.separator = separator
    }

    /// Consumes a chunk and returns the records it completed.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws(SyntaxError) -> [Record] {
        var out: [Record] = []
        var bytes = Array(chunk)[...]
        if atStart {
            // The byte order mark may arrive split across chunks: hold the first bytes until three are seen.
            head += bytes
            if head.count < 3 && [0xEF, 0xBB, 0xBF].starts(with: head) { return [] }
            atStart = false
            bytes = head.starts(with: [0xEF, 0xBB, 0xBF]) ? head.dropFirst(3) : head[...]
            head = []
        }
        for byte in bytes {
            if inQuotes {
                if quoteSeenInQuotes {
                    quoteSeenInQuotes = false
                    if byte == UInt8(ascii: "\"") {
                        field.append(byte)
                        continue
                    }
                    inQuotes = false
                    // fall through to the unquoted handling of this byte
                } else if byte == UInt8(ascii: "\"") {
                    quoteSeenInQuotes = true
                    continue
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                    continue
                }
            }
            switch byte {
            case separator:
                endField()
            case UInt8(ascii: "\r"):
                pendingCR = true
                continue
            case UInt8(ascii: "\n"):
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) {
                    out.append(Record(line: recordLine, fields: fields))
                }
                fields.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
            case UInt8(ascii: "\""):
                if field.isEmpty && !fieldWasQuoted {
                    inQuotes = true
                    fieldWasQuoted = true
                } else {
                    throw SyntaxError(
                        line: line, reason: "a quote inside an unquoted field", completed: out, partialFields: fields)
                }
            default:
                if fieldWasQuoted {
                    throw SyntaxError(
                        line: line, reason: "characters after a closing quote", completed: out, partialFields: fields)
                }
                if pendingCR { field.append(UInt8(ascii: "\r")) }
                field.append(byte)
            }
            pendingCR = false
        }
        return out
    }

    /// Ends the input: returns the last record if the file does not end with a line break,
    /// and throws if it ends inside a quoted field (a truncated file).
    public mutating func finish() throws(SyntaxError) -> [Record] {
        if atStart && !head.isEmpty {
            atStart = false
            let pending = head
            head = []
            var records = try feed(pending)
            records += try finish()
            return records
        }
        if inQuotes && !quoteSeenInQuotes {
            throw SyntaxError(
                line: recordLine, reason: "the file ends inside a quoted field (truncated?)",
                partialFields: fields + [String(decoding: field, as: UTF8.self)])
        }
        inQuotes = false
        quoteSeenInQuotes = false
        if field.isEmpty && fields.isEmpty && !fieldWasQuoted { return [] }
        endField()
        defer { fields.removeAll() }
        return [Record(line: recordLine, fields: fields)]
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
    }
}
