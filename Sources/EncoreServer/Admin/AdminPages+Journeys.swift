import EncoreCore
import EncoreJourneys
import EncoreStore
import Foundation
import Hummingbird

extension AdminPages {
    /// GET /admin/stores/:store/journeys: each journey's latest version, and per version the funnel
    /// of the treated group beside the holdout's, with the uplift in conversion rate.
    func journeys(_ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let journeys = try await storage.journeys(storeID: store.id).sorted { $0.definition.name < $1.definition.name }
        let funnels = Dictionary(grouping: try await storage.journeyFunnels(storeID: store.id), by: \.journeyID)
        var sections: [HTML] = []
        for journey in journeys {
            let definition = journey.definition
            let href = "/admin/stores/\(store.id)/journeys/\(HTML.segment(journey.journeyID))"
            let state: HTML =
                journey.enabled ? "<span class=\"badge good\">on</span>" : "<span class=\"badge muted\">off</span>"
            let byVersion = Dictionary(grouping: funnels[journey.journeyID] ?? [], by: \.version)
            var rows: [HTML] = []
            for version in byVersion.keys.sorted(by: >) {
                let treated = byVersion[version]?.first { !$0.heldOut }
                let holdout = byVersion[version]?.first { $0.heldOut }
                rows.append(
                    Self.funnelRow(version: version, group: "Treated", treated, uplift: Self.uplift(treated, holdout)))
                if definition.holdoutPercent > 0 || holdout != nil {
                    rows.append(Self.funnelRow(version: version, group: "Holdout", holdout, uplift: nil))
                }
            }
            sections.append(
                """
                <section aria-labelledby="j-\(journey.journeyID)"><h2 id="j-\(journey.journeyID)"><a href="\(href)">\(definition.name)</a> \(state)</h2>
                <p class="muted">\(journey.journeyID) · version \(journey.version) · \(definition.category.rawValue) · trigger <code>\(definition.trigger.event)</code> · holdout \(definition.holdoutPercent)%</p>
                \(AdminLayout.table(
                    caption: "Funnel of \(definition.name) per version",
                    head: [
                        "Version", "Group", "Entered", "Active", "Sent", "Delivered", "Opened", "Clicked", "Skipped",
                        "Converted", "Conversion rate", "Revenue", "Uplift",
                    ],
                    rows: rows, empty: "No customer has entered this journey yet."))
                </section>
                """)
        }
        let intro: HTML = """
            <p>Conversion rate is converted ÷ entered. The uplift is the treated group's rate minus the holdout's, in
            percentage points, with a 95% interval (Newcombe's, from the two Wilson intervals); the holdout receives
            nothing and shows what would have happened anyway. Each journey's page breaks this down per step, with the
            incremental revenue. <a href="/admin/stores/\(store.id)/journey-map">The customer journey map</a> shows every
            stage and touchpoint with its emotion and drop-off.</p>
            """
        let body: HTML =
            journeys.isEmpty
            ? "<p class=\"empty\">No journeys yet. Publish some with <code>encore journeys apply</code>.</p>"
            : "\(intro)\(sections)"
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Journeys", session: session, store: store, section: .journeys, body: body))
    }

    static func funnelRow(version: Int, group: String, _ funnel: JourneyFunnel?, uplift: HTML?) -> HTML {
        let entered = funnel?.entered ?? 0
        let converted = funnel?.converted ?? 0
        let groupClass: HTML = group == "Holdout" ? " class=\"holdout\"" : ""
        return """
            <tr\(groupClass)><td>v\(version)</td><th scope="row">\(group)</th><td class="n">\(entered)</td><td class="n">\(funnel?.active ?? 0)</td>
            <td class="n">\(funnel?.sent ?? 0)</td><td class="n">\(funnel?.delivered ?? 0)</td>
            <td class="n">\(funnel?.opened ?? 0)</td><td class="n">\(funnel?.clicked ?? 0)</td><td class="n">\(funnel?.skipped ?? 0)</td>
            <td class="n">\(converted)</td><td class="n">\(HTML.percent(converted, of: entered))</td>
            <td>\(HTML.revenue(funnel?.revenue ?? [:]))</td><td>\(uplift ?? .empty)</td></tr>
            """
    }

    /// The treated rate minus the holdout rate in percentage points with its 95% interval
    /// (Newcombe's), "not significant yet" when it holds zero.
    static func uplift(_ treated: JourneyFunnel?, _ holdout: JourneyFunnel?) -> HTML {
        guard let treated, let holdout,
            let uplift = Uplift.of(
                treatedConverted: treated.converted, treatedEntered: treated.entered, holdoutConverted: holdout.converted,
                holdoutEntered: holdout.entered)
        else {
            return "<span class=\"muted\">no holdout yet</span>"
        }
        return uplift.isSignificant ? "\(uplift.summary)" : "<span class=\"muted\">\(uplift.summary)</span>"
    }

    /// GET /admin/stores/:store/journeys/:journey[?version=N]: the definition drawn as a flow, the
    /// trigger, goal, holdout and quiet hours, the version history and recent instances.
    func journey(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let journeyID = try parameter("journey", context)
        let requested = request.uri.queryParameters["version"].flatMap { Int(String($0)) }
        guard let journey = try await storage.journey(storeID: store.id, id: journeyID, version: requested) else {
            throw AdminPageError.notFound
        }
        let definition = journey.definition
        let versions = try await storage.journeyVersions(storeID: store.id, journeyID: journeyID)
        let instances = try await storage.journeyInstances(
            storeID: store.id, journeyID: journeyID, subject: nil, limit: 50)
        let base = "/admin/stores/\(store.id)"
        let href = "\(base)/journeys/\(HTML.segment(journeyID))"

        let conditions: HTML =
            definition.trigger.conditions.isEmpty
            ? .empty
            : HTML(
                raw: " where "
                    + definition.trigger.conditions.map { "<code>\(HTML.escape($0.text))</code>" }.joined(
                        separator: " and "))
        let goal: HTML = definition.goal.map { "<code>\($0.event)</code> within \($0.within.description)" } ?? "none"
        let quiet = definition.quietHours
        let quietAction = quiet.action?.rawValue ?? "per send: ignore when transactional, defer when marketing"
        let facts: HTML = """
            <dl class="facts"><dt>Id</dt><dd>\(definition.id)</dd>
            <dt>Version shown</dt><dd>v\(journey.version) of \(versions.first?.version ?? journey.version), published \(HTML.time(journey.createdAt))</dd>
            <dt>State</dt><dd>\(journey.enabled ? "on" : "off")</dd>
            <dt>Category</dt><dd>\(definition.category.rawValue)</dd>
            <dt>Trigger</dt><dd><code>\(definition.trigger.event)</code>\(conditions)</dd>
            <dt>Re-entry</dt><dd>\(Self.describe(definition.reentry))</dd>
            <dt>Goal</dt><dd>\(goal)</dd>
            <dt>Holdout</dt><dd>\(definition.holdoutPercent)% of customers receive nothing</dd>
            <dt>Quiet hours</dt><dd>\(quiet.window.description) in the customer's time zone; \(quietAction)</dd></dl>
            """

        let versionRows: [HTML] = versions.map { v in
            let current: HTML = v.version == journey.version ? " aria-current=\"page\"" : ""
            return """
                <tr><td><a href="\(href)?version=\(v.version)"\(current)>v\(v.version)</a></td><td>\(v.name)</td>
                <td><code>\(v.triggerEvent)</code></td><td>\(v.enabled ? "on" : "off")</td><td>\(HTML.time(v.createdAt))</td></tr>
                """
        }
        let instanceRows: [HTML] = instances.map { i in
            """
            <tr><td><a href="\(base)/instances/\(HTML.segment(i.instanceKey))">\(i.instanceKey)</a></td><td>v\(i.version)</td>
            <td>\(i.customerKey)</td><td>\(i.subject)</td><td>\(i.status)\(i.heldOut ? " (holdout)" : "")</td>
            <td>\(i.currentStep)</td><td>\(HTML.time(i.startedAt))</td><td>\(HTML.time(i.nextDue))</td>
            <td>\(i.conversionRevenue?.description ?? (i.convertedAt == nil ? "—" : "yes"))</td></tr>
            """
        }
        let attribution = try await JourneyAttribution.read(storage: storage, store: store).rows.filter {
            $0.journeyID == journeyID
        }
        let attributionTable = Self.attributionTable(attribution, currency: store.currency, name: definition.name)
        if request.uri.queryParameters["format"] == "csv" {
            guard request.uri.queryParameters["table"] == "attribution" else { throw AdminPageError.notFound }
            return attributionTable.csv(filePrefix: "\(store.name)-\(journeyID)")
        }
        let body: HTML = """
            \(facts)
            <h2 id="attribution">Attribution</h2>
            \(attributionTable.html(csvBase: href))
            <h2 id="steps">Steps</h2>
            \(JourneyDiagram.render(definition))
            <h2 id="versions">Version history</h2>
            \(AdminLayout.table(caption: "Published versions", head: ["Version", "Name", "Trigger", "State", "Published"], rows: versionRows, empty: "No versions."))
            <h2 id="instances">Recent instances</h2>
            \(AdminLayout.table(caption: "The newest 50 instances, all versions", head: ["Instance", "Version", "Customer", "Subject", "Status", "Step", "Started", "Next due", "Converted"], rows: instanceRows, empty: "No instances yet."))
            """
        return AdminLayout.response(
            .ok,
            AdminLayout.page(title: definition.name, session: session, store: store, section: .journeys, body: body))
    }

    /// Each version and message step against the holdout: counts, conversion beside the
    /// holdout's, the uplift and the incremental revenue with their intervals (shown on the
    /// journey's page and served as CSV with `?table=attribution&format=csv`).
    static func attributionTable(_ rows: [JourneyAttribution.Row], currency: Currency, name: String) -> DashboardTable {
        func money(_ minor: Double) -> String { Money(minorUnits: Int64(minor.rounded()), currency: currency).description }
        return DashboardTable(
            id: "attribution", caption: "Attribution of \(name) per version and step (a step counts the customers who reached it)",
            header: [
                "Version", "Scope", "Entered", "Sent", "Delivered", "Opened", "Clicked", "Converted", "Revenue",
                "Holdout converted", "Uplift", "Incremental revenue", "Verdict",
            ],
            rows: rows.map { row in
                let t = row.treated
                return [
                    "v\(row.version)", row.stepID.map { "step \($0)" } ?? "whole journey", String(t.entered), String(t.sent),
                    String(t.delivered), String(t.opened), String(t.clicked),
                    "\(t.converted) (\(HTML.percent(t.converted, of: t.entered)))", money(Double(t.revenue)),
                    row.holdout.map { "\($0.converted) of \($0.entered) (\(HTML.percent($0.converted, of: $0.entered)))" } ?? "none",
                    row.uplift?.summary ?? row.verdict,
                    row.incrementalRevenue.map { "\(money($0.value)) (95% CI \(money($0.lower)) to \(money($0.upper)))" } ?? "—",
                    row.verdict,
                ]
            }, empty: "No customer has entered this journey yet.")
    }

    static func describe(_ reentry: Reentry) -> String {
        switch reentry {
        case .oncePerSubject: "once per subject (order or customer)"
        case .always: "every trigger starts an instance"
        case .oncePerCustomer(let within): "once per customer within \(within.description)"
        }
    }
}
