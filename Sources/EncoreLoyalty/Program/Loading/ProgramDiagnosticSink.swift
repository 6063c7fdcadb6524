import Yams

/// Collects the diagnostics of one program file while it is read, so every problem is reported.
/// Internal to the loader.
struct ProgramDiagnosticSink {
    let path: String
    private(set) var diagnostics: [LoyaltyDiagnostic] = []

    init(path: String) {
        self.path = path
    }

    mutating func error(line: Int, _ message: String) {
        diagnostics.append(LoyaltyDiagnostic(path: path, line: line, message: message))
    }

    mutating func error(at node: Node, _ message: String) {
        error(line: ProgramYAML.line(of: node), message)
    }

    /// Diagnostics sorted by line, keeping the order of those on one line.
    var sorted: [LoyaltyDiagnostic] {
        diagnostics.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}

/// Reading Yams nodes. Internal to the loader.
enum ProgramYAML {
    /// The 1-based line the node starts on (1 when Yams gives none).
    static func line(of node: Node) -> Int { node.mark?.line ?? 1 }

    /// The scalar's text; nil for mappings, sequences and aliases.
    static func text(of node: Node) -> String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    /// Whether the node is an empty plain scalar (`key:` with nothing after it), `~` or `null`.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null"
    }

    /// The line and a one-line message of a Yams error.
    static func describe(_ error: any Error, text: String) -> (line: Int, message: String) {
        guard let yaml = error as? YamlError else { return (1, String(describing: error)) }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return (mark.line, problem + during)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", "))")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { text.utf8.prefix($0).filter { $0 == UInt8(ascii: "\n") }.count + 1 } ?? 1
            return (line, problem)
        default:
            return (1, String(describing: yaml))
        }
    }
}
