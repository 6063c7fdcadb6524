import EncoreCore
import EncoreMessaging
import Foundation
import NIOCore
import Testing

@Suite struct SMSChannelTests {
    private func withProvider(
        _ respond: @escaping @Sendable (HTTPCaptureServer.Request) -> HTTPCaptureServer.Response,
        _ body: (HTTPCaptureServer, SMSChannel) async throws -> Void
    ) async throws {
        let server = HTTPCaptureServer(respond: respond)
        try await server.start()
        var configuration = try SMSConfiguration(
            url: "sms+http://AC0123:tok%2Fen@127.0.0.1:\(server.port)/twilio?from=%2B15550001111")
        configuration.timeout = .seconds(3)  // answers arrive in time on a loaded machine; the hang still ends
        do {
            try await body(server, SMSChannel(configuration: configuration))
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }

    private let message = OutgoingMessage(
        idempotencyKey: "msg-42",
        content: .sms(SMSMessage(to: "+15557654321", body: "Your parcel is on its way: 1+1=2 & café")))

    @Test func postsTwilioFormWithBasicAuthAndKeepsTheSid() async throws {
        try await withProvider({ _ in .init(status: 201, body: #"{"sid": "SM9f2c", "status": "queued"}"#) }) {
            server, sms in
            let outcome = await sms.deliver(message)
            #expect(outcome == .delivered(reply: "SM9f2c"))
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/twilio/2010-04-01/Accounts/AC0123/Messages.json")
            #expect(request.headers["authorization"] == "Basic " + Data("AC0123:tok/en".utf8).base64EncodedString())
            #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
            #expect(request.headers["idempotency-key"] == "msg-42")
            #expect(request.headers["i-twilio-idempotency-token"] == "msg-42")
            let form = try #require(
                URLComponents(string: "?" + request.bodyText.replacingOccurrences(of: "+", with: "%20")))
            let fields = Dictionary(uniqueKeysWithValues: (form.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(
                fields == [
                    "To": "+15557654321", "From": "+15550001111", "Body": "Your parcel is on its way: 1+1=2 & café",
                ])
        }
    }

    @Test func messagingServiceReplacesFrom() async throws {
        let server = HTTPCaptureServer { _ in .init(status: 201, body: #"{"sid": "SM1"}"#) }
        try await server.start()
        let configuration = SMSConfiguration(
            baseURL: server.baseURL, accountSID: "AC1", authToken: "t", sender: .messagingService("MG77"))
        #expect(await SMSChannel(configuration: configuration).deliver(message) == .delivered(reply: "SM1"))
        #expect(server.requests.first?.bodyText.contains("MessagingServiceSid=MG77") == true)
        #expect(server.requests.first?.bodyText.contains("From=") == false)
        try await server.stop()
    }

    @Test func classifiesFailures() async throws {
        try await withProvider({ request in
            switch request.headers["idempotency-key"] {
            case "500": .init(status: 500, body: "oops")
            case "429": .init(status: 429, body: #"{"code": 20429, "message": "Too Many Requests"}"#)
            case "400":
                .init(status: 400, body: #"{"code": 21211, "message": "The 'To' number is not a valid phone number."}"#)
            case "401": .init(status: 401, body: #"{"code": 20003, "message": "Authenticate"}"#)
            default: .init(status: 200, hang: true)
            }
        }) { _, sms in
            func send(_ key: String) async -> DeliveryOutcome {
                await sms.deliver(OutgoingMessage(idempotencyKey: key, content: message.content))
            }
            #expect(await send("500") == .transient(reason: "HTTP 500: oops"))
            #expect(await send("429") == .transient(reason: "HTTP 429: 20429 Too Many Requests"))
            #expect(
                await send("400") == .permanent(reason: "HTTP 400: 21211 The 'To' number is not a valid phone number."))
            #expect(await send("401").isTransient, "bad credentials are ours to fix")
            let timedOut = await send("hang")
            // The endpoint never answers: only the timeout ends the call.
            #expect(timedOut.isTransient, "\(timedOut)")
            #expect(timedOut.text.contains("deadlineExceeded"), "\(timedOut)")
        }
    }

    @Test func unreachableProviderIsTransient() async throws {
        let port = try await StallingServer.unusedPort()
        let configuration = SMSConfiguration(
            baseURL: "http://127.0.0.1:\(port)", accountSID: "AC1", authToken: "t", sender: .number("+1"))
        #expect(await SMSChannel(configuration: configuration).deliver(message).isTransient)
    }

    @Test func otherKindsArePermanent() async {
        let sms = SMSChannel(configuration: SMSConfiguration(accountSID: "AC1", authToken: "t", sender: .number("+1")))
        #expect(
            await sms.deliver(Fixtures.outgoing(Fixtures.email()))
                == .permanent(reason: "the SMS channel cannot deliver email messages"))
    }
}
