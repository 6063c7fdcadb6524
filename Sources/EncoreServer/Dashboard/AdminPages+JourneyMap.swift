import EncoreCore
import EncoreStore
import Foundation
import Hummingbird

extension AdminPages {
    /// GET /admin/stores/:store/journey-map[?persona=P&from=DATE&to=DATE&format=csv|json]: the map
    /// of a persona as SVG with its table and ranked opportunities; `format` exports the table.
    func journeyMap(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let query = request.uri.queryParameters
        let persona = query["persona"].map(String.init) ?? "everyone"
        var filters = try await DashboardFilters.read(
            from: query["from"].map(String.init), to: query["to"].map(String.init), store: store, page: .journeyMap,
            storage: storage, clock: clock, session: session, keep: [("persona", persona)])
        if case .success = filters.period, persona != "everyone", RFM.Segment(rawValue: persona) == nil {
            filters.period = .failure(InputError(field: "persona", reason: "'\(persona)' is not everyone or an RFM segment"))
        }
        guard case .success(let period) = filters.period else {
            return filters.problemPage(title: "Journey map", session: session, store: store)
        }
        let from = period.start
        let to = period.end
        let report = try await JourneyMapReport.read(storage: storage, store: store, from: from, to: to)
        let map = report.maps.first { $0.persona == persona } ?? JourneyMap.build(persona: persona, visits: [], feedback: [])
        let rows: [[String]] = map.stages.flatMap { stage in
            stage.touchpoints.map { t in
                [
                    stage.stage.rawValue, t.id, t.channel, String(t.volume), String(t.customers),
                    t.emotion.map { String(format: "%.3f", $0) } ?? "", String(t.signals),
                    stage.dropOff.map { String(format: "%.3f", $0) } ?? "",
                ]
            }
        }
        let header = ["stage", "touchpoint", "channel", "visits", "customers", "emotion", "signals", "stage_drop_off"]
        switch query["format"].map(String.init) {
        case "csv":
            return CSVExport.response(filename: "journey-map-\(store.name)-\(persona).csv", header: header, rows: rows)
        case "json":
            var headers = HTTPFields()
            AdminLayout.securityHeaders(into: &headers)
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: report.json().rendered)))
        default: break
        }
        let base = "/admin/stores/\(store.id)/journey-map"
        let range = filters.query
        let personas: [HTML] = (["everyone"] + report.maps.dropFirst().map(\.persona)).map { p in
            let current: HTML = p == persona ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(base)?persona=\(p)&amp;\(HTML(raw: range.replacingOccurrences(of: "&", with: "&amp;")))\"\(current)>\(p)</a></li>"
        }
        let table = AdminLayout.table(
            caption: "Touchpoints of the journey map (\(persona))", head: header.map { $0.replacingOccurrences(of: "_", with: " ") },
            rows: rows.map { cells in "<tr>\(cells.map { HTML("<td>\($0)</td>") })</tr>" },
            empty: "Nothing happened in this period.")
        let opportunities: [HTML] = map.opportunities.prefix(10).map { "<li>\($0.description)</li>" }
        let opportunityList: HTML =
            opportunities.isEmpty ? HTML("<p class=\"empty\">None in this period.</p>") : HTML("<ol>\(opportunities)</ol>")
        let body: HTML = """
            \(filters.form)
            <nav aria-label="Personas"><ul class="tabs">\(personas)</ul></nav>
            \(JourneyMapSVG.render(map, id: "journey-map"))
            <h2 id="opportunities">Opportunities, largest first</h2>
            \(opportunityList)
            <h2 id="touchpoints">Touchpoints</h2>
            \(table)
            <p><a href="\(base)?persona=\(persona)&amp;\(HTML(raw: range.replacingOccurrences(of: "&", with: "&amp;")))&amp;format=csv">Download CSV</a> ·
            <a href="\(base)?\(HTML(raw: range.replacingOccurrences(of: "&", with: "&amp;")))&amp;format=json">Every persona as JSON</a></p>
            """
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Journey map", session: session, store: store, section: .journeys, body: body))
    }
}
