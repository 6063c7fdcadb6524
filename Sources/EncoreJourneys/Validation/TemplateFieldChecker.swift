/// Checks that every field a template names exists in the context schema, resolving names the way
/// Mustache does: the first part of a dotted name against the innermost section first (a list
/// section's element, an object section's fields), then outwards to the root.
struct TemplateFieldChecker {
    let schema: ContextSchema

    /// Problems as (line, message).
    func problems(in tags: [TemplateTag]) -> [(line: Int, message: String)] {
        var found: [(line: Int, message: String)] = []
        var frames: [ContextSchema] = [schema]
        // For each open section: whether it pushed a frame.
        var sections: [(name: String, pushed: Bool)] = []
        for tag in tags {
            switch tag.kind {
            case .variable, .section, .inverted:
                guard let field = TemplateTagScanner.fieldName(tag.name) else {
                    if tag.kind != .variable { sections.append((tag.name, false)) }
                    continue
                }
                let node = resolve(field, in: frames)
                if node == nil {
                    found.append((tag.line, "names '\(field)', which the context does not have"))
                }
                if tag.kind == .section, let node {
                    if case .list(let element) = node { frames.append(element) } else { frames.append(node) }
                    sections.append((tag.name, true))
                } else if tag.kind != .variable {
                    sections.append((tag.name, false))
                }
            case .block, .parent:
                sections.append((tag.name, false))
            case .close:
                guard let last = sections.popLast() else { continue }
                if last.pushed && frames.count > 1 { frames.removeLast() }
            case .partial, .other:
                continue
            }
        }
        return found
    }

    private func resolve(_ name: String, in frames: [ContextSchema]) -> ContextSchema? {
        if name == "." { return frames.last }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty else { return nil }
        for frame in frames.reversed() {
            guard let head = Self.child(first, of: frame) else { continue }
            var node = head
            for part in parts.dropFirst() {
                guard let next = Self.child(part, of: node) else { return nil }
                node = next
            }
            return node
        }
        return nil
    }

    /// A child as templates see it: object fields, anything under an open node, and the parts the
    /// renderer gives money (`amount`, `currency`, `formatted`) and times (`date`, `day`, `time`,
    /// `weekday`, `iso8601`).
    static func child(_ name: String, of node: ContextSchema) -> ContextSchema? {
        switch node {
        case .open: return .open
        case .object(let fields): return fields[name]
        case .leaf(.money): return ["amount", "currency", "formatted"].contains(name) ? .leaf(.string) : nil
        case .leaf(.time): return ["date", "day", "time", "weekday", "iso8601"].contains(name) ? .leaf(.string) : nil
        case .leaf, .list: return nil
        }
    }
}
