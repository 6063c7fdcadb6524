public import AsyncHTTPClient
public import EncoreCore
import Foundation
import NIOCore
import NIOHTTP1

/// Delivers ``OutgoingMessage/Content/sms(_:)`` messages through a Twilio-style Messages API.
///
/// Each attempt is one POST carrying the outbox's idempotency key in `Idempotency-Key` and
/// Twilio's `I-Twilio-Idempotency-Token`, so a retry after a lost answer is not sent twice by a
/// provider that honours either. Outcomes: `.delivered` with the provider's message `sid`;
/// `.transient` for 429, 5xx, 401/403, timeouts and connection errors; `.permanent` for other
/// 4xx (an invalid or unreachable number), with the provider's answer as the reason.
public struct SMSChannel: MessageChannel {
    public let configuration: SMSConfiguration
    private let httpClient: HTTPClient

    /// - Parameter httpClient: the client to send with; ``MessagingHTTPClient/shared`` (no redirects) by default.
    public init(configuration: SMSConfiguration, httpClient: HTTPClient = MessagingHTTPClient.shared) {
        self.configuration = configuration
        self.httpClient = httpClient
    }

    public func deliver(_ message: OutgoingMessage) async -> DeliveryOutcome {
        guard case .sms(let sms) = message.content else {
            return .permanent(reason: "the SMS channel cannot deliver \(message.kind) messages")
        }
        var fields = [("To", sms.to)]
        switch configuration.sender {
        case .number(let number): fields.append(("From", number))
        case .messagingService(let sid): fields.append(("MessagingServiceSid", sid))
        }
        fields.append(("Body", sms.body))

        var request = HTTPClientRequest(url: configuration.messagesURL)
        request.method = .POST
        let credentials = Base64.encode(Array("\(configuration.accountSID):\(configuration.authToken)".utf8))
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: message.idempotencyKey)
        request.headers.add(name: "I-Twilio-Idempotency-Token", value: message.idempotencyKey)
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(fields)))

        do {
            let response = try await httpClient.execute(request, timeout: configuration.timeout)
            let body = try await response.body.collect(upTo: 1 << 20)
            let bytes = Array(body.readableBytesView)
            let status = Int(response.status.code)
            let sid = (try? JSONDecoder().decode(ProviderAnswer.self, from: Data(bytes)))?.sid
            return HTTPOutcome.classify(
                status: status, detail: Self.detail(status: status, body: bytes),
                deliveredReply: sid ?? "HTTP \(status)")
        } catch {
            return .transient(reason: "SMS request failed: \(error)")
        }
    }

    /// Twilio's error bodies are `{"code": 21211, "message": "…"}`; show those two when present.
    private static func detail(status: Int, body: [UInt8]) -> String {
        if let answer = try? JSONDecoder().decode(ProviderAnswer.self, from: Data(body)), let message = answer.message {
            return "HTTP \(status): " + (answer.code.map { "\($0) " } ?? "") + message
        }
        return HTTPOutcome.detail(status: status, body: body)
    }

    private struct ProviderAnswer: Decodable {
        var sid: String?
        var code: Int?
        var message: String?
    }
}
