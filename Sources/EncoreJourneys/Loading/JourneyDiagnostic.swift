/// One problem in a journey or template file, at a line: what `encore journeys validate` prints
/// as `path:line: message`.
public struct JourneyDiagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file, as the caller named it.
    public var path: String
    /// 1-based.
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`.
    public var description: String { "\(path):\(line): \(message)" }
}

/// A journey file that does not load: every problem found, in line order.
public struct JourneyLoadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [JourneyDiagnostic]

    public init(diagnostics: [JourneyDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
