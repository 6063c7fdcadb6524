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
        let zone = TimeZone(identifier: store.timeZone) ?? TimeZone(identifier: "UTC")!
        let today = LocalDay.of(clock.now(), in: zone)
        let fromText = query["from"].map(String.init)
        let toText = query["to"].map(String.init)
        var problems: [String] = []
        let toDay = toText.flatMap(LocalDate.init).map { Int($0.daysSinceEpoch) } ?? today + 1
        let fromDay = fromText.flatMap(LocalDate.init).map { Int($0.daysSinceEpoch) } ?? toDay - 90
        if let fromText, !fromText.isEmpty, LocalDate(fromText) == nil { problems.append("from: '\(fromText)' is not a YYYY-MM-DD date") }
        if let toText, !toText.isEmpty, LocalDate(toText) == nil { problems.append("to: '\(toText)' is not a YYYY-MM-DD date") }
        if toDay <= fromDay { problems.append("to: must be after from") }
        let persona = query["persona"].map(String.init) ?? "everyone"
        if persona != "everyone", RFM.Segment(rawValue: persona) == nil { problems.append("persona: '\(persona)' is unknown") }
        guard problems.isEmpty else {
            let list: [HTML] = problems.map { "<li>\($0)</li>" }
            return AdminLayout.response(
                .badRequest,
                AdminLayout.page(
                    title: "Journey map", session: session, store: store, section: .journeys,
                    body: "<div class=\"error\" role=\"alert\"><ul>\(list)</ul></div>"))
        }
        let from = LocalDay.start(of: fromDay, in: zone)
        let to = LocalDay.start(of: toDay, in: zone)
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
        let range = "from=\(LocalDate(daysSinceEpoch: Int64(fromDay)))&to=\(LocalDate(daysSinceEpoch: Int64(toDay)))"
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
            <form method="get" action="\(base)" class="filters"><input type="hidden" name="persona" value="\(persona)">
            <label>From <input type="date" name="from" value="\(LocalDate(daysSinceEpoch: Int64(fromDay)).description)"></label>
            <label>To (exclusive) <input type="date" name="to" value="\(LocalDate(daysSinceEpoch: Int64(toDay)).description)"></label>
            <button type="submit">Show</button></form>
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
