/// A Shopify webhook body that cannot be mapped to Encore's domain: the JSON field at fault and why.
///
/// `field` is a path into the body in the usual dotted form, e.g. `"line_items[2].price"`;
/// it is `"body"` when the body as a whole is at fault (empty, not JSON, not an object).
public struct ShopifyPayloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The JSON field path, e.g. `"customer.email_marketing_consent.state"`.
    public var field: String
    /// What is wrong with it, e.g. `"is required"`.
    public var reason: String

    /// Creates an error about `field`.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `"<field>: <reason>"`.
    public var description: String { "\(field): \(reason)" }
}

extension ShopifyPayloadError {
    /// Converts a `DecodingError` into an error naming the field from its coding path.
    init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(field: Self.path(context.codingPath + [key]), reason: "is required")
        case .valueNotFound(_, let context):
            self.init(field: Self.path(context.codingPath), reason: "is required but is null")
        case .typeMismatch(let type, let context):
            self.init(field: Self.path(context.codingPath), reason: "must be \(CodingPath.describe(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                self.init(field: "body", reason: "is not valid JSON")
            } else {
                self.init(field: Self.path(context.codingPath), reason: context.debugDescription)
            }
        @unknown default:
            self.init(field: "body", reason: "cannot be decoded")
        }
    }

    /// Renders a coding path as `"line_items[0].quantity"`; the empty path is `"body"`.
    static func path(_ codingPath: [any CodingKey]) -> String { CodingPath.render(codingPath) }
}
