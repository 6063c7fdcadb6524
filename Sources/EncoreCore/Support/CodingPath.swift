/// How Encore names a place in a JSON document in its errors, shared by every JSON reader
/// (the API's payloads, Shopify's webhooks) so a client sees one convention everywhere.
public enum CodingPath {
    /// Renders a coding path as `"line_items[0].quantity"`; the empty path is `"body"`.
    public static func render(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out.isEmpty ? "body" : out
    }

    /// The field a decoding error is about: its coding path, plus the missing key for `keyNotFound`.
    public static func field(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): return render(context.codingPath + [key])
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return render(context.codingPath)
        @unknown default: return "body"
        }
    }

    /// A reader's name for the JSON type a Swift type is decoded from ("a string", "an integer"...).
    public static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int64.Type, is Int.Type, is UInt64.Type: return "an integer"
        case is Double.Type: return "a number"
        default: return String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
