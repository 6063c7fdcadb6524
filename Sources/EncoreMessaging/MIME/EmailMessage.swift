public import Foundation

/// An email as the journeys produce it: one sender, recipients, a subject, a plain-text body and
/// optionally an HTML alternative.
///
/// Everything that makes the rendered bytes vary is given by the caller (the Message-ID and the
/// Date), so rendering is deterministic: the same message renders to the same bytes, and a retried
/// send is recognisably the same message to the receiving server.
public struct EmailMessage: Sendable, Hashable {
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var replyTo: EmailAddress?
    public var subject: String
    /// The plain-text body; line breaks may be LF, CRLF or CR (written as CRLF).
    public var textBody: String
    /// The HTML alternative; when present the message is `multipart/alternative` (text, then HTML).
    public var htmlBody: String?
    /// Further headers, in order, such as `List-Unsubscribe` and `List-Unsubscribe-Post`. They may
    /// not repeat a header the renderer writes (see ``MIMEError/reservedHeader(_:)``).
    public var headers: [EmailHeader]
    /// The message's unique id, `left@right`, with or without angle brackets. It also seeds the
    /// MIME boundary. Use one id per logical message and keep it across retries.
    public var messageID: String
    /// The Date header; written in UTC.
    public var date: Date
    /// The SMTP envelope sender (where bounces go); `from`'s address when nil.
    public var returnPath: String?

    public init(
        from: EmailAddress,
        to: [EmailAddress],
        replyTo: EmailAddress? = nil,
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        headers: [EmailHeader] = [],
        messageID: String,
        date: Date,
        returnPath: String? = nil
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.headers = headers
        self.messageID = messageID
        self.date = date
        self.returnPath = returnPath
    }
}

/// One extra header of an ``EmailMessage``. The value is unstructured text: CR, LF and other
/// controls become spaces, and non-ASCII text is written as RFC 2047 encoded-words.
public struct EmailHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
