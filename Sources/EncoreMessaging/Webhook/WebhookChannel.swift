public import AsyncHTTPClient
public import EncoreCore
public import Foundation
import NIOCore
import NIOHTTP1

/// Delivers ``OutgoingMessage/Content/webhook(_:)`` messages: a signed JSON POST to the message's URL.
///
/// Headers: `Content-Type: application/json`, `Encore-Timestamp`, `Encore-Signature` (see
/// ``WebhookSignature``) and `Encore-Idempotency-Key` (the outbox's key, the same on every
/// attempt, so receivers can drop duplicates). Redirects are not followed: the signature was
/// made for the receiver that was configured. Outcomes: `.delivered` with `HTTP <status>`;
/// `.transient` for 429, 5xx, 401/403, timeouts and connection errors; `.permanent` for other
/// statuses, an invalid URL or a message of another kind.
public struct WebhookChannel: MessageChannel {
    public let configuration: WebhookConfiguration
    private let httpClient: HTTPClient
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - httpClient: the client to send with; ``MessagingHTTPClient/shared`` (no redirects) by default. It should
    ///     not follow redirects (the shared one does not for POST with a body… check yours).
    ///   - now: the clock for `Encore-Timestamp`; the system clock by default.
    public init(
        configuration: WebhookConfiguration,
        httpClient: HTTPClient = MessagingHTTPClient.shared,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.now = now
    }

    public func deliver(_ message: OutgoingMessage) async -> DeliveryOutcome {
        guard case .webhook(let webhook) = message.content else {
            return .permanent(reason: "the webhook channel cannot deliver \(message.kind) messages")
        }
        guard let url = URL(string: webhook.url), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else { return .permanent(reason: "invalid webhook URL \(webhook.url)") }

        let body = Array(webhook.body.utf8)
        let timestamp = Int64(now().timeIntervalSince1970.rounded(.down))
        var request = HTTPClientRequest(url: webhook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: WebhookSignature.timestampHeader, value: String(timestamp))
        request.headers.add(
            name: WebhookSignature.signatureHeader,
            value: WebhookSignature.signature(
                secret: webhook.secret ?? configuration.secret, timestamp: timestamp, body: body))
        request.headers.add(name: WebhookSignature.idempotencyKeyHeader, value: message.idempotencyKey)
        request.body = .bytes(ByteBuffer(bytes: body))

        do {
            let response = try await httpClient.execute(request, timeout: configuration.timeout)
            let answer = try await response.body.collect(upTo: 64 << 10)
            let status = Int(response.status.code)
            return HTTPOutcome.classify(
                status: status, detail: HTTPOutcome.detail(status: status, body: Array(answer.readableBytesView)),
                deliveredReply: "HTTP \(status)")
        } catch {
            return .transient(reason: "webhook request failed: \(error)")
        }
    }
}
