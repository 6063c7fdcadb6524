import Foundation

/// Small text scans over template sources, done before Mustache parses them.
enum TemplateScanning {
    /// Splits an html body into the body without its `{{$preheader}}…{{/preheader}}` block and
    /// the block's content. The block is replaced by as many newlines as it spanned, so errors
    /// in the rest still name the right lines.
    static func extractPreheader(_ text: String) -> (body: String, preheader: String?) {
        guard let open = text.range(of: "{{$preheader}}"),
            let close = text.range(of: "{{/preheader}}", range: open.upperBound..<text.endIndex)
        else { return (text, nil) }
        let content = String(text[open.upperBound..<close.lowerBound])
        let spanned = text[open.lowerBound..<close.upperBound].filter { $0 == "\n" || $0 == "\r\n" }.count
        let body = String(text[..<open.lowerBound]) + String(repeating: "\n", count: spanned)
            + String(text[close.upperBound...])
        return (body, content)
    }

    /// The partials (`{{> name}}`) and parents (`{{< name}}`) a template names, with their lines.
    /// A dynamic name (`{{>*name}}`) comes back with its `*`.
    static func references(in text: String) -> [(name: String, line: Int)] {
        var found: [(name: String, line: Int)] = []
        var line = 1
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\n" || character == "\r\n" { line += 1 }
            if character == "{", text[index...].hasPrefix("{{"),
                let marker = text.index(index, offsetBy: 2, limitedBy: text.endIndex), marker < text.endIndex,
                text[marker] == ">" || text[marker] == "<"
            {
                var nameStart = text.index(after: marker)
                while nameStart < text.endIndex, text[nameStart] == " " { nameStart = text.index(after: nameStart) }
                if let end = text[nameStart...].range(of: "}}") {
                    let name = String(trimmedTrailing(text[nameStart..<end.lowerBound]))
                    if !name.isEmpty { found.append((name, line)) }
                }
            }
            index = text.index(after: index)
        }
        return found
    }

    /// Subjects are one line: CR, LF and the other line breaks become spaces, runs of spaces
    /// one space, so a customer's name can never add a mail header.
    static func oneLine(_ text: String) -> String {
        var out = ""
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let isBreak = scalar == "\r" || scalar == "\n" || scalar == "\t" || scalar == "\u{0B}"
                || scalar == "\u{0C}" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
            if isBreak || scalar == " " {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        return out.hasSuffix(" ") ? String(out.dropLast()) : out
    }

    /// Plain text tidied: trailing spaces dropped, at most one blank line in a row, no blank
    /// lines at either end (sections that render nothing leave gaps otherwise).
    static func tidyText(_ text: String) -> String {
        // Byte by byte (every delimiter is ASCII, so UTF-8 sequences pass through whole): lines
        // lose trailing blanks, runs of blank lines become one, leading and trailing ones go.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 1)
        var line: [UInt8] = []
        var pendingBlank = false
        func finish(_ line: inout [UInt8]) {
            var end = line.count
            while end > 0, line[end - 1] == 0x20 || line[end - 1] == 0x09 || line[end - 1] == 0x0D { end -= 1 }
            if end == 0 {
                if !out.isEmpty { pendingBlank = true }
            } else {
                if !out.isEmpty {
                    out.append(0x0A)
                    if pendingBlank { out.append(0x0A) }
                }
                out.append(contentsOf: line[..<end])
                pendingBlank = false
            }
            line.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if byte == 0x0A { finish(&line) } else { line.append(byte) }
        }
        finish(&line)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }
}

/// The text without trailing spaces, tabs and carriage returns.
private func trimmedTrailing(_ text: Substring) -> Substring {
    var s = text
    while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
    return s
}
