import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Every bad input gets a JSON error naming the field and the reason, and writes nothing.
@Suite("API: bad input")
struct BadInputTests {
    static let validLine = #"[{"title": "Beans", "quantity": 1, "unit_price": "12.50"}]"#

    static func order(_ fields: String, lines: String = validLine) -> String {
        #"{"id": "o1", "placed_at": "2026-03-01T10:00:00Z", "lines": \#(lines)\#(fields.isEmpty ? "" : ", " + fields)}"#
    }

    /// (body, expected status, expected field)
    static let cases: [(String, Int, String)] = [
        ("{\"id\": \"o1\", ", 400, "body"),
        ("[1, 2, 3]", 400, "body"),
        (#"{"id": "o1", "placed_at": "2026-03-01T10:00:00Z"}"#, 400, "lines"),
        (#"{"placed_at": "2026-03-01T10:00:00Z", "lines": []}"#, 400, "id"),
        (order("", lines: #"[{"title": "Beans", "quantity": "one", "unit_price": "12.50"}]"#), 400, "lines[0].quantity"),
        (order("", lines: #"[{"title": "Beans", "quantity": 1, "unit_price": 12.5}]"#), 400, "lines[0].unit_price"),
        (order(#""currency": "XYZ""#), 422, "currency"),
        (order("", lines: #"[{"title": "Beans", "quantity": 1, "unit_price": "-1.00"}]"#), 422, "lines[0].unit_price"),
        (order("", lines: #"[{"title": "Beans", "quantity": 1, "unit_price": "99999999999999999999.00"}]"#), 422, "lines[0].unit_price"),
        (order("", lines: #"[{"title": "Beans", "quantity": 1000, "unit_price": "92233720368547758.07"}]"#), 422, "lines[0].quantity"),
        (order(#""total": "abc""#), 422, "total"),
        (order(#""placed_at": "yesterday""#).replacingOccurrences(of: #""placed_at": "2026-03-01T10:00:00Z", "#, with: ""), 422, "placed_at"),
        (order("", lines: "[]"), 422, "lines"),
        (order(#""channel": "fax""#), 422, "channel"),
        (order(#""customer": {"first_name": "Ada"}"#), 422, "customer.id"),
        (order(#""customer": {"id": "c", "time_zone": "Mars/Olympus"}"#), 422, "customer.time_zone"),
        (order(#""id": {"nested": true}"#).replacingOccurrences(of: #""id": "o1", "#, with: ""), 400, "id"),
    ]

    @Test("malformed, mistyped, missing and out-of-range order fields", arguments: Backend.enabled)
    func orderErrors(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            for (body, status, field) in Self.cases {
                let reply = try await api.post("/v1/orders", body)
                #expect(reply.status.code == status, "\(body)")
                #expect(reply.errorField == field, "\(body) -> \(reply.text)")
                #expect((reply.error["reason"] as? String)?.isEmpty == false)
                #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            let stats = try await api.get("/v1/stats")
            #expect(stats.json["orders"] as? Int == 0, "no request left anything behind")
            #expect(stats.json["customers"] as? Int == 0)
        }
    }

    @Test("invalid UTF-8 and oversized bodies", arguments: Backend.enabled)
    func bodies(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            var bytes = Array(Self.order("").utf8)
            bytes.insert(contentsOf: [0xC3, 0x28], at: 20)
            let utf8 = try await api.request(.post, "/v1/orders", bytes: bytes)
            #expect(utf8.status == .badRequest)
            #expect(utf8.errorField == "body")
            #expect((utf8.error["reason"] as? String)?.contains("UTF-8") == true)
            let huge = Self.order(#""cancel_reason": ""# + String(repeating: "x", count: ServerLimits.maxBodyBytes) + "\"")
            let tooLarge = try await api.post("/v1/orders", huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.errorField == "body")
            let empty = try await api.post("/v1/orders", "")
            #expect(empty.status == .badRequest)
        }
    }

    @Test("missing, wrong and other stores' keys", arguments: Backend.enabled)
    func authentication(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            _ = try await api.post("/v1/orders", APIHarness.order)
            let none = try await api.client.execute(uri: "/v1/stats", method: .get) { response in response.status }
            #expect(none == .unauthorized)
            let wrong = try await api.get("/v1/stats", key: "enc_wrong")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorField == "Authorization")
            let basic = try await api.request(.get, "/v1/stats", headers: [:])
            #expect(basic.status == .ok)
            // A second store with its own key sees none of the first store's data.
            let other = try await api.storage.createStore(
                name: "other", organisation: nil, currency: .usd, timeZone: "UTC", webhookSecret: nil, now: Fixtures.t0)
            let otherKey = APIKeys.generate()
            try await api.storage.addAPIKey(
                storeID: other.id, keyHash: APIKeys.hash(otherKey), prefix: APIKeys.prefix(otherKey), now: Fixtures.t0)
            let foreign = try await api.get("/v1/orders/5678901234567890123", key: otherKey)
            #expect(foreign.status == .notFound)
            #expect(!foreign.text.contains("Beans"))
            let foreignCustomer = try await api.get("/v1/customers/c-1", key: otherKey)
            #expect(foreignCustomer.status == .notFound)
            #expect(try await api.get("/v1/stats", key: otherKey).json["orders"] as? Int == 0)
            let revokedKey = APIKeys.generate()
            try await api.storage.addAPIKey(
                storeID: api.store.id, keyHash: APIKeys.hash(revokedKey), prefix: APIKeys.prefix(revokedKey), now: Fixtures.t0)
            _ = try await api.storage.revokeAPIKeys(storeID: api.store.id, prefix: APIKeys.prefix(revokedKey), now: Fixtures.t0)
            #expect(try await api.get("/v1/stats", key: revokedKey).status == .unauthorized, "a revoked key")
            let home = try await api.client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            #expect(home.contains("Encore"))
            #expect(!home.contains("shop"), "the public page shows no store's name or figures")
            let unknownRoute = try await api.get("/v1/nothing-here")
            #expect(unknownRoute.status == .notFound)
            #expect(unknownRoute.error["status"] as? Int == 404)
        }
    }

    @Test("events: batches, repeated keys, reused keys, limits", arguments: Backend.enabled)
    func events(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let body = #"{"events": [{"type": "review.submitted", "customer_id": "c-1", "payload": {"stars": 5, "b": [1, 2.5, null]}, "idempotency_key": "rev-1"}]}"#
            let first = try await api.post("/v1/events", body)
            #expect(first.status == .ok)
            let second = try await api.post("/v1/events", body)
            #expect(second.status == .ok)
            #expect(second.text == first.text, "a repeated idempotency key gets the same answer")
            let reordered = #"{"events": [{"idempotency_key": "rev-1", "payload": {"b": [1, 2.5, null], "stars": 5}, "customer_id": "c-1", "type": "review.submitted"}]}"#
            #expect(try await api.post("/v1/events", reordered).text == first.text, "key order does not matter")
            let reused = try await api.post(
                "/v1/events", #"{"events": [{"type": "review.submitted", "payload": {"stars": 1}, "idempotency_key": "rev-1"}]}"#)
            #expect(reused.status == .unprocessableContent)
            #expect(reused.errorField == "idempotency_key")
            let badType = try await api.post("/v1/events", #"{"events": [{"type": "Bad Type!", "idempotency_key": "x"}]}"#)
            #expect(badType.errorField == "events[0].type")
            let notObject = try await api.post("/v1/events", #"{"events": [{"type": "a.b", "payload": [1], "idempotency_key": "x"}]}"#)
            #expect(notObject.errorField == "events[0].payload")
            let many = "{\"events\": [" + (0...ServerLimits.maxEventsPerBatch).map { #"{"type": "a.b", "idempotency_key": "k\#($0)"}"# }
                .joined(separator: ",") + "]}"
            let tooMany = try await api.post("/v1/events", many)
            #expect(tooMany.status == .unprocessableContent)
            #expect(tooMany.errorField == "events")
            let full = "{\"events\": [" + (1...ServerLimits.maxEventsPerBatch).map { #"{"type": "a.b", "idempotency_key": "k\#($0)"}"# }
                .joined(separator: ",") + "]}"
            let thousand = try await api.post("/v1/events", full)
            #expect(thousand.status == .ok)
            #expect((thousand.json["events"] as? [[String: Any]])?.count == 1000)
            #expect(try await api.get("/v1/stats").json["events"] as? Int == 1001)
        }
    }

    @Test("a NUL character in any string is a 422 naming the field, and writes nothing", arguments: Backend.enabled)
    func nulCharacters(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let cases: [(String, String, String)] = [
                ("/v1/orders", Self.order("", lines: #"[{"title": "Be\u0000ans", "quantity": 1, "unit_price": "1.00"}]"#), "lines[0].title"),
                ("/v1/orders", Self.order(#""customer": {"id": "c-1", "first_name": "\u0000"}"#), "customer.first_name"),
                ("/v1/orders", Self.order(#""id": "o\u0000""#).replacingOccurrences(of: #""id": "o1", "#, with: ""), "id"),
                ("/v1/orders", Self.order(#""extra": {"k\u0000": 1}"#), "extra.k\u{0}"),
                ("/v1/events", #"{"events": [{"type": "a.b", "idempotency_key": "k\u0000"}]}"#, "events[0].idempotency_key"),
                ("/v1/events", #"{"events": [{"type": "a.b", "idempotency_key": "k", "payload": {"notes": ["ok", "\u0000"]}}]}"#,
                 "events[0].payload.notes[1]"),
                ("/v1/tickets", #"{"id": "t1", "subject": "Hello", "message": "a\u0000b"}"#, "message"),
            ]
            for (path, body, field) in cases {
                let reply = try await api.post(path, body)
                #expect(reply.status == .unprocessableContent, "\(body) -> \(reply.text)")
                #expect(reply.errorField == field, "\(body) -> \(reply.text)")
                #expect((reply.error["reason"] as? String)?.contains("NUL") == true)
            }
            let stats = try await api.get("/v1/stats")
            #expect(stats.json["orders"] as? Int == 0)
            #expect(stats.json["events"] as? Int == 0)
            // An escaped backslash before "u0000" is six ordinary characters, not a NUL.
            let literal = try await api.post("/v1/orders", Self.order(#""cancel_reason": "\\u0000""#))
            #expect(literal.status == .created, "\(literal.text)")
        }
    }

    @Test("event ids follow the document: 1 to 255 characters, or an integer of 64 bits", arguments: Backend.enabled)
    func eventIDs(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            func event(_ field: String, _ value: String, key: String) -> String {
                #"{"events": [{"type": "a.b", "idempotency_key": "\#(key)", "\#(field)": \#(value)}]}"#
            }
            let accepted = [
                ("customer_id", "-9223372036854775808"), ("customer_id", "18446744073709551615"), ("order_id", "12.0"),
                ("order_id", "1e3"), ("customer_id", "\"" + String(repeating: "é", count: 255) + "\""),
                ("customer_id", "\" c-1\\t\""),
            ]
            for (index, (field, value)) in accepted.enumerated() {
                let reply = try await api.post("/v1/events", event(field, value, key: "ok-\(index)"))
                #expect(reply.status == .ok, "\(field): \(value) -> \(reply.text)")
            }
            let refused = [
                ("customer_id", "-9223372036854775809"), ("customer_id", "18446744073709551616"), ("order_id", "1.5"),
                ("customer_id", "\"" + String(repeating: "é", count: 256) + "\""), ("order_id", "\" \\t \""),
                ("order_id", "\"\""),
            ]
            for (field, value) in refused {
                let reply = try await api.post("/v1/events", event(field, value, key: "bad"))
                #expect(reply.status == .unprocessableContent, "\(field): \(value) -> \(reply.text)")
                #expect(reply.errorField == "events[0].\(field)")
            }
            let longKey = try await api.post(
                "/v1/events", #"{"events": [{"type": "a.b", "idempotency_key": "\#(String(repeating: "é", count: 255))"}]}"#)
            #expect(longKey.status == .ok, "255 characters, 510 bytes")
            let tooLongKey = try await api.post(
                "/v1/events", #"{"events": [{"type": "a.b", "idempotency_key": "\#(String(repeating: "é", count: 256))"}]}"#)
            #expect(tooLongKey.errorField == "events[0].idempotency_key")
        }
    }

    @Test("a method a path does not serve is 405 with Allow; a path nobody serves stays 404", arguments: Backend.enabled)
    func methodNotAllowed(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.delete, "/v1/stats", "GET"), (.get, "/v1/orders", "POST"), (.put, "/v1/orders/1001", "GET"),
                (.post, "/v1/customers/c%201", "GET"), (.init("TRACE")!, "/health", "GET"), (.delete, "/", "GET"),
                (.head, "/openapi.json", "GET"), (.get, "/webhooks/shopify/shop", "POST"),
            ]
            for (method, path, allow) in cases {
                let reply = try await api.request(method, path)
                #expect(reply.status == .methodNotAllowed, "\(method) \(path) -> \(reply.status)")
                #expect(reply.headers[.allow] == allow, "\(method) \(path)")
                if method != .head {
                    #expect(reply.error["status"] as? Int == 405, "\(method) \(path): \(reply.text)")
                }
            }
            let unknown = try await api.request(.delete, "/v1/nothing-here")
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.allow] == nil)
            #expect(try await api.get("/v1/stats").status == .ok, "the served method is untouched")
        }
    }

    @Test("concurrent single-event requests are each durable and distinct", arguments: Backend.enabled)
    func concurrentEvents(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let ids = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<64 {
                    group.addTask {
                        let key = i % 50 == 0 ? "dup" : "e\(i)"
                        let reply = try await api.post(
                            "/v1/events", #"{"events": [{"type": "page.viewed", "idempotency_key": "\#(key)"}]}"#)
                        return ((reply.json["events"] as? [[String: Any]])?.first?["id"] as? Int) ?? -1
                    }
                }
                var all: [Int] = []
                for try await id in group { all.append(id) }
                return all
            }
            #expect(!ids.contains(-1))
            #expect(Set(ids).count == 63, "64 requests, two share a key")
            #expect(try await api.get("/v1/stats").json["events"] as? Int == 63)
        }
    }
}
