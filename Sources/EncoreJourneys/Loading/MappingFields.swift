import Yams

/// A YAML mapping read as named fields: reports keys outside the allowed set and missing
/// required keys as it is built, then hands out values by key.
struct MappingFields {
    let node: Node
    private var values: [String: Node] = [:]
    private(set) var keyLines: [String: Int] = [:]

    /// nil (after reporting) when `node` is not a mapping.
    init?(
        _ node: Node, what: String, allowed: [String], required: [String] = [], sink: inout DiagnosticSink
    ) {
        self.node = node
        guard case .mapping(let mapping) = node else {
            sink.error(at: node, "\(what) must be a mapping with keys \(allowed.joined(separator: ", "))")
            return nil
        }
        for (key, value) in mapping {
            guard let name = key.scalarText else {
                sink.error(at: key, "keys in \(what) must be plain words")
                continue
            }
            if allowed.contains(name) {
                values[name] = value
                keyLines[name] = key.line
            } else {
                sink.error(at: key, "unknown key '\(name)' in \(what) (expected \(allowed.joined(separator: ", ")))")
            }
        }
        for name in required where values[name] == nil {
            sink.error(at: node, "missing key '\(name)' in \(what)")
        }
    }

    /// The value of a key, nil when absent or written empty.
    subscript(_ key: String) -> Node? {
        guard let value = values[key], !value.isNull else { return nil }
        return value
    }

    /// Whether the key was written (even with an empty value).
    func has(_ key: String) -> Bool { values[key] != nil }

    /// The scalar text of a key; reports (and gives nil) when it is a mapping or sequence, or
    /// when it is required and absent or empty.
    func text(_ key: String, what: String, required: Bool = false, sink: inout DiagnosticSink) -> String? {
        guard let value = self[key] else {
            if required && has(key) {
                sink.error(line: keyLines[key] ?? node.line, "'\(key)' in \(what) needs a value")
            }
            return nil
        }
        guard let text = value.scalarText else {
            sink.error(at: value, "'\(key)' in \(what) must be a single value")
            return nil
        }
        return text
    }
}
