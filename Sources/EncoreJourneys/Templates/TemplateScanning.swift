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
    /// Dynamic names (`{{>*name}}`) are left out: they are only known when rendering.
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
                    if !name.isEmpty && !name.hasPrefix("*") { found.append((name, line)) }
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
        var lines: [Substring] = []
        var blank = 0
        let unified = text.replacingAll("\r\n", with: "\n")
        for raw in unified.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = trimmedTrailing(raw)
            if line.isEmpty {
                blank += 1
                if blank > 1 || lines.isEmpty { continue }
            } else {
                blank = 0
            }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The text without trailing spaces, tabs and carriage returns.
private func trimmedTrailing(_ text: Substring) -> Substring {
    var s = text
    while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
    return s
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
