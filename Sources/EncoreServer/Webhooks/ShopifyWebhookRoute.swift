import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import EncoreCore
import EncoreStore

/// POST /webhooks/shopify/{store}: Shopify's order, fulfillment and refund webhooks.
///
/// The raw body is verified against `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 with the store's
/// webhook secret, compared in constant time) before anything is parsed. A delivery is recorded
/// with its answer in the same transaction as its effects, keyed by `X-Shopify-Webhook-Id`, so a
/// replay is answered the same way and changes nothing.
struct ShopifyWebhookRoute {
    let storage: any EncoreStorage
    let clock: any Clock

    static let hmacHeader = HTTPField.Name("X-Shopify-Hmac-Sha256")!
    static let topicHeader = HTTPField.Name("X-Shopify-Topic")!
    static let webhookIDHeader = HTTPField.Name("X-Shopify-Webhook-Id")!

    func register(on router: Router<EncoreRequestContext>) {
        router.post("webhooks/shopify/{store}", use: handle)
    }

    @Sendable func handle(_ request: Request, context: EncoreRequestContext) async throws -> Response {
        let name = try context.parameters.require("store")
        guard let decoded = PathID.decode(name), let store = try await storage.store(named: decoded) else {
            throw APIError(.notFound, field: "store", reason: "no store '\(name)'")
        }
        let body = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        guard let secret = store.webhookSecret, !secret.isEmpty else {
            throw APIError(
                .unauthorized, field: "X-Shopify-Hmac-Sha256",
                reason: "this store has no webhook secret; set one with 'encore stores create --webhook-secret'")
        }
        guard let signature = request.headers[Self.hmacHeader], let mac = Data(base64Encoded: signature) else {
            throw APIError(.unauthorized, field: "X-Shopify-Hmac-Sha256", reason: "missing or not base64")
        }
        let key = SymmetricKey(data: Data(secret.utf8))
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: key) else {
            throw APIError(.unauthorized, field: "X-Shopify-Hmac-Sha256", reason: "signature does not match the body")
        }
        guard let rawTopic = request.headers[Self.topicHeader] else {
            throw APIError(.badRequest, field: "X-Shopify-Topic", reason: "is required")
        }
        guard let topic = ShopifyTopic(rawValue: rawTopic) else {
            throw APIError(
                .badRequest, field: "X-Shopify-Topic",
                reason: "'\(rawTopic)' is not handled; use one of \(ShopifyTopic.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let deliveryID = request.headers[Self.webhookIDHeader], !deliveryID.isEmpty, deliveryID.utf8.count <= 255
        else {
            throw APIError(.badRequest, field: "X-Shopify-Webhook-Id", reason: "is required")
        }
        if let previous = try await storage.webhookDelivery(storeID: store.id, source: "shopify", id: deliveryID) {
            return Self.response(status: previous.status, body: previous.response)
        }
        if let error = JSONBodyCheck.nulCharacter(inBody: body) {
            throw APIError(.unprocessableContent, field: error.field, reason: error.reason)
        }
        var batch: IngestBatch
        do {
            batch = try ShopifyWebhook.batch(topic: topic, body: body, store: store, receivedAt: clock.now())
        } catch {
            throw APIError(.unprocessableContent, field: error.field, reason: error.reason)
        }
        let answer = JSONText.render([("status", .string("processed")), ("topic", .string(topic.rawValue))])
        batch.webhookDelivery = WebhookDelivery(
            source: "shopify", id: deliveryID, topic: topic.rawValue, status: 200, response: answer)
        _ = try await storage.ingest(batch, now: clock.now())
        return Self.response(status: 200, body: answer)
    }

    static func response(status: Int, body: String) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
