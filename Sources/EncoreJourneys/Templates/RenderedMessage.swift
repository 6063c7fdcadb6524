/// One message rendered from a template set, ready for a channel.
public struct RenderedMessage: Hashable, Sendable {
    /// One line, with no CR or LF (it goes into a mail header). Empty when the set has no subject
    /// part (an SMS-only set).
    public var subject: String
    /// The html body wrapped in the layout; nil when the set has no html part.
    public var html: String?
    /// The plain-text alternative of an email, and the body of an SMS.
    public var text: String

    public init(subject: String, html: String?, text: String) {
        self.subject = subject
        self.html = html
        self.text = text
    }
}
