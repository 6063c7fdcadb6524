import EncoreCore
import EncoreMessaging
import Foundation
import NIOCore
import Testing

@Suite struct WebhookChannelTests {
    private let body = #"{"event":"journey.detractor","customer":"c-1","score":3}"#

    private func message(_ url: String, key: String = "wh-1", secret: String? = nil) -> OutgoingMessage {
        OutgoingMessage(idempotencyKey: key, content: .webhook(WebhookMessage(url: url, body: body, secret: secret)))
    }

    @Test func signedPostVerifiesWithThePublicVerifier() async throws {
        let server = HTTPCaptureServer { _ in .init(status: 204) }
        try await server.start()
        let clock = Date(timeIntervalSince1970: 1_762_248_600)
        let channel = WebhookChannel(configuration: WebhookConfiguration(secret: "whsec_abc"), now: { clock })
        #expect(await channel.deliver(message(server.baseURL + "/hooks/encore")) == .delivered(reply: "HTTP 204"))
        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.path == "/hooks/encore")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["encore-idempotency-key"] == "wh-1")
        #expect(request.headers["encore-timestamp"] == "1762248600")
        #expect(request.bodyText == body)
        let timestamp = request.headers["encore-timestamp"]
        let signature = request.headers["encore-signature"]
        #expect(signature?.hasPrefix("v1=") == true && signature?.count == 67)
        try WebhookSignature.verify(
            secret: "whsec_abc", timestamp: timestamp, signature: signature, body: request.body,
            now: clock.addingTimeInterval(30))
        #expect(throws: WebhookVerificationError.mismatch) {
            try WebhookSignature.verify(
                secret: "other", timestamp: timestamp, signature: signature, body: request.body, now: clock)
        }
        #expect(throws: WebhookVerificationError.mismatch) {
            try WebhookSignature.verify(
                secret: "whsec_abc", timestamp: timestamp, signature: signature,
                body: Array((body + " ").utf8), now: clock)
        }
        #expect(throws: WebhookVerificationError.outsideTolerance) {
            try WebhookSignature.verify(
                secret: "whsec_abc", timestamp: timestamp, signature: signature, body: request.body,
                now: clock.addingTimeInterval(301))
        }
        try await server.stop()
    }

    @Test func perMessageSecretOverridesTheChannels() async throws {
        let server = HTTPCaptureServer { _ in .init(status: 200) }
        try await server.start()
        let channel = WebhookChannel(configuration: WebhookConfiguration(secret: "default"))
        #expect(await channel.deliver(message(server.baseURL, secret: "store-7")).isDelivered)
        let request = try #require(server.requests.first)
        try WebhookSignature.verify(
            secret: "store-7", timestamp: request.headers["encore-timestamp"],
            signature: request.headers["encore-signature"], body: request.body)
        try await server.stop()
    }

    @Test func classifiesFailures() async throws {
        let server = HTTPCaptureServer { request in
            switch request.path {
            case "/500": .init(status: 500, body: "down")
            case "/503": .init(status: 503)
            case "/400": .init(status: 400, body: #"{"error":"bad"}"#)
            case "/410": .init(status: 410)
            case "/302": .init(status: 302)
            default: .init(status: 200, hang: true)
            }
        }
        try await server.start()
        // Answers are classified with a timeout a loaded machine cannot miss; the hang with a short one.
        let channel = WebhookChannel(configuration: WebhookConfiguration(secret: "s", timeout: .seconds(10)))
        let impatient = WebhookChannel(configuration: WebhookConfiguration(secret: "s", timeout: .milliseconds(500)))
        #expect(await channel.deliver(message(server.baseURL + "/500")) == .transient(reason: "HTTP 500: down"))
        #expect(await channel.deliver(message(server.baseURL + "/503")) == .transient(reason: "HTTP 503"))
        #expect(
            await channel.deliver(message(server.baseURL + "/400")) == .permanent(reason: #"HTTP 400: {"error":"bad"}"#)
        )
        #expect(await channel.deliver(message(server.baseURL + "/410")).isPermanent)
        #expect(await channel.deliver(message(server.baseURL + "/302")).isPermanent, "redirects are not followed")
        // The server never answers: only the 500 ms timeout ends the call.
        let hung = await impatient.deliver(message(server.baseURL + "/hang"))
        #expect(hung.isTransient && hung.text.contains("deadlineExceeded"), "\(hung)")
        try await server.stop()

        let port = try await StallingServer.unusedPort()
        #expect(await channel.deliver(message("http://127.0.0.1:\(port)/")).isTransient)
        #expect(
            await channel.deliver(message("ftp://example.com/x"))
                == .permanent(reason: "invalid webhook URL ftp://example.com/x"))
    }

    @Test func verifierRejectsMalformedHeaders() {
        let bytes = Array(body.utf8)
        let now = Date(timeIntervalSince1970: 1000)
        let good = WebhookSignature.signature(secret: "s", timestamp: 1000, body: bytes)
        #expect(throws: WebhookVerificationError.missingHeader) {
            try WebhookSignature.verify(secret: "s", timestamp: nil, signature: good, body: bytes, now: now)
        }
        #expect(throws: WebhookVerificationError.malformedTimestamp) {
            try WebhookSignature.verify(secret: "s", timestamp: "+1000", signature: good, body: bytes, now: now)
        }
        #expect(throws: WebhookVerificationError.malformedSignature) {
            try WebhookSignature.verify(secret: "s", timestamp: "1000", signature: "v0=abc", body: bytes, now: now)
        }
        #expect(throws: WebhookVerificationError.malformedSignature) {
            try WebhookSignature.verify(secret: "s", timestamp: "1000", signature: "v1=zz", body: bytes, now: now)
        }
        // During a secret rotation several signatures may be sent; one match is enough.
        let rotated = WebhookSignature.signature(secret: "old", timestamp: 1000, body: bytes) + ", " + good
        #expect(throws: Never.self) {
            try WebhookSignature.verify(secret: "s", timestamp: "1000", signature: rotated, body: bytes, now: now)
        }
        // A known vector: HMAC-SHA256("key", "1.x").
        #expect(
            WebhookSignature.signature(secret: "key", timestamp: 1, body: Array("x".utf8)) == "v1="
                + hmacHex("key", "1.x"))
    }

    /// HMAC-SHA256 in hex computed by openssl, independent of swift-crypto.
    private func hmacHex(_ key: String, _ message: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "dgst", "-sha256", "-hmac", key, "-r"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        guard (try? process.run()) != nil else { return "openssl unavailable" }
        input.fileHandleForWriting.write(Data(message.utf8))
        try? input.fileHandleForWriting.close()
        process.waitForExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(text.prefix { $0 != " " })
    }
}
