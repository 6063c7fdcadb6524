import EncoreCore
import EncoreStore
import Foundation
import Hummingbird

/// The signed-in pages. Each reads what it shows straight from storage, scoped to one store
/// of the session's organisation.
struct AdminPages: Sendable {
    let storage: any EncoreStorage
    let clock: any Clock
    /// For links in the messages the admin sends (CSAT after a ticket is resolved).
    let links: JourneyLinks

    /// The store named by the URL's `:store`, if it belongs to the session's organisation; 404 otherwise
    /// (an unknown id and another organisation's store look the same).
    func store(_ context: AdminRequestContext) async throws -> Store {
        let session = try context.requireSession()
        guard let raw = context.parameters.get("store"), let id = Int64(raw),
            let store = try await storage.store(id: id), store.organisationID == session.organisationID
        else { throw AdminPageError.notFound }
        return store
    }

    /// A path parameter, percent-decoded.
    func parameter(_ name: String, _ context: AdminRequestContext) throws -> String {
        guard let raw = context.parameters.get(name), let value = raw.removingPercentEncoding, !value.isEmpty else {
            throw AdminPageError.notFound
        }
        return value
    }

    /// GET /admin: the organisation's stores, with a few numbers each.
    func home(_ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let stores = try await storage.stores(organisationID: session.organisationID)
        var rows: [HTML] = []
        for store in stores {
            let stats = try await storage.stats(storeID: store.id).first
            let counts = try await storage.outboxCounts(storeID: store.id)
            let journeys = try await storage.journeys(storeID: store.id)
            let base = "/admin/stores/\(store.id)"
            let dead = (counts[.dead] ?? 0) + (counts[.failed] ?? 0)
            let deadCell: HTML =
                dead > 0 ? "<a class=\"bad\" href=\"\(base)/outbox?status=dead\">\(dead)</a>" : "0"
            rows.append(
                """
                <tr><th scope="row"><a href="\(base)/overview">\(store.name)</a></th><td>\(store.currency.code)</td><td>\(store.timeZone)</td>
                <td class="n">\(stats?.customers ?? 0)</td><td class="n">\(stats?.orders ?? 0)</td>
                <td>\(HTML.revenue(stats?.revenue ?? [:]))</td><td class="n">\(journeys.filter(\.enabled).count) of \(journeys.count)</td>
                <td class="n"><a href="\(base)/outbox?status=pending">\(counts[.pending] ?? 0)</a></td>
                <td class="n"><a href="\(base)/outbox?status=delivered">\(counts[.delivered] ?? 0)</a></td><td class="n">\(deadCell)</td>
                <td><a href="\(base)/mailbox">Mailbox</a></td></tr>
                """)
        }
        let body = AdminLayout.table(
            caption: "Stores of \(session.organisationName)",
            head: [
                "Store", "Currency", "Time zone", "Customers", "Orders", "Revenue", "Journeys on", "Pending",
                "Delivered",
                "Failed or dead", "",
            ], rows: rows, empty: "This organisation has no stores yet. Create one with encore stores create.")
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Stores", session: session, section: .overview, body: body))
    }
}
