import EncoreCore
import EncoreStore
import Foundation
import Hummingbird

/// The filters the dashboard pages share: the store (any of the organisation's) and the period
/// `[from, to)` in the store's time zone. The form goes to `/admin/dashboard`, which checks the
/// store and redirects to the same page of the chosen store, so switching stores needs no script.
struct DashboardFilters {
    /// The dashboard pages the filters lead to.
    enum Page: String, CaseIterable {
        case overview
        case journeyMap = "journey-map"
        case customers

        /// Whether the page reads a period (the customers page shows the last predictions refresh).
        var isDated: Bool { self != .customers }
    }

    var page: Page
    var store: Store
    var stores: [Store]
    /// The `from` and `to` as given (shown again in the form).
    var fromText: String
    var toText: String
    /// Further fields the page keeps across a change of filters (the journey map's persona).
    var keep: [(String, String)]
    var period: Result<ReportPeriod, InputError>

    /// Reads `from` and `to` (default: the `defaultDays` days up to and including the store's today).
    static func read(
        from: String?, to: String?, store: Store, page: Page,
        storage: any EncoreStorage, clock: any Clock, session: AdminSession, keep: [(String, String)] = [], defaultDays: Int = 90
    ) async throws -> DashboardFilters {
        let zone = store.zone
        let period = Result(catching: { () throws(InputError) -> ReportPeriod in
            try ReportPeriod.parse(from: from, to: to, defaultDays: defaultDays, today: LocalDay.of(clock.now(), in: zone), zone: zone)
        })
        return DashboardFilters(
            page: page, store: store, stores: try await storage.stores(organisationID: session.organisationID),
            fromText: from ?? "", toText: to ?? "", keep: keep, period: period)
    }

    /// The query of the period as read (`from=…&to=…`), for links to other pages of the same period.
    var query: String {
        guard case .success(let period) = period else { return "" }
        return "from=\(period.fromText)&to=\(period.toText)"
    }

    /// The form: the store, the first day and the day after the last.
    var form: HTML {
        var from = fromText
        var to = toText
        if case .success(let period) = period {
            from = period.fromText
            to = period.toText
        }
        let options: [HTML] = stores.map { s in
            s.id == store.id ? "<option value=\"\(s.id)\" selected>\(s.name)</option>" : "<option value=\"\(s.id)\">\(s.name)</option>"
        }
        let kept: [HTML] = keep.map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">" }
        guard page.isDated else {
            return """
                <form method="get" action="/admin/dashboard" class="filters"><input type="hidden" name="page" value="\(page.rawValue)">
                <label>Store <select name="store">\(options)</select></label> <button type="submit">Show</button></form>
                """
        }
        return """
            <form method="get" action="/admin/dashboard" class="filters"><input type="hidden" name="page" value="\(page.rawValue)">\(kept)
            <label>Store <select name="store">\(options)</select></label>
            <label>From <input type="date" name="from" value="\(from)"></label>
            <label>To (exclusive) <input type="date" name="to" value="\(to)"></label>
            <button type="submit">Show</button></form>
            """
    }

    /// The page for a period that cannot be read: 400, the reason by its field, the form again.
    func problemPage(title: String, session: AdminSession, store: Store) -> Response {
        guard case .failure(let error) = period else { preconditionFailure("problemPage of a valid period") }
        return AdminLayout.response(
            .badRequest,
            AdminLayout.page(
                title: title, session: session, store: store, section: page == .overview ? .dashboard : .journeys,
                body: "<div class=\"error\" role=\"alert\"><p>\(error.description)</p></div>\(form)"))
    }
}

extension AdminPages {
    /// GET /admin/dashboard?store=ID&page=P[&from&to&persona]: the filter form's target. Sends
    /// the browser to page P of the store (one of the organisation's; 404 otherwise), keeping the
    /// period and the persona for the pages that read them.
    func dashboard(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let query = request.uri.queryParameters
        guard let id = query["store"].flatMap({ Int64(String($0)) }), let store = try await storage.store(id: id),
            store.organisationID == session.organisationID,
            let page = DashboardFilters.Page(rawValue: query["page"].map(String.init) ?? "overview")
        else { throw AdminPageError.notFound }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let names = page.isDated ? ["from", "to", "persona"] : []
        let pairs: [String] = names.compactMap { name in
            guard let value = query[Substring(name)].map(String.init), !value.isEmpty,
                let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed)
            else { return nil }
            return "\(name)=\(encoded)"
        }
        let tail = pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
        return AdminLayout.redirect(to: "/admin/stores/\(store.id)/\(page.rawValue)\(tail)")
    }
}
