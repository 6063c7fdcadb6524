import Yams

/// A YAML mapping read as named fields: reports keys outside the allowed set and missing required
/// keys as it is built, then hands out values by key. Internal to the loader.
struct ProgramFields {
    let node: Node
    /// How diagnostics name the mapping, e.g. "earning.purchase" or "rewards[1]".
    let what: String
    private var values: [String: Node] = [:]
    private(set) var keyLines: [String: Int] = [:]

    /// nil (after reporting) when `node` is not a mapping.
    init?(
        _ node: Node, what: String, allowed: [String], required: [String] = [], sink: inout ProgramDiagnosticSink
    ) {
        self.node = node
        self.what = what
        guard case .mapping(let mapping) = node else {
            sink.error(at: node, "\(what) must be a mapping with keys \(allowed.joined(separator: ", "))")
            return nil
        }
        for (key, value) in mapping {
            guard let name = ProgramYAML.text(of: key) else {
                sink.error(at: key, "keys in \(what) must be plain words")
                continue
            }
            if allowed.contains(name) {
                values[name] = value
                keyLines[name] = ProgramYAML.line(of: key)
            } else {
                sink.error(at: key, "unknown key '\(name)' in \(what) (expected \(allowed.joined(separator: ", ")))")
            }
        }
        for name in required {
            if values[name] == nil {
                sink.error(at: node, "missing key '\(name)' in \(what)")
            } else if self[name] == nil {
                sink.error(line: keyLines[name] ?? ProgramYAML.line(of: node), "'\(name)' in \(what) needs a value")
            }
        }
    }

    /// The value of a key; nil when absent or written empty.
    subscript(_ key: String) -> Node? {
        guard let value = values[key], !ProgramYAML.isNull(value) else { return nil }
        return value
    }

    /// How a diagnostic names a key: "earning.purchase: unit", or the bare key at the top level.
    func named(_ key: String) -> String {
        what == ProgramFields.root ? key : "\(what): \(key)"
    }

    /// The name of the top-level mapping.
    static let root = "the program"

    /// The line to report a problem with a key's value at: the value's, else the key's, else the mapping's.
    func line(_ key: String) -> Int {
        if let value = self[key] { return ProgramYAML.line(of: value) }
        return keyLines[key] ?? ProgramYAML.line(of: node)
    }

    /// The scalar text of a key; nil when absent or empty; reports (and gives nil) when it is a
    /// mapping or a sequence.
    func text(_ key: String, sink: inout ProgramDiagnosticSink) -> String? {
        guard let value = self[key] else { return nil }
        guard let text = ProgramYAML.text(of: value) else {
            sink.error(at: value, "\(named(key)) must be a single value")
            return nil
        }
        return text
    }
}
