/// One problem in a loyalty program file, at a line: printed as `path:line: message`.
public struct LoyaltyDiagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file, as the caller named it.
    public var path: String
    /// 1-based.
    public var line: Int
    /// What is wrong, in one sentence.
    public var message: String

    /// A diagnostic.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`.
    public var description: String { "\(path):\(line): \(message)" }
}

/// A loyalty program file that does not load: every problem found, in line order.
public struct LoyaltyProgramErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// Never empty when thrown by the loader; sorted by line.
    public var diagnostics: [LoyaltyDiagnostic]

    /// Errors made of `diagnostics`.
    public init(diagnostics: [LoyaltyDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
