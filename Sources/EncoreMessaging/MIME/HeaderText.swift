/// Turns header values into the words of an RFC 5322 header: plain ASCII where possible, quoted
/// strings for display names with specials, RFC 2047 encoded-words otherwise.
enum HeaderText {
    /// Replaces CR, LF, tabs and other controls by spaces and collapses runs of spaces: a header
    /// value is one line, and no caller can inject another header through it.
    static func sanitized(_ value: String) -> String {
        var out = ""
        var lastWasSpace = true
        for scalar in value.unicodeScalars {
            let isSpace = scalar.value < 0x20 || scalar.value == 0x7F || scalar == " "
            if isSpace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        if out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// Whether `text` can be written as is: ASCII, and no `=?` that a reader would take for the
    /// start of an encoded-word.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 } && !text.contains("=?")
    }

    /// Words of unstructured text (a subject, an extra header's value).
    static func unstructuredWords(_ text: String) -> [String] {
        let text = sanitized(text)
        if text.isEmpty { return [] }
        if isPlain(text) { return text.split(separator: " ").map(String.init) }
        return EncodedWord.encode(text)
    }

    /// Characters allowed in an unquoted display name (RFC 5322 `atext` plus spaces between atoms).
    private static let atext: Set<UInt8> = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".utf8)

    /// Words of a display name, a `phrase`: atoms, one quoted string, or encoded-words.
    static func phraseWords(_ name: String) -> [String] {
        if !isPlain(name) { return EncodedWord.encode(name) }
        if name.utf8.allSatisfy({ atext.contains($0) }) { return name.split(separator: " ").map(String.init) }
        var quoted = "\""
        for character in name {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        quoted.append("\"")
        // A quoted string may be folded only at its spaces; split there so folding can work.
        return quoted.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    }
}
