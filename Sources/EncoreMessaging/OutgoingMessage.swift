/// One message the outbox hands to a ``MessageChannel``.
public struct OutgoingMessage: Sendable, Hashable {
    /// What is sent, by kind of channel.
    public enum Content: Sendable, Hashable {
        case email(EmailMessage)
        case sms(SMSMessage)
        case webhook(WebhookMessage)
    }

    /// The outbox's key for this message, the same on every attempt. HTTP channels send it to the
    /// provider or receiver so a retried request after a lost answer is not acted on twice.
    public var idempotencyKey: String
    public var content: Content

    public init(idempotencyKey: String, content: Content) {
        self.idempotencyKey = idempotencyKey
        self.content = content
    }

    /// The kind of channel the content needs, for messages and logs: `email`, `sms` or `webhook`.
    public var kind: String {
        switch content {
        case .email: "email"
        case .sms: "sms"
        case .webhook: "webhook"
        }
    }
}
