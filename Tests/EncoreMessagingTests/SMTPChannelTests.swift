import EncoreCore
import EncoreMessaging
import Foundation
import NIOCore
import Testing

/// The SMTP channel against a real server (aiosmtpd, `scripts/smtp-sink.py`).
@Suite(
    .serialized,
    .enabled(
        if: SMTPSink.shouldRun,
        "python3 with aiosmtpd not found (python3 -m pip install aiosmtpd); CI=true runs and fails instead"))
struct SMTPChannelTests {
    private func channel(
        _ sink: SMTPSink, query: String = "tls=none", _ adjust: (inout SMTPConfiguration) -> Void = { _ in }
    ) throws -> SMTPChannel {
        var configuration = try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?\(query)")
        configuration.commandTimeout = .seconds(5)
        adjust(&configuration)
        return try SMTPChannel(configuration: configuration)
    }

    @Test func plainSendArrivesDecodedIntact() async throws {
        try await withSMTPSink { sink in
            let smtp = try channel(sink)
            let subject = "Votre commande « Crème brûlée » est partie 🚚 — merci beaucoup, Zoë, à bientôt"
            let text = "Bonjour Zoë,\n.une ligne qui commence par un point\n..et deux\n.\nfin = égal\n"
            let html = "<p>Bonjour Zoë,</p>\n.<p>point</p>\n"
            var email = Fixtures.email(subject: subject, text: text, html: html)
            email.from = EmailAddress("hello@shop.example", name: "Café Zoë")
            let outcome = await smtp.deliver(Fixtures.outgoing(email))
            #expect(outcome.isDelivered, "\(outcome)")
            #expect(outcome.text.hasPrefix("250 2.0.0 OK: queued as sink-1"))
            await smtp.shutdown()

            let mail = try #require(try sink.messages().first)
            #expect(mail.mailFrom == "hello@shop.example" && mail.rcptTos == ["ana@example.com"])
            #expect(mail.subject == subject)
            #expect(mail.header("From") == "Café Zoë <hello@shop.example>")
            #expect(mail.header("Message-ID") == "<order-1001.shipped@shop.example>")
            #expect(mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
            #expect(mail.contentType == "multipart/alternative")
            #expect(mail.parts.map(\.contentType) == ["text/plain", "text/html"])
            #expect(mail.parts.allSatisfy { $0.charset == "utf-8" })
            #expect(mail.parts[0].text.replacingOccurrences(of: "\r\n", with: "\n") == text)
            #expect(mail.parts[1].text.replacingOccurrences(of: "\r\n", with: "\n") == html)
            // Lines starting with "." reached the server unharmed (dot-stuffed on the wire).
            let raw = String(decoding: mail.raw, as: UTF8.self)
            #expect(raw.contains("\r\n.une ligne qui commence par un point\r\n..et deux\r\n.\r\n"))
            #expect(mail.mailOptions.contains { $0.hasPrefix("SIZE=") })
            #expect(!mail.tls && !mail.pipelined)
        }
    }

    @Test func base64BodyDecodes() async throws {
        try await withSMTPSink { sink in
            let smtp = try channel(sink)
            let text = "ご注文ありがとうございます。\n商品は明日発送されます。\n"
            let outcome = await smtp.deliver(Fixtures.outgoing(Fixtures.email(text: text, html: nil)))
            #expect(outcome.isDelivered, "\(outcome)")
            await smtp.shutdown()
            let mail = try #require(try sink.messages().first)
            #expect(mail.parts.count == 1 && mail.parts[0].transferEncoding == "base64")
            #expect(mail.parts[0].text.replacingOccurrences(of: "\r\n", with: "\n") == text)
        }
    }

    @Test func pipeliningSendsEnvelopeInOneWrite() async throws {
        var options = SMTPSink.Options()
        options.pipelining = true
        try await withSMTPSink(options) { sink in
            let smtp = try channel(sink)
            var email = Fixtures.email()
            email.to.append(EmailAddress("ben@example.com"))
            #expect(await smtp.deliver(Fixtures.outgoing(email)).isDelivered)
            await smtp.shutdown()
            let mail = try #require(try sink.messages().first)
            #expect(mail.pipelined, "RCPT TO and DATA were already buffered when MAIL FROM was handled")
            #expect(mail.rcptTos == ["ana@example.com", "ben@example.com"])
        }
    }

    @Test func startTLSWithAuthPlain() async throws {
        var options = SMTPSink.Options()
        options.startTLS = true
        options.auth = ("shop", "s3cret:with colon")
        try await withSMTPSink(options) { sink in
            let cert = try #require(sink.certificatePath)
            // Trusting exactly the sink's self-signed certificate, host name checked against 127.0.0.1.
            let smtp = try channel(sink, query: "tls=required&ca=\(cert)") {
                $0.credentials = ("shop", "s3cret:with colon")
            }
            let outcome = await smtp.deliver(Fixtures.outgoing(Fixtures.email()))
            #expect(outcome.isDelivered, "\(outcome)")
            await smtp.shutdown()
            let mail = try #require(try sink.messages().first)
            #expect(mail.tls && mail.authUser == "shop" && mail.authMechanism == "PLAIN")
        }
    }

    @Test func startTLSIsRefusedForAnUntrustedCertificate() async throws {
        var options = SMTPSink.Options()
        options.startTLS = true
        try await withSMTPSink(options) { sink in
            let smtp = try channel(sink, query: "tls=required")
            let outcome = await smtp.deliver(Fixtures.outgoing(Fixtures.email()))
            #expect(outcome.isTransient, "a TLS failure is ours to fix, not the recipient's: \(outcome)")
            #expect(try sink.messages().isEmpty)
            await smtp.shutdown()
        }
    }

    @Test func startTLSRequiredButNotOffered() async throws {
        try await withSMTPSink { sink in
            let smtp = try channel(sink, query: "tls=required&insecure=true")
            let outcome = await smtp.deliver(Fixtures.outgoing(Fixtures.email()))
            #expect(outcome == .transient(reason: "STARTTLS required but not offered by the server"))
            await smtp.shutdown()
        }
    }

    @Test func implicitTLSWithAuthLoginAndWrongPasswordIsTransient() async throws {
        var options = SMTPSink.Options()
        options.implicitTLS = true
        options.auth = ("shop", "pw")
        options.authMechanisms = ["LOGIN"]
        try await withSMTPSink(options) { sink in
            // Implicit TLS (smtps), credentials from the URL, only AUTH LOGIN on offer.
            var configuration = try SMTPConfiguration(url: "smtps://shop:pw@127.0.0.1:\(sink.port)?insecure=true")
            configuration.commandTimeout = .seconds(5)
            let smtp = try SMTPChannel(configuration: configuration)
            #expect(await smtp.deliver(Fixtures.outgoing(Fixtures.email())).isDelivered)
            await smtp.shutdown()

            configuration.credentials = ("shop", "wrong")
            let wrong = try SMTPChannel(configuration: configuration)
            let outcome = await wrong.deliver(Fixtures.outgoing(Fixtures.email()))
            #expect(outcome.isTransient && outcome.text.contains("535"), "\(outcome)")
            await wrong.shutdown()
            let mail = try #require(try sink.messages().first)
            #expect(mail.authUser == "shop" && mail.authMechanism == "LOGIN")
        }
    }

    @Test func credentialsAreNeverSentInClearUnlessTLSIsOff() async throws {
        var options = SMTPSink.Options()
        options.auth = ("shop", "pw")
        try await withSMTPSink(options) { sink in
            let careful = try channel(sink, query: "tls=starttls") { $0.credentials = ("shop", "pw") }
            let refused = await careful.deliver(Fixtures.outgoing(Fixtures.email()))
            #expect(refused == .transient(reason: "server offers no STARTTLS; not sending credentials in clear"))
            await careful.shutdown()
            let explicit = try channel(sink, query: "tls=none") { $0.credentials = ("shop", "pw") }
            #expect(await explicit.deliver(Fixtures.outgoing(Fixtures.email())).isDelivered)
            await explicit.shutdown()
            #expect(try sink.messages().map(\.authUser) == ["shop"])
        }
    }

    @Test func transientAndPermanentRefusals() async throws {
        var options = SMTPSink.Options()
        options.rejects = [
            "busy@example.com": "451 4.3.0 Mailbox busy, try later", "gone@example.com": "550 5.1.1 No such user",
        ]
        try await withSMTPSink(options) { sink in
            let smtp = try channel(sink)
            let busy = await smtp.deliver(Fixtures.outgoing(Fixtures.email(to: "busy@example.com")))
            #expect(busy == .transient(reason: "451 4.3.0 Mailbox busy, try later"))
            let gone = await smtp.deliver(Fixtures.outgoing(Fixtures.email(to: "gone@example.com")))
            #expect(gone == .permanent(reason: "550 5.1.1 No such user"))
            // The connection survives refusals (RSET) and delivers the next message.
            #expect(await smtp.deliver(Fixtures.outgoing(Fixtures.email())).isDelivered)
            #expect(await smtp.openedConnections == 1)
            await smtp.shutdown()
            #expect(try sink.messages().map(\.rcptTos) == [["ana@example.com"]])
        }
    }

    @Test func pipelinedRefusalWithAnotherRecipientAcceptedSendsNothing() async throws {
        var options = SMTPSink.Options()
        options.pipelining = true
        options.rejects = ["gone@example.com": "550 5.1.1 No such user"]
        try await withSMTPSink(options) { sink in
            let smtp = try channel(sink)
            var email = Fixtures.email()
            email.to.append(EmailAddress("gone@example.com"))
            #expect(await smtp.deliver(Fixtures.outgoing(email)) == .permanent(reason: "550 5.1.1 No such user"))
            #expect(await smtp.deliver(Fixtures.outgoing(Fixtures.email())).isDelivered)
            await smtp.shutdown()
            #expect(try sink.messages().map(\.rcptTos) == [["ana@example.com"]], "all or nothing per message")
        }
    }

    @Test func poolReusesFewConnectionsForManyMessages() async throws {
        try await withSMTPSink { sink in
            let smtp = try channel(sink) { $0.maximumConnections = 3 }
            let outcomes = await withTaskGroup(of: DeliveryOutcome.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        await smtp.deliver(
                            Fixtures.outgoing(Fixtures.email(id: "m\(index)@shop.example"), key: "k\(index)"))
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { $0.isDelivered }, "\(outcomes.filter { !$0.isDelivered })")
            #expect(await smtp.openedConnections <= 3)
            await smtp.shutdown()
            let messages = try sink.messages()
            #expect(messages.count == 30)
            #expect(Set(messages.compactMap(\.peerPort)).count <= 3, "messages arrived over at most 3 connections")
        }
    }

    @Test func poolRetiresConnectionsAfterTheirMessageLimit() async throws {
        try await withSMTPSink { sink in
            let smtp = try channel(sink) {
                $0.maximumConnections = 1
                $0.maximumMessagesPerConnection = 2
            }
            for index in 0..<5 {
                #expect(await smtp.deliver(Fixtures.outgoing(Fixtures.email(id: "r\(index)@shop.example"))).isDelivered)
            }
            #expect(await smtp.openedConnections == 3)
            await smtp.shutdown()
            #expect(Set(try sink.messages().compactMap(\.peerPort)).count == 3)
        }
    }

    @Test func idleConnectionClosedByTheServerIsReplaced() async throws {
        var options = SMTPSink.Options()
        // Long enough that a loaded machine finishes the first message before the server's idle
        // timer ends it (0.5 s and 2 s did not, once each, with the suite running in parallel on CI).
        options.idleTimeout = 4
        try await withSMTPSink(options) { sink in
            let smtp = try channel(sink)
            let first = await smtp.deliver(Fixtures.outgoing(Fixtures.email(id: "a@shop.example")))
            #expect(first.isDelivered, "\(first)")
            // The server hangs up the idle connection: wait until it has, however slow the machine.
            let deadline = ContinuousClock.now + .seconds(60)
            while try sink.idleClosures() == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try sink.idleClosures() == 1, "the server ended the idle connection")
            let outcome = await smtp.deliver(Fixtures.outgoing(Fixtures.email(id: "b@shop.example")))
            #expect(outcome.isDelivered, "RSET on the dead connection fails before anything is sent: \(outcome)")
            #expect(await smtp.openedConnections == 2)
            await smtp.shutdown()
            #expect(try sink.messages().count == 2)
        }
    }
}

/// The SMTP channel against servers that are down, silent or never asked.
@Suite struct SMTPChannelFailureTests {
    @Test func serverDownIsTransientOnTheRefusal() async throws {
        let port = try await StallingServer.unusedPort()
        let smtp = try SMTPChannel(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(port)?tls=none"))
        let outcome = await smtp.deliver(Fixtures.outgoing(Fixtures.email()))
        #expect(outcome.isTransient, "\(outcome)")
        // The refusal itself ends the attempt, not the 10 s connect timeout (how long that takes is
        // the machine's business; the cause is what this checks).
        #expect(outcome.text.lowercased().contains("refused"), "\(outcome)")
        await smtp.shutdown()
    }

    @Test("pipelined MAIL, RCPT and DATA are timed reply by reply: slow replies each in time pass")
    func pipelinedSlowRepliesEachInTime() async throws {
        var options = SMTPSink.Options()
        options.pipelining = true
        options.replyDelay = 2
        try await withSMTPSink(options) { sink in
            var configuration = try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?tls=none")
            // Each reply comes 2 s after the one before (MAIL's and the two RCPTs'; DATA's 354 at
            // once): 6 s for the group, more than the 5 s allowed a command, 3 s inside it per reply.
            configuration.commandTimeout = .seconds(5)
            let smtp = try SMTPChannel(configuration: configuration)
            var email = Fixtures.email()
            email.to.append(EmailAddress("ben@example.com"))
            let outcome = await smtp.deliver(Fixtures.outgoing(email))
            #expect(outcome.isDelivered, "\(outcome)")
            await smtp.shutdown()
            let mail = try #require(try sink.messages().first)
            #expect(mail.pipelined && mail.rcptTos == ["ana@example.com", "ben@example.com"])
        }
    }

    @Test func stalledServerHitsTheCommandTimeout() async throws {
        for greeting in [nil, "220 slow.example ESMTP\r\n"] {
            let server = try await StallingServer.start(greeting: greeting)
            var configuration = try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?tls=none")
            // Long enough that a loaded machine still reads a greeting sent at once in time.
            configuration.commandTimeout = .seconds(2)
            let smtp = try SMTPChannel(configuration: configuration)
            let start = ContinuousClock.now
            let outcome = await smtp.deliver(Fixtures.outgoing(Fixtures.email()))
            let elapsed = ContinuousClock.now - start
            #expect(
                outcome
                    == .transient(reason: greeting == nil ? "no reply to greeting in time" : "no reply to EHLO in time")
            )
            // The client waited the 2 s it was given (the reason above names the timeout that ended it).
            #expect(elapsed >= .seconds(2))
            await smtp.shutdown()
            try await server.stop()
        }
    }

    @Test func wrongKindAndInvalidMessagesArePermanent() async throws {
        let smtp = try SMTPChannel(configuration: SMTPConfiguration(host: "127.0.0.1", port: 9, tls: .none))
        let sms = OutgoingMessage(idempotencyKey: "k", content: .sms(SMSMessage(to: "+1555", body: "hi")))
        #expect(await smtp.deliver(sms) == .permanent(reason: "the SMTP channel cannot deliver sms messages"))
        let invalid = await smtp.deliver(Fixtures.outgoing(Fixtures.email(to: "not an address")))
        #expect(invalid == .permanent(reason: "invalid message: invalid email address \"not an address\""))
        await smtp.shutdown()
    }
}
