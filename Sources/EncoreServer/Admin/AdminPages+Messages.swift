import EncoreCore
import EncoreStore
import Foundation
import Hummingbird

extension AdminPages {
    /// GET /admin/stores/:store/instances/:key: the instance and its timeline, every log line.
    func instance(_ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let key = try parameter("key", context)
        guard let instance = try await storage.journeyInstance(storeID: store.id, instanceKey: key) else {
            throw AdminPageError.notFound
        }
        let log = try await storage.journeyLog(storeID: store.id, instanceKey: key)
        let base = "/admin/stores/\(store.id)"
        let journeyHref = "\(base)/journeys/\(HTML.segment(instance.journeyID))?version=\(instance.version)"
        let facts: HTML = """
            <dl class="facts"><dt>Journey</dt><dd><a href="\(journeyHref)">\(instance.journeyID) v\(instance.version)</a></dd>
            <dt>Customer</dt><dd>\(instance.customerKey)</dd><dt>Subject</dt><dd>\(instance.subject)</dd>
            <dt>Status</dt><dd>\(instance.status)\(instance.heldOut ? " — in the holdout group (walks the journey without sending)" : "")</dd>
            <dt>Current step</dt><dd>\(instance.currentStep ?? "—")</dd><dt>Started</dt><dd>\(HTML.time(instance.startedAt))</dd>
            <dt>Next due</dt><dd>\(HTML.time(instance.nextDue))</dd>
            <dt>Converted</dt><dd>\(HTML.time(instance.convertedAt))\(instance.conversionRevenue.map { " · \($0.description)" } ?? "")</dd></dl>
            """
        let rows: [HTML] = log.map { entry in
            let message: HTML =
                entry.messageID.map { "<a href=\"\(base)/outbox/\(HTML.segment($0))\">\($0)</a>" } ?? "—"
            let step: HTML =
                entry.stepID.map { "<a href=\"\(journeyHref)#step-\(HTML.segment($0))\">\($0)</a>" } ?? "—"
            return """
                <tr><td class="n">\(entry.seq)</td><td>\(HTML.time(entry.at))</td><td>\(step)</td><td>\(entry.kind)</td>
                <td>\(entry.channel ?? "—")</td><td>\(entry.template ?? "—")</td><td>\(entry.reason ?? "—")</td><td>\(message)</td></tr>
                """
        }
        let body: HTML = """
            \(facts)<h2>Timeline</h2>
            \(AdminLayout.table(caption: "Every step the instance took, oldest first", head: ["#", "Time", "Step", "Kind", "Channel", "Template", "Reason", "Message"], rows: rows, empty: "Nothing logged yet."))
            """
        return AdminLayout.response(
            .ok,
            AdminLayout.page(title: "Instance \(key)", session: session, store: store, section: .journeys, body: body))
    }

    /// GET /admin/stores/:store/outbox[?status=S]: counts per status and the newest messages.
    func outbox(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let status = request.uri.queryParameters["status"].flatMap { OutboxStatus(rawValue: String($0)) }
        let counts = try await storage.outboxCounts(storeID: store.id)
        let messages = try await storage.outbox(storeID: store.id, status: status, limit: AdminRoutes.pageSize)
        let base = "/admin/stores/\(store.id)"
        let total = counts.values.reduce(0, +)
        var tabs: [HTML] = [
            tab("\(base)/outbox", "All", total, current: status == nil)
        ]
        for s in OutboxStatus.allCases {
            tabs.append(tab("\(base)/outbox?status=\(s.rawValue)", Self.label(s), counts[s] ?? 0, current: status == s))
        }
        let rows: [HTML] = messages.map { m in
            let dead = m.status == .dead || m.status == .failed
            let error: HTML = m.lastError.map { "<span class=\"bad\">\($0)</span>" } ?? "—"
            return """
                <tr\(HTML(raw: dead ? " class=\"dead\"" : ""))><td><a href="\(base)/outbox/\(HTML.segment(m.messageID))">\(m.subject ?? m.messageID)</a></td>
                <td>\(dead ? "⚠ " : "")\(Self.label(m.status))</td><td>\(m.channel.rawValue)</td><td>\(m.recipient)</td>
                <td>\(m.journeyID ?? "—")</td><td class="n">\(m.attempts)</td><td>\(HTML.time(m.createdAt))</td><td>\(error)</td></tr>
                """
        }
        let shown: HTML =
            messages.count == AdminRoutes.pageSize
            ? "<p class=\"muted\">Showing the newest \(AdminRoutes.pageSize).</p>" : .empty
        let body: HTML = """
            <nav aria-label="Message status"><ul class="tabs">\(tabs)</ul></nav>
            \(AdminLayout.table(caption: status.map { "\(Self.label($0)) messages" } ?? "All messages", head: ["Subject or id", "Status", "Channel", "Recipient", "Journey", "Attempts", "Created", "Last error"], rows: rows, empty: "No messages."))
            \(shown)
            """
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Outbox", session: session, store: store, section: .outbox, body: body))
    }

    private func tab(_ href: String, _ text: String, _ count: Int, current: Bool) -> HTML {
        "<li><a href=\"\(href)\"\(HTML(raw: current ? " aria-current=\"page\"" : ""))>\(text) <span class=\"badge\">\(count)</span></a></li>"
    }

    static func label(_ status: OutboxStatus) -> String {
        switch status {
        case .pending: "Pending"
        case .delivered: "Delivered"
        case .failed: "Failed (bounced)"
        case .dead: "Dead letter"
        }
    }

    /// GET /admin/stores/:store/outbox/:message: headers, text, and the HTML as customers see it,
    /// in a sandboxed frame (no script, no same-origin access, no forms).
    func message(_ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let id = try parameter("message", context)
        guard let m = try await storage.outboxMessage(storeID: store.id, messageID: id) else {
            throw AdminPageError.notFound
        }
        let base = "/admin/stores/\(store.id)"
        var headerRows: [HTML] = [
            "<tr><th scope=\"row\">To</th><td>\(m.recipient)</td></tr>"
        ]
        if let subject = m.subject { headerRows.append("<tr><th scope=\"row\">Subject</th><td>\(subject)</td></tr>") }
        headerRows += m.headers.map { "<tr><th scope=\"row\">\($0.name)</th><td>\($0.value)</td></tr>" }
        let instance: HTML =
            m.instanceKey.map { "<a href=\"\(base)/instances/\(HTML.segment($0))\">\($0)</a>" } ?? "—"
        let dead = m.status == .dead || m.status == .failed
        let error: HTML =
            m.lastError.map { "<p class=\"error\" role=\"status\"><strong>Last error:</strong> \($0)</p>" } ?? .empty
        let facts: HTML = """
            <dl class="facts"><dt>Message id</dt><dd><code>\(m.messageID)</code></dd>
            <dt>Status</dt><dd\(HTML(raw: dead ? " class=\"bad\"" : ""))>\(Self.label(m.status))</dd><dt>Channel</dt><dd>\(m.channel.rawValue) · \(m.category.rawValue)</dd>
            <dt>Journey</dt><dd>\(m.journeyID ?? "—")\(m.stepID.map { " · step \($0)" } ?? "")</dd><dt>Instance</dt><dd>\(instance)</dd>
            <dt>Customer</dt><dd>\(m.customerKey ?? "—")</dd><dt>Attempts</dt><dd>\(m.attempts)</dd>
            <dt>Created</dt><dd>\(HTML.time(m.createdAt))</dd><dt>Next attempt</dt><dd>\(m.status == .pending ? HTML.time(m.nextAttemptAt) : "—")</dd>
            <dt>Delivered</dt><dd>\(HTML.time(m.deliveredAt))</dd></dl>
            """
        let html: HTML =
            m.html.map {
                """
                <h2>As the customer sees it</h2>
                <iframe class="mail" sandbox="" title="The message's HTML, as the customer sees it" srcdoc="\($0)"></iframe>
                """
            } ?? .empty
        let body: HTML = """
            \(error)\(facts)
            <h2>Headers</h2>\(AdminLayout.table(caption: "Message headers", head: ["Header", "Value"], rows: headerRows, empty: ""))
            \(html)
            <h2>Plain text</h2><pre>\(m.text)</pre>
            """
        return AdminLayout.response(
            .ok,
            AdminLayout.page(
                title: m.subject ?? "Message \(m.messageID)", session: session, store: store, section: .outbox,
                body: body))
    }

    /// GET /admin/stores/:store/mailbox: the store's delivered and pending email, newest first, as
    /// an inbox (the demo's local mailbox: read what customers receive without an SMTP server).
    func mailbox(_ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let messages = try await storage.outbox(
            storeID: store.id, channel: .email, statuses: [.delivered, .pending], limit: AdminRoutes.pageSize)
        let base = "/admin/stores/\(store.id)"
        let items: [HTML] = messages.map { m in
            let from = m.headers.first { $0.name.lowercased() == "from" }?.value ?? ""
            let pending: HTML = m.status == .pending ? " <span class=\"badge\">pending</span>" : .empty
            return """
                <li><a href="\(base)/outbox/\(HTML.segment(m.messageID))">\(m.subject ?? "(no subject)")</a>\(pending)<br>
                <span class="muted">To \(m.recipient)\(from.isEmpty ? "" : " · from \(from)") · \(HTML.time(m.deliveredAt ?? m.createdAt))</span></li>
                """
        }
        let body: HTML =
            items.isEmpty
            ? "<p class=\"empty\">No email yet.</p>"
            : """
            <p class="muted">Delivered and pending email, newest first\(messages.count == AdminRoutes.pageSize ? " (the newest \(AdminRoutes.pageSize))" : "").</p>
            <ul class="inbox">\(items)</ul>
            """
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Mailbox", session: session, store: store, section: .mailbox, body: body))
    }
}
