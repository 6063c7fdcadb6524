/// Input that cannot be accepted: which field, and why, in words a person can act on.
///
/// `field` names the input as the API or form does ("title", "hours", "lines[1].quantity");
/// `reason` is one short sentence without the field name. The HTTP layer shows both.
public struct InputError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public var field: String
    public var reason: String

    /// An error about `field`, explained by `reason`.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// "field: reason".
    public var description: String { "\(field): \(reason)" }
}
