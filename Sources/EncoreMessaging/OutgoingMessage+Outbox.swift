public import EncoreCore
import Foundation

extension OutgoingMessage {
    /// The message a channel sends for an outbox row, or nil for a channel with no transport here
    /// (push).
    ///
    /// The row's `messageID` becomes the idempotency key and, for email, the Message-ID's local
    /// part (`<messageID@sender's domain>`); its `createdAt` becomes the Date. Both are stored, so
    /// every retry renders the very same bytes. `From` and `Reply-To` headers stored on the row
    /// (as the journey composer writes them) become the email's sender and reply-to, taking
    /// precedence over `sender` and `replyTo`, which are the defaults; the other headers are passed
    /// on. For SMS, `text` without trailing whitespace is the body; for a webhook, `recipient` is
    /// the URL and `text` the JSON body, signed with `webhookSecret` (the channel's configured
    /// secret when nil).
    public init?(
        outbox row: OutboxMessage, sender: EmailAddress, replyTo: EmailAddress? = nil, webhookSecret: String? = nil
    ) {
        let content: Content
        switch row.channel {
        case .email:
            var from = sender
            var replyTo = replyTo
            var headers: [EmailHeader] = []
            for header in row.headers {
                switch header.name.lowercased() {
                case "from": from = EmailAddress(mailbox: header.value)
                case "reply-to": replyTo = EmailAddress(mailbox: header.value)
                default: headers.append(EmailHeader(header.name, header.value))
                }
            }
            let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
            content = .email(
                EmailMessage(
                    from: from,
                    to: [EmailAddress(row.recipient)],
                    replyTo: replyTo,
                    subject: row.subject ?? "",
                    textBody: row.text,
                    htmlBody: row.html,
                    headers: headers,
                    messageID: "\(row.messageID)@\(domain)",
                    date: Date(timeIntervalSince1970: Double(row.createdAt.millisecondsSinceEpoch) / 1000)
                ))
        case .sms:
            // The text part ends with a newline (right for email); in an SMS it would be a paid character.
            var body = Substring(row.text)
            while let last = body.last, last.isWhitespace { body = body.dropLast() }
            content = .sms(SMSMessage(to: row.recipient, body: String(body)))
        case .webhook:
            content = .webhook(WebhookMessage(url: row.recipient, body: row.text, secret: webhookSecret))
        case .push:
            return nil
        }
        self.init(idempotencyKey: row.messageID, content: content)
    }
}
