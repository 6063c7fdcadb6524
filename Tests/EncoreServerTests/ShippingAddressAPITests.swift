import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

/// `shipping_address` on POST /v1/orders: a string or an object of parts, stored on one line.
@Suite("API: order shipping address")
struct ShippingAddressAPITests {
    static func order(_ id: String, address: String) -> String {
        #"{"id": "\#(id)", "placed_at": "2026-03-01T10:00:00Z", "shipping_address": \#(address), "lines": [{"title": "Beans", "quantity": 1, "unit_price": "12.50"}]}"#
    }

    @Test("a string or an object of parts is stored on one line and read back", arguments: Backend.enabled)
    func accepted(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let text = try await api.post(
                "/v1/orders", Self.order("a1", address: #"" 12 Rue de la Paix, 75002 Paris, FR ""#))
            #expect(text.status == .created, "\(text.text)")
            #expect(
                (text.json["order"] as? [String: Any])?["shipping_address"] as? String
                    == "12 Rue de la Paix, 75002 Paris, FR")

            let parts =
                #"{"address1": "1 Infinite Loop", "address2": "", "city": "Cupertino", "zip": "95014", "province": "CA", "country": "US", "name": "ignored"}"#
            let object = try await api.post("/v1/orders", Self.order("a2", address: parts))
            #expect(object.status == .created, "\(object.text)")
            let read = try await api.get("/v1/orders/a2")
            #expect(read.json["shipping_address"] as? String == "1 Infinite Loop, Cupertino, 95014, CA, US")

            for (id, none) in [("a3", "null"), ("a4", "{}"), ("a5", #""  ""#)] {
                #expect(try await api.post("/v1/orders", Self.order(id, address: none)).status == .created)
                let stored = try await api.get("/v1/orders/\(id)")
                #expect(stored.json["shipping_address"] is NSNull, "\(none) is no address")
            }
            let without = try await api.post("/v1/orders", APIHarness.order)
            #expect((without.json["order"] as? [String: Any])?["shipping_address"] is NSNull)
        }
    }

    @Test("the same address again is unchanged; another address is an update", arguments: Backend.enabled)
    func replay(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let body = Self.order(
                "r1", address: #"{"address1": "12 Rue de la Paix", "city": "Paris", "country": "FR"}"#)
            #expect(try await api.post("/v1/orders", body).json["outcome"] as? String == "created")
            // The same address as a string is the same line, so the same order.
            let sameLine = Self.order("r1", address: #""12 Rue de la Paix, Paris, FR""#)
            #expect(try await api.post("/v1/orders", sameLine).json["outcome"] as? String == "unchanged")
            let moved = try await api.post("/v1/orders", Self.order("r1", address: #""3 Avenue Foch, Paris, FR""#))
            #expect(moved.json["outcome"] as? String == "updated")
            #expect(
                try await api.get("/v1/orders/r1").json["shipping_address"] as? String == "3 Avenue Foch, Paris, FR")
        }
    }

    @Test("a Shopify order webhook stores the address; a changed address updates it", arguments: Backend.enabled)
    func shopify(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            func body(_ address1: String) -> String {
                ShopifyWebhookTests.order.replacingOccurrences(
                    of: #""customer": {"#,
                    with:
                        #""shipping_address": {"address1": "\#(address1)", "city": "Ottawa", "zip": "K1A 0B1", "province": "Ontario", "country": "Canada", "country_code": "CA"}, "customer": {"#
                )
            }
            let created = try await ShopifyWebhookTests.deliver(
                api, topic: "orders/create", body: body("24 Sussex Dr"), id: "s1")
            #expect(created.status == .ok, "\(created.text)")
            let read = try await api.get("/v1/orders/9007199254740993")
            #expect(read.json["shipping_address"] as? String == "24 Sussex Dr, Ottawa, K1A 0B1, Ontario, CA")
            let before =
                try await api.get("/v1/customers/18446744073709551610").json["events"] as? [[String: Any]] ?? []
            #expect(
                try await ShopifyWebhookTests.deliver(
                    api, topic: "orders/updated", body: body("24 Sussex Dr"), id: "s2"
                )
                .status == .ok)
            let after = try await api.get("/v1/customers/18446744073709551610").json["events"] as? [[String: Any]] ?? []
            #expect(after.count == before.count, "the same address again derives nothing")
            #expect(
                try await ShopifyWebhookTests.deliver(api, topic: "orders/updated", body: body("1 Rideau St"), id: "s3")
                    .status == .ok)
            #expect(
                try await api.get("/v1/orders/9007199254740993").json["shipping_address"] as? String
                    == "1 Rideau St, Ottawa, K1A 0B1, Ontario, CA")
            let updated =
                try await api.get("/v1/customers/18446744073709551610").json["events"] as? [[String: Any]] ?? []
            #expect(updated.compactMap { $0["type"] as? String }.contains("order.updated"))
        }
    }

    @Test("a wrong type, a mistyped part or an over-long address names the field", arguments: Backend.enabled)
    func refused(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            for wrong in ["42", "true", #"["12 Rue de la Paix", "Paris"]"#] {
                let reply = try await api.post("/v1/orders", Self.order("w", address: wrong))
                #expect(reply.status == .badRequest, "\(wrong)")
                #expect(reply.errorField == "shipping_address", "\(wrong) -> \(reply.text)")
                #expect((reply.error["reason"] as? String)?.contains("a string or an object") == true)
            }
            let part = try await api.post("/v1/orders", Self.order("w", address: #"{"zip": 75002}"#))
            #expect(part.status == .badRequest)
            #expect(part.errorField == "shipping_address.zip")

            let long = try await api.post(
                "/v1/orders", Self.order("w", address: "\"" + String(repeating: "é", count: 501) + "\""))
            #expect(long.status == .unprocessableContent)
            #expect(long.errorField == "shipping_address")
            #expect((long.error["reason"] as? String)?.contains("at most 500 characters") == true)
            let longParts = #"{"address1": "\#(String(repeating: "x", count: 495))", "city": "Paris"}"#
            #expect(
                try await api.post("/v1/orders", Self.order("w", address: longParts)).errorField == "shipping_address")
            // 500 characters (1,000 bytes) is the limit, not over it.
            let fits = try await api.post(
                "/v1/orders", Self.order("ok", address: "\"" + String(repeating: "é", count: 500) + "\""))
            #expect(fits.status == .created, "\(fits.text)")

            let stats = try await api.get("/v1/stats")
            #expect(stats.json["orders"] as? Int == 1, "no refused order was stored")
        }
    }
}
