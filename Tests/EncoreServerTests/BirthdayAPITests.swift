import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

/// `customer.birthday` on POST /v1/orders: "MM-DD" or "YYYY-MM-DD", read back as "MM-DD".
@Suite("API: customer birthday")
struct BirthdayAPITests {
    static func order(_ id: String, birthday: String?) -> String {
        let field = birthday.map { #", "birthday": \#($0)"# } ?? ""
        return #"{"id": "\#(id)", "placed_at": "2026-03-01T10:00:00Z", "customer": {"id": "c9", "email": "c9@example.com"\#(field)}, "lines": [{"title": "Beans", "quantity": 1, "unit_price": "12.50"}]}"#
    }

    @Test("a birthday is stored without its year and shown; omitted keeps it; a change moves its date", arguments: Backend.enabled)
    func accepted(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let created = try await api.post("/v1/orders", Self.order("o1", birthday: #""1992-02-29""#))
            #expect(created.status == .created, "\(created.text)")
            var customer = try await api.get("/v1/customers/c9")
            #expect(customer.json["birthday"] as? String == "02-29")
            let first = try #require(try await api.storage.customer(storeID: api.store.id, key: "c9", eventLimit: 10))
            #expect(first.customer.birthdaySetAt != nil)
            #expect(first.events.contains { $0.type == "customer.created" })

            _ = try await api.post("/v1/orders", Self.order("o2", birthday: nil))
            customer = try await api.get("/v1/customers/c9")
            #expect(customer.json["birthday"] as? String == "02-29", "omitted: kept")
            _ = try await api.post("/v1/orders", Self.order("o3", birthday: #""02-29""#))
            let same = try #require(try await api.storage.customer(storeID: api.store.id, key: "c9", eventLimit: 0))
            #expect(same.customer.birthdaySetAt == first.customer.birthdaySetAt, "the same birthday keeps its date")
            _ = try await api.post("/v1/orders", Self.order("o4", birthday: #""07-14""#))
            #expect(try await api.get("/v1/customers/c9").json["birthday"] as? String == "07-14")
            let events = try #require(try await api.storage.customer(storeID: api.store.id, key: "c9", eventLimit: 50)).events
            #expect(events.filter { $0.type == "customer.created" }.count == 1, "created once")

            _ = try await api.post("/v1/orders", #"{"id": "o5", "placed_at": "2026-03-01T10:00:00Z", "customer": {"id": "c8"}, "lines": [{"title": "Beans", "quantity": 1, "unit_price": "12.50"}]}"#)
            let none = try await api.get("/v1/customers/c8")
            #expect(none.json["birthday"] is NSNull, "\(none.text)")
        }
    }

    @Test("a month or day that does not exist, or a number, is refused naming the field", arguments: Backend.enabled)
    func refused(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            for (value, status, reason) in [
                (#""13-01""#, HTTPResponse.Status.unprocessableContent, "the month must be 01 to 12"),
                (#""02-30""#, .unprocessableContent, "February has days 01 to 29"),
                (#""2023-02-29""#, .unprocessableContent, "February 2023 has days 01 to 28"),
                (#""5 March""#, .unprocessableContent, "write it MM-DD"),
                ("315", .badRequest, "must be a string"),
            ] {
                let reply = try await api.post("/v1/orders", Self.order("w", birthday: value))
                #expect(reply.status == status, "\(value): \(reply.text)")
                #expect(reply.errorField == "customer.birthday", "\(value): \(reply.text)")
                #expect((reply.error["reason"] as? String)?.contains(reason) == true, "\(value): \(reply.text)")
            }
            #expect(try await api.get("/v1/customers/c9").status == .notFound, "nothing was stored")
        }
    }
}
