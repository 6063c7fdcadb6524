import EncoreCore
import EncoreMessaging
import Foundation
import Testing

@Suite struct ChannelTests {
    @Test func nullAndRecordingChannels() async {
        let message = Fixtures.outgoing(Fixtures.email())
        #expect(await NullChannel().deliver(message) == .delivered(reply: "null"))

        let recording = RecordingChannel()
        #expect(await recording.deliver(message) == .delivered(reply: "recorded #1"))
        #expect(await recording.deliver(message) == .delivered(reply: "recorded #2"))
        #expect(recording.messages == [message, message])
        recording.removeAll()
        #expect(recording.messages.isEmpty)

        let failing = RecordingChannel { _ in .transient(reason: "scripted") }
        #expect(await failing.deliver(message) == .transient(reason: "scripted"))
        #expect(failing.messages.count == 1)
    }

    @Test func outgoingMessagesFromOutboxRows() throws {
        let created = Timestamp(millisecondsSinceEpoch: 1_762_248_600_123)
        let row = OutboxMessage(
            storeID: 1, messageID: "wow-thank-you.i42.thank-you", channel: .email, category: .marketing,
            recipient: "ana@example.com", subject: "Thanks!", text: "Hi", html: "<p>Hi</p>",
            headers: [MessageHeader("List-Unsubscribe", "<https://shop.example/u/1>")],
            nextAttemptAt: created, createdAt: created)
        let sender = EmailAddress("hello@shop.example", name: "Shop")
        let email = try #require(OutgoingMessage(outbox: row, sender: sender))
        #expect(email.idempotencyKey == "wow-thank-you.i42.thank-you")
        guard case .email(let message) = email.content else { Issue.record("not an email"); return }
        #expect(message.messageID == "wow-thank-you.i42.thank-you@shop.example")
        #expect(message.date == Date(timeIntervalSince1970: 1_762_248_600.123))
        #expect(OutgoingMessage(outbox: row, sender: sender) == email, "a retry builds the same message")

        var sms = row
        sms.channel = .sms
        sms.recipient = "+15551234567"
        #expect(
            OutgoingMessage(outbox: sms, sender: sender)?.content == .sms(SMSMessage(to: "+15551234567", body: "Hi")))
        var hook = row
        hook.channel = .webhook
        hook.recipient = "https://shop.example/hooks"
        hook.text = "{}"
        #expect(
            OutgoingMessage(outbox: hook, sender: sender, webhookSecret: "k")?.content
                == .webhook(WebhookMessage(url: "https://shop.example/hooks", body: "{}", secret: "k")))
        var push = row
        push.channel = .push
        #expect(OutgoingMessage(outbox: push, sender: sender) == nil)
    }

    @Test func fromAndReplyToHeadersOfARowBecomeTheSenderAndReplyTo() throws {
        // The journey composer stores From and Reply-To as headers; the renderer writes those
        // itself, so the adapter lifts them out instead of letting rendering refuse the message.
        let created = Timestamp(millisecondsSinceEpoch: 1_762_248_600_000)
        let row = OutboxMessage(
            storeID: 1, messageID: "m1", channel: .email, category: .transactional, recipient: "ana@example.com",
            subject: "Receipt", text: "Thanks",
            headers: [
                MessageHeader("From", "\"Café, Zoë\" <hello@cafe.example>"),
                MessageHeader("Reply-To", "support@cafe.example"),
                MessageHeader("List-Unsubscribe", "<https://cafe.example/u/1>"),
            ],
            nextAttemptAt: created, createdAt: created)
        let outgoing = try #require(OutgoingMessage(outbox: row, sender: EmailAddress("fallback@localhost")))
        guard case .email(let email) = outgoing.content else {
            Issue.record("not an email")
            return
        }
        #expect(email.from == EmailAddress("hello@cafe.example", name: "Café, Zoë"))
        #expect(email.replyTo == EmailAddress("support@cafe.example"))
        #expect(email.headers == [EmailHeader("List-Unsubscribe", "<https://cafe.example/u/1>")])
        #expect(email.messageID == "m1@cafe.example")
        let head = try email.rendered().text.components(separatedBy: "\r\n\r\n")[0]
        #expect(head.contains("Reply-To: support@cafe.example\r\n"))
        #expect(EmailAddress(mailbox: " Shop <a@b.example> ") == EmailAddress("a@b.example", name: "Shop"))
        #expect(EmailAddress(mailbox: "a@b.example") == EmailAddress("a@b.example"))
    }
}
