import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("POST /v1/tickets")
struct TicketAPITests {
    @Test("opens a ticket once per id, with the SLA due time; bad fields are named", arguments: Backend.enabled)
    func open(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            #expect(try await api.post("/v1/orders", APIHarness.order).status == .created)
            let body = """
                {"id": "crm-77", "customer_id": "c-1", "order_id": "5678901234567890123", "subject": "Call back <please>",
                 "message": "Rang about the mug", "priority": "urgent"}
                """
            let first = try await api.post("/v1/tickets", body)
            #expect(first.status == .created)
            let ticket = try #require(first.json["ticket"] as? [String: Any])
            #expect(ticket["number"] as? Int == 1 && ticket["priority"] as? String == "urgent" && ticket["status"] as? String == "open")
            let again = try await api.post("/v1/tickets", body)
            #expect(again.status == .ok && again.json["outcome"] as? String == "unchanged")
            let stored = try await api.storage.tickets(storeID: api.store.id, customerKey: "c-1")
            #expect(stored.count == 1 && stored[0].email == "ada@example.com" && stored[0].source == .api)

            let cases: [(String, String)] = [
                (#"{"id": "x", "subject": "", "message": "m"}"#, "subject"),
                (#"{"id": "x", "subject": "s", "message": "m", "priority": "asap"}"#, "priority"),
                (#"{"id": "x", "subject": "s", "message": "m", "customer_id": "nobody"}"#, "customer_id"),
                (#"{"id": "x", "subject": "s", "message": "m", "order_id": "nope"}"#, "order_id"),
                (#"{"id": "x", "subject": "s", "message": "m", "email": "not an address"}"#, "email"),
                (#"{"id": "x", "subject": "s"}"#, "message"),
            ]
            for (json, field) in cases {
                let reply = try await api.post("/v1/tickets", json)
                #expect(reply.status == .unprocessableContent || reply.status == .badRequest, "\(json)")
                #expect(reply.errorField == field, "\(json) → \(reply.text)")
            }
            let long = try await api.post(
                "/v1/tickets", #"{"id": "y", "subject": "s", "message": "\#(String(repeating: "a", count: 10_001))"}"#)
            #expect(long.errorField == "message" && long.text.contains("10000"))
            #expect(try await api.storage.tickets(storeID: api.store.id, statuses: [.open], limit: 10).count == 1, "nothing half-written")
        }
    }
}
