import Yams

/// Collects diagnostics for one file while it is read, so every problem is reported.
struct DiagnosticSink {
    let path: String
    private(set) var diagnostics: [JourneyDiagnostic] = []

    init(path: String) {
        self.path = path
    }

    mutating func error(line: Int, _ message: String) {
        diagnostics.append(JourneyDiagnostic(path: path, line: line, message: message))
    }

    mutating func error(at node: Node, _ message: String) {
        error(line: node.line, message)
    }

    /// Diagnostics sorted by line, keeping the order of those on one line.
    var sorted: [JourneyDiagnostic] {
        diagnostics.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}

extension Node {
    /// The 1-based line the node starts on (1 when Yams gives none).
    var line: Int { mark?.line ?? 1 }

    /// The scalar's text; nil for mappings, sequences and aliases.
    var scalarText: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    /// Whether the node is an empty plain scalar (`key:` with nothing after it) or `~`/`null`.
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else { return false }
        return scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null"
    }
}
