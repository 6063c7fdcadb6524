import EncoreCore
import EncoreJourneys
import EncoreLoyalty
import EncoreStore
import Foundation
import Hummingbird

extension AdminPages {
    /// GET /admin/stores/:store/customers[?q=EMAIL_OR_ID]: the customers of the highest predicted
    /// value (the last predictions refresh), or the one searched for.
    func customers(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let base = "/admin/stores/\(store.id)/customers"
        if let q = request.uri.queryParameters["q"].map(String.init), !q.isEmpty {
            if let key = try await storage.customerKey(storeID: store.id, emailOrKey: q) {
                return AdminLayout.redirect(to: "\(base)/\(HTML.segment(key))")
            }
            return AdminLayout.response(
                .notFound,
                AdminLayout.page(
                    title: "Customers", session: session, store: store, section: .customers,
                    body: "\(Self.customerSearch(base, q))<p class=\"error\" role=\"alert\">No customer '\(q)' (by id or a unique e-mail).</p>"))
        }
        let predictions = try await storage.predictions(storeID: store.id, limit: 200)
        var table = DashboardTable(
            id: "customers", caption: "Customers by predicted 12-month value (the last predictions refresh)",
            header: ["Customer", "P(alive)", "Predicted CLV", "CLV decile", "RFM segment", "Next purchase expected", "Segments"],
            rows: predictions.map { p in
                [
                    p.customerKey, String(format: "%.3f", p.pAlive),
                    p.value.map { Money(rounding: $0, currency: store.currency).description } ?? "",
                    p.valueDecile.map(String.init) ?? "", p.rfmSegment,
                    LocalDate(daysSinceEpoch: Int64(p.nextPurchaseDay)).description, p.segments.joined(separator: " "),
                ]
            },
            empty: "No predictions yet: run `encore predictions refresh` (encore serve refreshes daily).")
        for (index, p) in predictions.enumerated() { table.links[index] = (0, "\(base)/\(HTML.segment(p.customerKey))") }
        let deciles = try await storage.predictionDeciles(storeID: store.id)
        func money(_ major: Double) -> String { Money(rounding: major, currency: store.currency).description }
        let decileTable = DashboardTable(
            id: "clv-deciles", caption: "Predicted 12-month value by decile (10: the top tenth)",
            header: ["Decile", "Customers", "Lowest", "Highest", "Mean", "Total"],
            rows: deciles.map { d in
                [
                    String(d.decile), String(d.customers), money(d.low), money(d.high),
                    money(d.customers > 0 ? d.total / Double(d.customers) : 0), money(d.total),
                ]
            }, empty: "No lifetime values yet (they need a predictions refresh with a spend model).")
        if request.uri.queryParameters["format"] == "csv" {
            return request.uri.queryParameters["table"] == "clv-deciles"
                ? decileTable.csv(filePrefix: store.name) : table.csv(filePrefix: store.name)
        }
        let chart: HTML =
            deciles.isEmpty
            ? .empty
            : BarChartSVG.render(
                id: "clv-deciles", title: "Mean predicted 12-month value per CLV decile",
                description: "One bar per decile, lowest tenth of customers on the left; the table below holds the figures.",
                bars: deciles.map { d in
                    let mean = d.customers > 0 ? d.total / Double(d.customers) : 0
                    return BarChartSVG.Bar(label: "D\(d.decile)", value: mean, text: money(mean))
                })
        let filters = try await DashboardFilters.read(
            from: nil, to: nil, store: store, page: .customers, storage: storage, clock: clock, session: session)
        let body: HTML = """
            \(filters.form)
            \(Self.customerSearch(base, ""))
            <h2 id="clv">The CLV distribution</h2>
            \(chart)\(decileTable.html(csvBase: base))
            <h2 id="customers">Customers</h2>
            \(table.html(csvBase: base))
            """
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Customers", session: session, store: store, section: .customers, body: body))
    }

    static func customerSearch(_ base: String, _ q: String) -> HTML {
        """
        <form method="get" action="\(base)" role="search"><label for="q">Find a customer</label>
        <input id="q" name="q" type="search" value="\(q)" placeholder="e-mail or id"> <button type="submit">Find</button></form>
        """
    }

    /// GET /admin/stores/:store/customers/:customer[?table=T&format=csv]: one customer's profile:
    /// the prediction, orders, messages, feedback, tickets and points.
    func customer(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let key = try parameter("customer", context)
        guard let detail = try await storage.customer(storeID: store.id, key: key, eventLimit: 0) else {
            throw AdminPageError.notFound
        }
        let prediction = try await storage.prediction(storeID: store.id, customerKey: key)
        let activity = try await storage.customerActivity(storeID: store.id, customerKey: key, limit: 100)
        let tickets = try await storage.tickets(storeID: store.id, customerKey: key)
        let points = try await storage.loyaltyBalance(storeID: store.id, customerKey: key, now: clock.now())
        let orders = DashboardTable(
            id: "orders", caption: "Orders", header: ["Order", "Placed", "Total", "Status"],
            rows: detail.orders.sorted { $0.placedAt > $1.placedAt }.map { o in
                [
                    o.number ?? o.key, o.placedAt.iso8601, Money(minorUnits: o.total, currency: o.currency).description,
                    o.cancelledAt == nil ? o.fulfilmentStatus.rawValue : "cancelled",
                ]
            }, empty: "No orders.")
        let messages = DashboardTable(
            id: "messages", caption: "Messages, newest first", header: ["Created", "Journey / step", "Channel", "Subject", "Status"],
            rows: activity.messages.map { m in
                [m.createdAt.iso8601, [m.journeyID, m.stepID].compactMap { $0 }.joined(separator: " / "), m.channel, m.subject ?? "", m.status]
            }, empty: "No messages.")
        let feedback = DashboardTable(
            id: "feedback", caption: "Feedback", header: ["When", "Survey", "About", "Status", "Score", "Comment"],
            rows: activity.feedback.map { f in
                [f.at.iso8601, f.kind.uppercased(), f.touchpoint, f.status, f.score.map(String.init) ?? "", f.comment ?? ""]
            }, empty: "No feedback asked.")
        let ticketTable = DashboardTable(
            id: "tickets", caption: "Support tickets", header: ["Ticket", "Subject", "Status", "Priority"],
            rows: tickets.map { ["#\($0.number)", $0.subject, $0.status.rawValue, $0.priority.rawValue] }, empty: "No tickets.")
        var predictionRows: [[String]] = []
        if let p = prediction {
            predictionRows = [
                ["P(alive)", String(format: "%.3f", p.pAlive)],
                ["Purchases expected in 90 days", String(format: "%.2f", p.expectedPurchases)],
                ["Predicted 12-month value", p.value.map { Money(rounding: $0, currency: store.currency).description } ?? "no spend model"],
                ["CLV decile", p.valueDecile.map(String.init) ?? ""],
                ["Next purchase expected", LocalDate(daysSinceEpoch: Int64(p.nextPurchaseDay)).description],
                ["RFM", "\(p.rfmRecency)\(p.rfmFrequency)\(p.rfmMonetary) (\(p.rfmSegment))"],
                ["Segments", p.segments.joined(separator: ", ")],
                ["Refreshed", p.refreshedAt.iso8601],
            ]
        }
        let predictionTable = DashboardTable(
            id: "prediction", caption: "What the lifetime models say", header: ["Figure", "Value"], rows: predictionRows,
            empty: "No prediction yet: run `encore predictions refresh`.")
        let tables = [predictionTable, orders, messages, feedback, ticketTable]
        if request.uri.queryParameters["format"] == "csv" {
            let id = request.uri.queryParameters["table"].map(String.init) ?? ""
            guard let table = tables.first(where: { $0.id == id }) else { throw AdminPageError.notFound }
            return table.csv(filePrefix: "\(store.name)-customer")
        }
        let base = "/admin/stores/\(store.id)/customers/\(HTML.segment(key))"
        let customer = detail.customer
        let name = [customer.firstName, customer.lastName].compactMap { $0 }.joined(separator: " ")
        let b = points.balances
        let body: HTML = """
            <dl class="facts"><dt>Id</dt><dd>\(customer.key)</dd><dt>Name</dt><dd>\(name.isEmpty ? "—" : name)</dd>
            <dt>E-mail</dt><dd>\(customer.email ?? "—")</dd><dt>Customer since</dt><dd>\(HTML.time(customer.createdAt))</dd>
            <dt>Points</dt><dd>\(b.spendable) to spend, \(b.pending) pending</dd></dl>
            \(tables.map { $0.html(csvBase: base) })
            """
        return AdminLayout.response(
            .ok,
            AdminLayout.page(
                title: name.isEmpty ? "Customer \(customer.key)" : name, session: session, store: store, section: .customers, body: body))
    }
}
