import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("API: orders, shipments, refunds, returns")
struct OrderAPITests {
    @Test("POST /v1/orders creates, a replay is unchanged, GET returns it exactly", arguments: Backend.enabled)
    func orderLifecycle(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let created = try await api.post("/v1/orders", APIHarness.order)
            #expect(created.status == .created)
            #expect(created.json["outcome"] as? String == "created")
            let replay = try await api.post("/v1/orders", APIHarness.order)
            #expect(replay.status == .ok)
            #expect(replay.json["outcome"] as? String == "unchanged")
            let read = try await api.get("/v1/orders/5678901234567890123")
            #expect(read.status == .ok)
            #expect(read.text.contains(#""id":"5678901234567890123""#), "ids above 2^53 survive exactly")
            let order = read.json
            #expect(order["subtotal"] as? String == "33.99")
            #expect(order["total"] as? String == "42.99")
            #expect((order["lines"] as? [[String: Any]])?.count == 2)
            let customer = try await api.get("/v1/customers/c-1")
            #expect(customer.status == .ok)
            #expect(customer.json["email"] as? String == "ada@example.com")
            #expect((customer.json["events"] as? [[String: Any]])?.first?["type"] as? String == "order.placed")
            #expect((customer.json["consents"] as? [[String: Any]])?.first?["granted"] as? Bool == true)
            let stats = try await api.get("/v1/stats")
            #expect(stats.json["orders"] as? Int == 1)
            #expect((stats.json["revenue"] as? [String: Any])?["USD"] as? Int == 4299)
        }
    }

    @Test("amounts follow the currency's exponent: JPY 0, KWD 3", arguments: Backend.enabled)
    func exponents(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let jpy = try await api.post(
                "/v1/orders",
                #"{"id": "j1", "placed_at": "2026-03-01T10:00:00+09:00", "currency": "JPY", "lines": [{"title": "Tea", "quantity": 1, "unit_price": "1200"}]}"#)
            #expect(jpy.status == .created)
            #expect((jpy.json["order"] as? [String: Any])?["total"] as? String == "1200")
            let jpyCents = try await api.post(
                "/v1/orders",
                #"{"id": "j2", "placed_at": "2026-03-01T10:00:00Z", "currency": "JPY", "lines": [{"title": "Tea", "quantity": 1, "unit_price": "12.50"}]}"#)
            #expect(jpyCents.status == .unprocessableContent)
            #expect(jpyCents.errorField == "lines[0].unit_price")
            let kwd = try await api.post(
                "/v1/orders",
                #"{"id": "k1", "placed_at": "2026-03-01T10:00:00Z", "currency": "KWD", "lines": [{"title": "Dates", "quantity": 3, "unit_price": "1.250"}]}"#)
            #expect((kwd.json["order"] as? [String: Any])?["total"] as? String == "3.750")
            let stats = try await api.get("/v1/stats")
            #expect((stats.json["revenue"] as? [String: Any])?["KWD"] as? Int == 3750)
            #expect((stats.json["revenue"] as? [String: Any])?["JPY"] as? Int == 1200)
        }
    }

    @Test("shipments, tracking updates, refunds and returns through the API", arguments: Backend.enabled)
    func fulfilment(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            _ = try await api.post("/v1/orders", APIHarness.order)
            let shipment = try await api.post(
                "/v1/shipments",
                #"{"id": "s1", "order_id": "5678901234567890123", "carrier": "UPS", "tracking_number": "1Z1", "estimated_delivery": "2026-03-05T18:00:00Z", "checkpoints": [{"status": "label_created", "at": "2026-03-01T12:00:00Z"}]}"#)
            #expect(shipment.status == .created)
            let update = try await api.post(
                "/v1/shipments", #"{"id": "s1", "order_id": "5678901234567890123", "status": "delivered", "at": "2026-03-04T15:00:00Z"}"#)
            #expect(update.status == .ok)
            #expect((update.json["shipment"] as? [String: Any])?["status"] as? String == "delivered")
            let refund = try await api.post(
                "/v1/refunds",
                #"{"id": "r1", "order_id": "5678901234567890123", "amount": "10.00", "created_at": "2026-03-06T09:00:00Z", "lines": [{"line_id": "2", "quantity": 1, "amount": "10.00"}]}"#)
            #expect(refund.status == .created)
            #expect(refund.json["financial_status"] as? String == "partially_refunded")
            let over = try await api.post(
                "/v1/refunds", #"{"id": "r2", "order_id": "5678901234567890123", "amount": "100.00", "created_at": "2026-03-06T09:00:00Z"}"#)
            #expect(over.status == .unprocessableContent)
            #expect(over.errorField == "amount")
            let ret = try await api.post(
                "/v1/returns",
                #"{"id": "ret1", "order_id": "5678901234567890123", "status": "requested", "reason": "too big", "requested_at": "2026-03-06T09:00:00Z", "lines": [{"line_id": "1", "quantity": 1}]}"#)
            #expect(ret.status == .created)
            let unknownLine = try await api.post(
                "/v1/returns",
                #"{"id": "ret2", "order_id": "5678901234567890123", "status": "requested", "requested_at": "2026-03-06T09:00:00Z", "lines": [{"line_id": "99", "quantity": 1}]}"#)
            #expect(unknownLine.status == .unprocessableContent)
            #expect(unknownLine.errorField == "line_id")
            let detail = try await api.get("/v1/orders/5678901234567890123")
            #expect((detail.json["shipments"] as? [[String: Any]])?.first?["status"] as? String == "delivered")
            #expect((detail.json["refunds"] as? [[String: Any]])?.count == 1)
            #expect((detail.json["returns"] as? [[String: Any]])?.count == 1)
            let events = try await api.get("/v1/customers/c-1").json["events"] as? [[String: Any]] ?? []
            #expect(
                Set(events.compactMap { $0["type"] as? String })
                    == [
                        "customer.created", "order.placed", "shipment.label_created", "shipment.delivered", "refund.created",
                        "return.requested",
                    ])
        }
    }

    @Test("refund and return lines: each line once, no more units than ordered; an id stays with its order", arguments: Backend.enabled)
    func refundAndReturnLines(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            _ = try await api.post("/v1/orders", APIHarness.order)  // line "1": 2 units, line "2": 1
            let other = try await api.post(
                "/v1/orders", #"{"id": "o2", "placed_at": "2026-03-02T10:00:00Z", "lines": [{"id": "1", "title": "Tea", "quantity": 5, "unit_price": "3.00"}]}"#)
            #expect(other.status == .created)
            func refund(_ id: String, order: String = "5678901234567890123", _ lines: String) -> String {
                #"{"id": "\#(id)", "order_id": "\#(order)", "amount": "1.00", "created_at": "2026-03-06T09:00:00Z", "lines": \#(lines)}"#
            }
            func ret(_ id: String, order: String = "5678901234567890123", _ lines: String) -> String {
                #"{"id": "\#(id)", "order_id": "\#(order)", "status": "requested", "requested_at": "2026-03-06T09:00:00Z", "lines": \#(lines)}"#
            }
            let refused: [(String, String, String)] = [
                ("/v1/refunds", refund("r1", #"[{"line_id": "1", "quantity": 1, "amount": "0.50"}, {"line_id": 1, "quantity": 1, "amount": "0.50"}]"#), "lines[1].line_id"),
                ("/v1/returns", ret("t1", #"[{"line_id": "2", "quantity": 1}, {"line_id": "1", "quantity": 1}, {"line_id": "2", "quantity": 1}]"#), "lines[2].line_id"),
                ("/v1/refunds", refund("r1", #"[{"line_id": "1", "quantity": 3, "amount": "1.00"}]"#), "lines[0].quantity"),
                ("/v1/returns", ret("t1", #"[{"line_id": "2", "quantity": 2}]"#), "lines[0].quantity"),
            ]
            for (path, body, field) in refused {
                let reply = try await api.post(path, body)
                #expect(reply.status == .unprocessableContent, "\(body) -> \(reply.text)")
                #expect(reply.errorField == field, "\(body) -> \(reply.text)")
            }
            #expect(try await api.post("/v1/refunds", refund("r1", #"[{"line_id": "1", "quantity": 2, "amount": "1.00"}]"#)).status == .created)
            #expect(try await api.post("/v1/returns", ret("t1", #"[{"line_id": "1", "quantity": 2}]"#)).status == .created)
            // The same ids on another order: refused, not moved, not a server error.
            let movedRefund = try await api.post("/v1/refunds", refund("r1", order: "o2", #"[{"line_id": "1", "quantity": 1, "amount": "1.00"}]"#))
            #expect(movedRefund.status == .unprocessableContent, "\(movedRefund.text)")
            #expect(movedRefund.errorField == "id")
            let movedReturn = try await api.post("/v1/returns", ret("t1", order: "o2", #"[{"line_id": "1", "quantity": 1}]"#))
            #expect(movedReturn.status == .unprocessableContent, "\(movedReturn.text)")
            #expect(movedReturn.errorField == "id")
            let replay = try await api.post("/v1/refunds", refund("r1", #"[{"line_id": "1", "quantity": 2, "amount": "1.00"}]"#))
            #expect(replay.status == .ok)
            let second = try await api.get("/v1/orders/o2")
            #expect((second.json["refunds"] as? [[String: Any]])?.isEmpty == true)
            #expect((second.json["returns"] as? [[String: Any]])?.isEmpty == true)
            let first = try await api.get("/v1/orders/5678901234567890123")
            #expect((first.json["returns"] as? [[String: Any]])?.first?["lines"] as? [[String: Any]] != nil)
            #expect(((first.json["returns"] as? [[String: Any]])?.first?["lines"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("ids in paths are percent-decoded and trimmed like ids in bodies; what names nothing is a JSON 404", arguments: Backend.enabled)
    func pathIDs(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let created = try await api.post(
                "/v1/orders",
                #"{"id": " a/b c\t", "placed_at": "2026-03-01T10:00:00Z", "customer": {"id": "c 1"}, "lines": [{"title": "Tea", "quantity": 1, "unit_price": "3.00"}]}"#)
            #expect(created.status == .created)
            #expect((created.json["order"] as? [String: Any])?["id"] as? String == "a/b c", "spaces and tabs around an id are trimmed")
            for path in ["/v1/orders/a%2Fb%20c", "/v1/orders/%20a%2Fb%20c%09", "/v1/orders/a%2fb%20c"] {
                let reply = try await api.get(path)
                #expect(reply.status == .ok, "\(path) -> \(reply.text)")
                #expect(reply.json["id"] as? String == "a/b c")
            }
            #expect(try await api.get("/v1/customers/c%201").json["id"] as? String == "c 1")
            let wide = String(repeating: "é", count: 255)
            let wideOrder = try await api.post(
                "/v1/orders", #"{"id": "\#(wide)", "placed_at": "2026-03-01T10:00:00Z", "lines": [{"title": "Tea", "quantity": 1, "unit_price": "3.00"}]}"#)
            #expect(wideOrder.status == .created, "255 characters are allowed, whatever their bytes")
            let encoded = wide.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(.init(charactersIn: "/")))!
            #expect(try await api.get("/v1/orders/\(encoded)").status == .ok)
            let tooWide = try await api.post(
                "/v1/orders", #"{"id": "\#(wide)é", "placed_at": "2026-03-01T10:00:00Z", "lines": [{"title": "Tea", "quantity": 1, "unit_price": "3.00"}]}"#)
            #expect(tooWide.errorField == "id")
            let blank = try await api.post(
                "/v1/orders", #"{"id": " \t ", "placed_at": "2026-03-01T10:00:00Z", "lines": [{"title": "Tea", "quantity": 1, "unit_price": "3.00"}]}"#)
            #expect(blank.errorField == "id")
            for path in ["/v1/orders/%00", "/v1/orders/a%00b", "/v1/orders/%FF", "/v1/orders/%E2%82", "/v1/orders/%20", "/v1/customers/%00",
                "/v1/orders/\(encoded)%C3%A9", "/v1/orders/a%2Fb"]
            {
                let reply = try await api.get(path)
                #expect(reply.status == .notFound, "\(path) -> \(reply.text)")
                #expect(reply.errorField == "id", "\(path) -> \(reply.text)")
            }
        }
    }
}
