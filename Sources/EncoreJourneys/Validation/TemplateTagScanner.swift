/// One Mustache tag found in a template, with its line.
struct TemplateTag: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// `{{x}}`, `{{{x}}}`, `{{& x}}`
        case variable
        /// `{{#x}}`
        case section
        /// `{{^x}}`
        case inverted
        /// `{{/x}}`
        case close
        /// `{{> x}}`
        case partial
        /// `{{< x}}` (inheritance parent)
        case parent
        /// `{{$ x}}` (inheritance block)
        case block
        /// `{{! x}}`, `{{% pragma}}`, `{{=<% %>=}}`
        case other
    }

    var kind: Kind
    /// The name as written, trimmed.
    var name: String
    var line: Int
}

/// A small Mustache tokenizer for validation: finds every tag with its kind, name and line,
/// following set-delimiter tags. Malformed tags are left for swift-mustache's parser to report.
enum TemplateTagScanner {
    static func tags(in text: String) -> [TemplateTag] {
        var tags: [TemplateTag] = []
        var open = Array("{{".unicodeScalars)
        var close = Array("}}".unicodeScalars)
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var line = 1
        func matches(_ pattern: [Unicode.Scalar], at position: Int) -> Bool {
            guard position + pattern.count <= scalars.count else { return false }
            for k in pattern.indices where scalars[position + k] != pattern[k] { return false }
            return true
        }
        func find(_ pattern: [Unicode.Scalar], from position: Int) -> Int? {
            var p = position
            while p + pattern.count <= scalars.count {
                if matches(pattern, at: p) { return p }
                p += 1
            }
            return nil
        }
        while index < scalars.count {
            guard matches(open, at: index) else {
                if scalars[index] == "\n" { line += 1 }
                index += 1
                continue
            }
            let tagLine = line
            var start = index + open.count
            var end: Int?
            var triple = false
            if open == Array("{{".unicodeScalars), start < scalars.count, scalars[start] == "{" {
                triple = true
                start += 1
                end = find(Array("}}}".unicodeScalars), from: start)
            } else {
                end = find(close, from: start)
            }
            guard let stop = end else { break }
            let inner = String(String.UnicodeScalarView(scalars[start..<stop]))
            for scalar in inner.unicodeScalars where scalar == "\n" { line += 1 }
            index = stop + (triple ? 3 : close.count)
            let content = inner.trimmingJourneySpaces()
            if triple {
                tags.append(TemplateTag(kind: .variable, name: content, line: tagLine))
                continue
            }
            let sigil = content.first
            let rest = String(content.dropFirst()).trimmingJourneySpaces()
            switch sigil {
            case "#": tags.append(TemplateTag(kind: .section, name: rest, line: tagLine))
            case "^": tags.append(TemplateTag(kind: .inverted, name: rest, line: tagLine))
            case "/": tags.append(TemplateTag(kind: .close, name: rest, line: tagLine))
            case ">": tags.append(TemplateTag(kind: .partial, name: rest, line: tagLine))
            case "<": tags.append(TemplateTag(kind: .parent, name: rest, line: tagLine))
            case "$": tags.append(TemplateTag(kind: .block, name: rest, line: tagLine))
            case "&": tags.append(TemplateTag(kind: .variable, name: rest, line: tagLine))
            case "=":
                let delimiters = content.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true)
                if content.hasSuffix("="), delimiters.count == 2 {
                    open = Array(delimiters[0].unicodeScalars)
                    close = Array(delimiters[1].unicodeScalars)
                }
                tags.append(TemplateTag(kind: .other, name: content, line: tagLine))
            case "!", "%": tags.append(TemplateTag(kind: .other, name: content, line: tagLine))
            default: tags.append(TemplateTag(kind: .variable, name: content, line: tagLine))
            }
        }
        return tags
    }

    /// The context field a tag name reads: the argument of a transform (`uppercased(name)` →
    /// "name"); nil for a transform without one (`index()`).
    static func fieldName(_ name: String) -> String? {
        guard let open = name.firstIndex(of: "("), name.hasSuffix(")") else { return name }
        let argument = String(name[name.index(after: open)..<name.index(before: name.endIndex)]).trimmingJourneySpaces()
        return argument.isEmpty ? nil : argument
    }
}
