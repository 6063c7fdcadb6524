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
}
