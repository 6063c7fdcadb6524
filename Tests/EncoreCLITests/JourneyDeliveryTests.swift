import EncoreCore
import EncoreMessaging
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Journeys delivering for real: `encore serve` with a real SMTP server (scripts/smtp-sink.py) and
/// an HTTP receiver (scripts/http-sink.py) standing in for the SMS provider and a webhook.
@Suite("Journeys CLI: delivery", .serialized)
struct JourneyDeliveryTests {
    @Test(
        "email end to end: confirmation, marketing with one-click unsubscribe, then skipped as suppressed",
        arguments: Backend.enabled)
    func email(_ backend: Backend) async throws {
        try await JourneySandbox.with(backend) { sandbox in
            try sandbox.apply([try TestJourneys.confirmation(sandbox), try TestJourneys.promo(sandbox)])
            let sink = try await sandbox.smtpSink()
            let server = try await sandbox.serve(["--smtp-url", sink.url])
            try await server.order(orderJSON(id: "A1", email: "ada@example.com", customer: "ada"))
            let first = try await sink.waitFor(2)
            let confirmation = try #require(first.first { $0.subject.hasPrefix("Order") })
            #expect(confirmation.to == "ada@example.com")
            #expect(confirmation.header("To")?.contains("ada@example.com") == true)
            #expect(confirmation.subject == "Order #A1 is confirmed")
            #expect(confirmation.contentType == "multipart/alternative")
            #expect(confirmation.parts.map(\.type) == ["text/plain", "text/html"])
            #expect(confirmation.parts.first?.text.contains("Hi Ada, order #A1 ($42.00) is confirmed.") == true)
            #expect(confirmation.parts.last?.text.contains("<strong>#A1</strong>") == true)
            #expect(
                confirmation.messageID.hasPrefix("<m") && confirmation.messageID.hasSuffix(">"),
                "\(confirmation.messageID)")
            #expect(confirmation.header("List-Unsubscribe") == nil, "a transactional message carries no unsubscribe")

            let promo = try #require(first.first { $0.subject.hasPrefix("Something") })
            #expect(promo.to == "ada@example.com")
            #expect(promo.messageID != confirmation.messageID)
            #expect(promo.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
            let header = try #require(promo.header("List-Unsubscribe"))
            #expect(header.hasPrefix("<\(server.base)/u/") && header.hasSuffix(">"), "\(header)")
            // The body's unsubscribe link is the same signed link.
            let unsubscribe = String(header.dropFirst().dropLast())
            #expect(promo.parts.first?.text.contains(unsubscribe) == true)

            // RFC 8058 one-click: a POST with List-Unsubscribe=One-Click, no cookies, no page.
            var request = URLRequest(url: URL(string: unsubscribe)!)
            request.httpMethod = "POST"
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data("List-Unsubscribe=One-Click".utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let suppressed = try await sandbox.storage.suppressions(storeID: sandbox.store.id, channel: .email)
            #expect(suppressed.map(\.address) == ["ada@example.com"])
            #expect(suppressed.first?.reason == "unsubscribed")

            // The next order: the confirmation still arrives (it is not marketing); the promo is skipped.
            try await server.order(orderJSON(id: "A2", email: "ada@example.com", customer: "ada"))
            try await poll("the second promo recorded as skipped", timeout: .seconds(60)) {
                try await sandbox.log(journey: "promo").contains { $0.kind == "skipped" }
            }
            let skips = try await sandbox.log(journey: "promo").filter { $0.kind == "skipped" }
            #expect(skips.map(\.reason) == ["suppressed"])
            let all = try await sink.waitFor(3)
            #expect(all.last?.subject == "Order #A2 is confirmed", "an unsubscribe stops marketing only")
            try await poll("the outbox drained", timeout: .seconds(60)) {
                try await sandbox.outbox().allSatisfy { $0.status != .pending }
            }
            #expect(sink.messages().count == 3, "no second promo")
            #expect(try await sandbox.outbox().filter { $0.journeyID == "promo" }.count == 1)
        }
    }

    @Test("SMTP down for a while: every message arrives exactly once after it comes up", arguments: Backend.enabled)
    func smtpDown(_ backend: Backend) async throws {
        try await JourneySandbox.with(backend) { sandbox in
            try sandbox.apply([try TestJourneys.confirmation(sandbox)])
            let port = unusedPort()
            let server = try await sandbox.serve(
                ["--smtp-url", "smtp://127.0.0.1:\(port)?tls=none"], environment: ["ENCORE_RETRY_BASE_MS": "200"])
            let orders = 20
            for index in 1...orders {
                try await server.order(orderJSON(id: "D\(index)", email: "d\(index)@example.com"))
            }
            // Attempts fail (connection refused) and are retried later.
            try await poll("failed attempts recorded", timeout: .seconds(60)) {
                let outbox = try await sandbox.outbox()
                return outbox.count == orders && outbox.allSatisfy { $0.attempts >= 1 && $0.lastError != nil }
            }
            #expect(try await sandbox.outbox().allSatisfy { $0.status == .pending })
            let sink = try await sandbox.smtpSink(port: port)
            let mails = try await sink.waitFor(orders, timeout: .seconds(60))
            try await poll("every message delivered", timeout: .seconds(60)) {
                try await sandbox.outbox().allSatisfy { $0.status == .delivered }
            }
            #expect(sink.messages().count == orders, "exactly once each")
            #expect(Set(mails.map(\.to)) == Set((1...orders).map { "d\($0)@example.com" }))
            #expect(Set(mails.map(\.messageID)).count == orders)
            #expect(try await sandbox.outbox().allSatisfy { $0.attempts >= 2 }, "each was retried")
            _ = server
        }
    }

    @Test("a 5xx bounce: failed, the address suppressed, never retried", arguments: Backend.enabled)
    func bounce(_ backend: Backend) async throws {
        try await JourneySandbox.with(backend) { sandbox in
            try sandbox.apply([try TestJourneys.confirmation(sandbox)])
            let sink = try await sandbox.smtpSink(rejects: ["gone@example.com": "550 5.1.1 No such user"])
            let server = try await sandbox.serve(
                ["--smtp-url", sink.url], environment: ["ENCORE_RETRY_BASE_MS": "100"])
            try await server.order(orderJSON(id: "B1", email: "gone@example.com", customer: "gone"))
            try await server.order(orderJSON(id: "B2", email: "here@example.com", customer: "here"))
            try await sink.waitFor(1)
            try await poll("the bounce recorded", timeout: .seconds(60)) {
                try await sandbox.outbox().contains { $0.recipient == "gone@example.com" && $0.status == .failed }
            }
            let bounced = try #require(try await sandbox.outbox().first { $0.recipient == "gone@example.com" })
            #expect(bounced.attempts == 1)
            #expect(bounced.lastError?.contains("550") == true, "\(bounced.lastError ?? "")")
            let suppressed = try await sandbox.storage.suppressions(storeID: sandbox.store.id, channel: .email)
            #expect(suppressed.map(\.address) == ["gone@example.com"])
            #expect(suppressed.first?.reason == "bounce")
            // Well past several retry delays: still one attempt, and only the good address got mail.
            try await Task.sleep(for: .seconds(1))
            #expect(try await sandbox.outbox().first { $0.recipient == "gone@example.com" }?.attempts == 1)
            #expect(sink.messages().map(\.to) == ["here@example.com"])
            // A later order to the bounced address is skipped as suppressed, not sent.
            try await server.order(orderJSON(id: "B3", email: "gone@example.com", customer: "gone"))
            try await poll("the next send skipped", timeout: .seconds(60)) {
                try await sandbox.log(journey: "confirm").contains { $0.kind == "skipped" && $0.reason == "suppressed" }
            }
            #expect(try await sandbox.outbox().filter { $0.recipient == "gone@example.com" }.count == 1)
        }
    }

    @Test(
        "SMS and a webhook to a local HTTP receiver: Twilio-shaped form fields, a verifiable signature",
        arguments: Backend.enabled)
    func smsAndWebhook(_ backend: Backend) async throws {
        try await JourneySandbox.with(backend) { sandbox in
            let receiver = try await sandbox.httpSink()
            let path = try sandbox.journey(
                "text-me",
                yaml: """
                    id: text-me
                    name: Text me
                    category: transactional
                    trigger:
                      event: order.placed
                    steps:
                      - id: sms
                        send: { channel: sms, template: shipped-text }
                      - id: hook
                        webhook: { url: "\(receiver.base)/hooks/encore", event: journey.texted }
                    """,
                templates: [
                    "shipped-text.text.mustache": "Hi {{customer.first_name}}, order {{order.number}} is on its way."
                ])
            try sandbox.apply([path])
            let sms = "sms+http://AC123:s3cr%2Ft@127.0.0.1:\(receiver.port)/twilio?from=%2B15550001111"
            let server = try await sandbox.serve(["--sms-url", sms])
            try await server.order(
                orderJSON(id: "S1", email: "sam@example.com", customer: "sam", phone: "+15557654321"))
            let requests = try await receiver.waitFor(2)
            try await Task.sleep(for: .milliseconds(300))
            #expect(receiver.requests().count == 2, "one SMS, one webhook")

            let text = try #require(requests.first { $0.path.hasPrefix("/twilio") })
            #expect(text.method == "POST")
            #expect(text.path == "/twilio/2010-04-01/Accounts/AC123/Messages.json")
            #expect(
                text.form == ["To": "+15557654321", "From": "+15550001111", "Body": "Hi Ada, order #S1 is on its way."])
            #expect(text.header("Authorization") == "Basic " + Data("AC123:s3cr/t".utf8).base64EncodedString())
            #expect(text.header("Content-Type") == "application/x-www-form-urlencoded")
            let sent = try #require(try await sandbox.outbox().first { $0.channel == .sms })
            #expect(text.header("Idempotency-Key") == sent.messageID)

            let hook = try #require(requests.first { $0.path == "/hooks/encore" })
            #expect(hook.method == "POST")
            #expect(hook.header("Content-Type") == "application/json")
            // The server's signing secret, from the database (generate is not used: it exists).
            let secret = try await sandbox.storage.serverSecret(
                named: "webhooks", generate: { "unused" }, now: Fixtures.t0)
            #expect(secret != "unused")
            #expect(throws: Never.self) {
                try WebhookSignature.verify(
                    secret: secret, timestamp: hook.header(WebhookSignature.timestampHeader),
                    signature: hook.header(WebhookSignature.signatureHeader), body: Array(hook.body.utf8))
            }
            #expect(throws: WebhookVerificationError.mismatch) {
                try WebhookSignature.verify(
                    secret: secret + "x", timestamp: hook.header(WebhookSignature.timestampHeader),
                    signature: hook.header(WebhookSignature.signatureHeader), body: Array(hook.body.utf8))
            }
            let body = try #require(try JSONSerialization.jsonObject(with: Data(hook.body.utf8)) as? [String: Any])
            #expect(body["event"] as? String == "journey.texted")
            #expect(body["journey"] as? String == "text-me")
            #expect(body["order"] as? String == "S1")
            #expect(body["customer"] as? String == "sam")
            #expect(
                hook.header(WebhookSignature.idempotencyKeyHeader)
                    == (try await sandbox.outbox().first { $0.channel == .webhook })?.messageID)
            try await poll("both delivered", timeout: .seconds(60)) {
                try await sandbox.outbox().allSatisfy { $0.status == .delivered }
            }
            _ = server
        }
    }
}

/// The journeys the delivery and crash tests publish.
enum TestJourneys {
    /// Transactional: the confirmation, at once.
    static func confirmation(_ sandbox: JourneySandbox) throws -> String {
        try sandbox.journey(
            "confirm",
            yaml: """
                id: confirm
                name: Confirmation
                category: transactional
                trigger:
                  event: order.placed
                steps:
                  - id: confirm
                    send: { channel: email, template: confirm }
                """,
            templates: [
                "confirm.subject.mustache": "Order {{order.number}} is confirmed",
                "confirm.html.mustache":
                    "<p>Hi {{customer.first_name}}, order <strong>{{order.number}}</strong> ({{order.total}}) is confirmed.</p>",
                "confirm.text.mustache":
                    "Hi {{customer.first_name}}, order {{order.number}} ({{order.total}}) is confirmed.",
            ])
    }

    /// Marketing, at once, whatever the hour (no holdout, no quiet hours, no goal).
    static func promo(_ sandbox: JourneySandbox) throws -> String {
        try sandbox.journey(
            "promo",
            yaml: """
                id: promo
                name: Promo
                category: marketing
                holdout: 0
                goal: none
                quiet_hours: ignore
                trigger:
                  event: order.placed
                steps:
                  - id: offer
                    send: { channel: email, template: promo }
                """,
            templates: [
                "promo.subject.mustache": "Something for you, {{customer.first_name}}",
                "promo.html.mustache": "<p>A treat for your next order.</p>",
                "promo.text.mustache": "A treat for your next order.\n\nUnsubscribe: {{links.unsubscribe}}",
            ])
    }
}
