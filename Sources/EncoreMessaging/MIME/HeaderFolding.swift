/// Writes a header line, folded (RFC 5322 §2.2.3) so lines stay within 78 characters where the
/// words allow and never exceed 998.
enum HeaderFolding {
    static let preferredLineLength = 78
    static let maximumLineLength = 998

    /// `Name: word word…` with CRLF folds before words that would pass 78 characters, ending
    /// with CRLF. Throws when a single word cannot fit in 998 characters.
    static func line(_ name: String, _ words: [String]) throws(MIMEError) -> String {
        var out = name + ":"
        var lineLength = out.utf8.count
        for word in words {
            let width = word.utf8.count + 1
            if lineLength + width > preferredLineLength && lineLength > name.utf8.count + 1 {
                out += "\r\n"
                lineLength = 0
            }
            if lineLength + width > maximumLineLength { throw .headerTooLong(name) }
            out += " " + word
            lineLength += width
        }
        return out + "\r\n"
    }
}
