/// What Encore's YAML files (journeys, the loyalty program) get before a YAML parser sees them.
///
/// Line breaks are made `\n` (a file saved with CRLF or CR reports its problems at the right
/// lines), and anchors with aliases are refused: an alias repeats a whole node, so a few lines of
/// aliases of aliases stand for billions of nodes and parsing them (a key that is an alias is
/// hashed in full) never ends. Encore's files never need them; the value can be written out.
public enum YAMLPrecheck {
    /// The problem found, with its 1-based line.
    public struct Refusal: Error, Equatable, Sendable {
        public var line: Int
        public var message: String
    }

    /// `text` with CRLF and lone CR made LF, or the first alias of an anchor the file defines.
    ///
    /// An anchor is `&name` and an alias `*name` where a node may start (at the start of a line or
    /// after whitespace, `[`, `{` or `,`). The check is on the text, so a `*name` inside a quoted
    /// or block scalar counts too, but only when the file also holds `&name`: a false refusal
    /// needs both, and names the line.
    public static func check(_ text: String) -> Result<String, Refusal> {
        let normalized = normalizeLineBreaks(text)
        var anchors: Set<Substring> = []
        var aliases: [(name: Substring, line: Int)] = []
        var line = 1
        for row in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = row.utf8
            var index = bytes.startIndex
            var previous: UInt8 = 0x20
            while index < bytes.endIndex {
                let byte = bytes[index]
                if (byte == UInt8(ascii: "&") || byte == UInt8(ascii: "*")) && startsNode(after: previous) {
                    var end = bytes.index(after: index)
                    while end < bytes.endIndex, isNameByte(bytes[end]) { end = bytes.index(after: end) }
                    if end > bytes.index(after: index) {
                        let name = row[bytes.index(after: index)..<end]
                        if byte == UInt8(ascii: "&") { anchors.insert(name) } else { aliases.append((name, line)) }
                    }
                }
                previous = byte
                index = bytes.index(after: index)
            }
            line += 1
        }
        if let alias = aliases.first(where: { anchors.contains($0.name) }) {
            return .failure(
                Refusal(
                    line: alias.line,
                    message: "YAML anchors and aliases ('&\(alias.name)', '*\(alias.name)') are not supported: write the value out"))
        }
        return .success(normalized)
    }

    /// CRLF and lone CR become LF; nothing else changes.
    public static func normalizeLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var afterCR = false
        for byte in text.utf8 {
            if byte == 0x0D {
                out.append(0x0A)
                afterCR = true
                continue
            }
            if !(byte == 0x0A && afterCR) { out.append(byte) }
            afterCR = false
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func startsNode(after byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{")
            || byte == UInt8(ascii: ",")
    }

    /// libyaml's anchor names: anything but whitespace and the flow indicators.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ",")
            || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "{")
            || byte == UInt8(ascii: "}"))
    }
}
