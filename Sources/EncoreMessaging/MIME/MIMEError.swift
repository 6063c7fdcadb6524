/// Why an ``EmailMessage`` could not be rendered. Each case names the offending value, so the
/// outbox can store a useful reason with the permanent failure.
public enum MIMEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not a plain ASCII `local@domain` address (addresses are not encoded: internationalized
    /// addresses need SMTPUTF8, which this renderer does not use; convert domains to punycode).
    case invalidAddress(String)
    /// A header name that is empty or not printable ASCII without `:`.
    case invalidHeaderName(String)
    /// An extra header that would replace one the renderer writes itself (`From`, `Content-Type`…).
    case reservedHeader(String)
    /// A header whose value contains a word too long to fold under 998 characters.
    case headerTooLong(String)
    /// A Message-ID that is not `left@right` in printable ASCII without spaces or angle brackets.
    case invalidMessageID(String)
    /// A message with no recipient.
    case noRecipients

    public var description: String {
        switch self {
        case .invalidAddress(let address): "invalid email address \"\(address)\""
        case .invalidHeaderName(let name): "invalid header name \"\(name)\""
        case .reservedHeader(let name): "header \(name) is written by the renderer and cannot be given"
        case .headerTooLong(let name): "header \(name) has a word longer than 998 characters"
        case .invalidMessageID(let id): "invalid Message-ID \"\(id)\""
        case .noRecipients: "the message has no recipient"
        }
    }
}
