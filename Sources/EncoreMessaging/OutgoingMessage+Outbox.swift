public import EncoreCore
import Foundation

extension OutgoingMessage {
    /// The message a channel sends for an outbox row, or nil for a channel with no transport here
    /// (push).
    ///
    /// The row's `messageID` becomes the idempotency key and, for email, the Message-ID's local
    /// part (`<messageID@sender's domain>`); its `createdAt` becomes the Date. Both are stored, so
    /// every retry renders the very same bytes. For SMS, `text` is the body; for a webhook,
    /// `recipient` is the URL and `text` the JSON body, signed with `webhookSecret` (the channel's
    /// configured secret when nil).
    public init?(
        outbox row: OutboxMessage, sender: EmailAddress, replyTo: EmailAddress? = nil, webhookSecret: String? = nil
    ) {
        let content: Content
        switch row.channel {
        case .email:
            let domain = sender.address.split(separator: "@").last.map(String.init) ?? "localhost"
            content = .email(
                EmailMessage(
                    from: sender,
                    to: [EmailAddress(row.recipient)],
                    replyTo: replyTo,
                    subject: row.subject ?? "",
                    textBody: row.text,
                    htmlBody: row.html,
                    headers: row.headers.map { EmailHeader($0.name, $0.value) },
                    messageID: "\(row.messageID)@\(domain)",
                    date: Date(timeIntervalSince1970: Double(row.createdAt.millisecondsSinceEpoch) / 1000)
                ))
        case .sms:
            content = .sms(SMSMessage(to: row.recipient, body: row.text))
        case .webhook:
            content = .webhook(WebhookMessage(url: row.recipient, body: row.text, secret: webhookSecret))
        case .push:
            return nil
        }
        self.init(idempotencyKey: row.messageID, content: content)
    }
}
