import Crypto
import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Shopify webhooks")
struct ShopifyWebhookTests {
    static let order = #"""
        {"id": 9007199254740993, "name": "#1001", "email": "jon@example.com", "created_at": "2024-03-01T12:30:00-05:00",
         "updated_at": "2024-03-01T12:30:00-05:00", "currency": "USD", "subtotal_price": "20.00", "total_line_items_price": "20.00",
         "total_discounts": "0.00", "total_tax": "1.60", "total_price": "26.60", "financial_status": "paid",
         "fulfillment_status": null, "cancelled_at": null, "source_name": "web",
         "total_shipping_price_set": {"shop_money": {"amount": "5.00", "currency_code": "USD"}},
         "customer": {"id": 18446744073709551610, "email": "jon@example.com", "first_name": "Jon", "last_name": "Snow",
                      "email_marketing_consent": {"state": "subscribed", "consent_updated_at": "2024-01-01T00:00:00Z"}},
         "line_items": [{"id": 9007199254740995, "sku": "BEAN", "title": "Beans", "name": "Beans", "quantity": 2,
                         "price": "10.00", "total_discount": "0.00", "product_type": "coffee"}]}
        """#

    static let fulfillment = #"""
        {"id": 18446744073709551615, "order_id": 9007199254740993, "status": "success",
         "created_at": "2024-03-02T09:00:00-05:00", "updated_at": "2024-03-04T16:45:00-05:00",
         "tracking_company": "UPS", "tracking_number": "1Z", "shipment_status": "delivered"}
        """#

    static let refund = #"""
        {"id": 9007199254740997, "order_id": 9007199254740993, "created_at": "2024-03-06T10:15:00-05:00", "note": "damaged",
         "refund_line_items": [{"id": 1, "quantity": 1, "line_item_id": 9007199254740995, "subtotal": 10.0, "total_tax": 0.8}],
         "transactions": [{"id": 2, "kind": "refund", "status": "success", "amount": "10.80", "currency": "USD"}]}
        """#

    static func sign(_ body: String, secret: String = "shhh") -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }

    static func deliver(
        _ api: APIHarness, topic: String, body: String, id: String, signature: String? = nil, store: String = "shop"
    ) async throws -> APIHarness.Reply {
        var headers: HTTPFields = [:]
        headers[HTTPField.Name("X-Shopify-Topic")!] = topic
        headers[HTTPField.Name("X-Shopify-Webhook-Id")!] = id
        headers[HTTPField.Name("X-Shopify-Hmac-Sha256")!] = signature ?? sign(body)
        headers[.contentType] = "application/json"
        return try await api.client.execute(
            uri: "/webhooks/shopify/\(store)", method: .post, headers: headers, body: ByteBuffer(string: body)
        ) { response in
            APIHarness.Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    @Test("orders, fulfillments and refunds arrive; ids above 2^53 stay exact", arguments: Backend.enabled)
    func topics(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let created = try await Self.deliver(api, topic: "orders/create", body: Self.order, id: "w1")
            #expect(created.status == .ok, "\(created.text)")
            let shipped = try await Self.deliver(api, topic: "fulfillments/create", body: Self.fulfillment, id: "w2")
            #expect(shipped.status == .ok, "\(shipped.text)")
            let refunded = try await Self.deliver(api, topic: "refunds/create", body: Self.refund, id: "w3")
            #expect(refunded.status == .ok, "\(refunded.text)")
            let afterRefund = try await api.get("/v1/orders/9007199254740993")
            #expect(afterRefund.json["financial_status"] as? String == "partially_refunded")
            let cancelled = Self.order.replacingOccurrences(
                of: #""cancelled_at": null"#, with: #""cancelled_at": "2024-03-07T10:00:00-05:00", "cancel_reason": "customer""#)
            #expect(try await Self.deliver(api, topic: "orders/cancelled", body: cancelled, id: "w4").status == .ok)
            let order = try await api.get("/v1/orders/9007199254740993")
            #expect(order.status == .ok)
            #expect(order.json["customer_id"] as? String == "18446744073709551610")
            #expect(order.json["total"] as? String == "26.60")
            #expect(order.json["cancel_reason"] as? String == "customer")
            #expect(order.text.contains(#""id":"18446744073709551615""#))
            let shipments = order.json["shipments"] as? [[String: Any]] ?? []
            #expect(shipments.first?["status"] as? String == "delivered")
            #expect((order.json["refunds"] as? [[String: Any]])?.first?["amount"] as? String == "10.80")
            #expect(order.json["financial_status"] as? String == "paid", "the source's later status wins")
            let customer = try await api.get("/v1/customers/18446744073709551610")
            let types = Set((customer.json["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String })
            #expect(types.isSuperset(of: ["order.placed", "shipment.delivered", "refund.created", "order.cancelled"]))
        }
    }

    @Test("a replayed delivery gets the same answer and changes nothing", arguments: Backend.enabled)
    func replay(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let first = try await Self.deliver(api, topic: "orders/create", body: Self.order, id: "same")
            let before = try await api.get("/v1/stats").text
            for _ in 0..<3 {
                let again = try await Self.deliver(api, topic: "orders/create", body: Self.order, id: "same")
                #expect(again.status == first.status)
                #expect(again.text == first.text)
            }
            // A different delivery of the same order (Shopify retries with a new id on orders/updated) changes nothing either.
            #expect(try await Self.deliver(api, topic: "orders/updated", body: Self.order, id: "other").status == .ok)
            #expect(try await api.get("/v1/stats").text == before)
        }
    }

    @Test("a wrong or missing signature is 401 and stores nothing", arguments: Backend.enabled)
    func signatures(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let wrongSecret = try await Self.deliver(
                api, topic: "orders/create", body: Self.order, id: "x1", signature: Self.sign(Self.order, secret: "nope"))
            #expect(wrongSecret.status == .unauthorized)
            #expect(wrongSecret.errorField == "X-Shopify-Hmac-Sha256")
            let tampered = try await Self.deliver(
                api, topic: "orders/create", body: Self.order.replacingOccurrences(of: "26.60", with: "0.01"), id: "x2",
                signature: Self.sign(Self.order))
            #expect(tampered.status == .unauthorized)
            let garbage = try await Self.deliver(api, topic: "orders/create", body: Self.order, id: "x3", signature: "%%%")
            #expect(garbage.status == .unauthorized)
            #expect(try await api.get("/v1/stats").json["orders"] as? Int == 0)
            // After a rejected attempt, the genuine delivery with the same id still goes through.
            #expect(try await Self.deliver(api, topic: "orders/create", body: Self.order, id: "x1").status == .ok)
            #expect(try await api.get("/v1/stats").json["orders"] as? Int == 1)
        }
    }

    @Test("unknown store, unknown topic, missing delivery id, bad payload", arguments: Backend.enabled)
    func badRequests(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let unknownStore = try await Self.deliver(api, topic: "orders/create", body: Self.order, id: "a", store: "ghost")
            #expect(unknownStore.status == .notFound)
            #expect(unknownStore.errorField == "store")
            let topic = try await Self.deliver(api, topic: "products/create", body: Self.order, id: "b")
            #expect(topic.status == .badRequest)
            #expect(topic.errorField == "X-Shopify-Topic")
            let noID = try await Self.deliver(api, topic: "orders/create", body: Self.order, id: "")
            #expect(noID.errorField == "X-Shopify-Webhook-Id")
            let broken = #"{"id": 1, "currency": "USD", "line_items": [{"id": 2, "quantity": "two", "price": "1.00"}]}"#
            let payload = try await Self.deliver(api, topic: "orders/create", body: broken, id: "c")
            #expect(payload.status == .unprocessableContent)
            #expect(payload.errorField?.isEmpty == false)
            let orphan = try await Self.deliver(api, topic: "fulfillments/create", body: Self.fulfillment, id: "d")
            #expect(orphan.status == .unprocessableContent, "a fulfillment of an unknown order")
            #expect(orphan.errorField == "order_id")
            #expect(try await api.get("/v1/stats").json["shipments"] as? Int == 0)
        }
    }

    @Test("a NUL character in the payload is a 422 naming the field, on every backend", arguments: Backend.enabled)
    func nulCharacter(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let body = Self.order.replacingOccurrences(of: #""title": "Beans""#, with: #""title": "Be\u0000ans""#)
            #expect(body != Self.order)
            let reply = try await Self.deliver(api, topic: "orders/create", body: body, id: "nul-1")
            #expect(reply.status == .unprocessableContent, "\(reply.text)")
            #expect(reply.errorField == "line_items[0].title")
            #expect(try await api.get("/v1/stats").json["orders"] as? Int == 0)
        }
    }
}
