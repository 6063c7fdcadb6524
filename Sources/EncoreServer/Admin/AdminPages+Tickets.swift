import EncoreCore
import EncoreStore
import Foundation
import Hummingbird

extension AdminPages {
    /// The support inbox's SLA reading of a ticket, with the store's business hours.
    func slaStatus(_ ticket: Ticket, store: Store, now: Timestamp) -> SLAStatus {
        let policy = SLAPolicy(businessHours: CareService.businessHours(store))
        return policy.status(createdAt: ticket.createdAt, priority: ticket.priority, firstResponseAt: ticket.firstResponseAt, now: now)
    }

    static func slaBadge(_ status: SLAStatus) -> HTML {
        switch status {
        case .breached: "<span class=\"badge bad\">SLA breached</span>"
        case .dueSoon: "<span class=\"badge bad\">Due soon</span>"
        case .met: "<span class=\"badge good\">Answered in time</span>"
        case .onTrack: "<span class=\"badge\">On track</span>"
        }
    }

    /// GET /admin/stores/:store/tickets[?status=S]: the inbox, oldest first, SLA breaches marked.
    func tickets(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let now = clock.now()
        let wanted = request.uri.queryParameters["status"].flatMap { TicketStatus(rawValue: String($0)) }
        let statuses = wanted.map { [$0] } ?? [.open, .pending]
        let tickets = try await storage.tickets(storeID: store.id, statuses: statuses, limit: AdminRoutes.pageSize)
        let base = "/admin/stores/\(store.id)"
        var tabs: [HTML] = ["<li><a href=\"\(base)/tickets\"\(HTML(raw: wanted == nil ? " aria-current=\"page\"" : ""))>Open and pending</a></li>"]
        for status in TicketStatus.allCases {
            tabs.append("<li><a href=\"\(base)/tickets?status=\(status.rawValue)\"\(HTML(raw: wanted == status ? " aria-current=\"page\"" : ""))>\(status.rawValue.capitalized)</a></li>")
        }
        var met = 0
        var answered = 0
        let rows: [HTML] = tickets.map { ticket in
            let sla = slaStatus(ticket, store: store, now: now)
            if ticket.firstResponseAt != nil { answered += 1 }
            if sla == .met { met += 1 }
            return """
                <tr class="\(sla == .breached ? "dead" : "")"><td class="n">#\(ticket.number)</td>
                <td><a href="\(base)/tickets/\(HTML.segment(ticket.key))">\(ticket.subject)</a></td><td>\(ticket.status.rawValue)</td>
                <td>\(ticket.priority.rawValue)</td><td>\(ticket.source.rawValue)</td><td>\(ticket.assignee ?? "—")</td>
                <td>\(HTML.time(ticket.createdAt))</td><td>\(HTML.time(ticket.firstResponseDue))</td><td>\(Self.slaBadge(sla))</td></tr>
                """
        }
        let body: HTML = """
            <ul class="tabs">\(tabs)</ul>
            <p><a href="\(base)/tickets/new">Open a ticket</a> for a request that came by phone, chat or letter.</p>
            <p>First responses in time among these: \(met) of \(answered) answered (\(HTML.percent(met, of: answered))).</p>
            \(AdminLayout.table(caption: "Tickets, oldest first", head: ["#", "Subject", "Status", "Priority", "Source", "Assignee", "Opened", "First response due", "SLA"], rows: rows, empty: "No tickets here."))
            """
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Support inbox", session: session, store: store, section: .tickets, body: body))
    }

    /// GET /admin/stores/:store/tickets/:ticket: the conversation, with reply, note and status forms.
    func ticket(_ request: Request, _ context: AdminRequestContext, error: String? = nil) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let key = try parameter("ticket", context)
        guard let (ticket, messages) = try await storage.ticket(storeID: store.id, key: key) else { throw AdminPageError.notFound }
        let base = "/admin/stores/\(store.id)/tickets/\(HTML.segment(ticket.key))"
        let csrf: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(session.csrfToken)\">"
        let entries: [HTML] = messages.map { message in
            let kind: String =
                switch message.kind {
                case .customer: "Customer"
                case .reply: "Reply (e-mailed)"
                case .note: "Internal note"
                case .system: "Change"
                }
            return "<li class=\"card\"><p><strong>\(kind)</strong> · \(message.author) · \(HTML.time(message.createdAt))</p><pre>\(message.body)</pre></li>"
        }
        let statusOptions: [HTML] = TicketStatus.allCases.map {
            "<option value=\"\($0.rawValue)\"\(HTML(raw: $0 == ticket.status ? " selected" : ""))>\($0.rawValue)</option>"
        }
        let priorityOptions: [HTML] = TicketPriority.allCases.map {
            "<option value=\"\($0.rawValue)\"\(HTML(raw: $0 == ticket.priority ? " selected" : ""))>\($0.rawValue)</option>"
        }
        let alert: HTML = error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? .empty
        let sla = slaStatus(ticket, store: store, now: clock.now())
        let body: HTML = """
            \(alert)<dl class="facts"><dt>Status</dt><dd>\(ticket.status.rawValue)</dd><dt>Priority</dt><dd>\(ticket.priority.rawValue)</dd>
            <dt>Customer</dt><dd>\(ticket.email ?? ticket.customerKey ?? "—")</dd><dt>Order</dt><dd>\(ticket.orderKey ?? "—")</dd>
            <dt>Source</dt><dd>\(ticket.source.rawValue)</dd><dt>Opened</dt><dd>\(HTML.time(ticket.createdAt))</dd>
            <dt>First response due</dt><dd>\(HTML.time(ticket.firstResponseDue)) \(Self.slaBadge(sla))</dd>
            <dt>First response</dt><dd>\(HTML.time(ticket.firstResponseAt))</dd></dl>
            <h2>Conversation</h2><ol class="inbox">\(entries)</ol>
            <h2>Reply</h2><form method="post" action="\(base)/reply">\(csrf)
            <label for="reply">Reply to the customer (sent by e-mail)</label><textarea id="reply" name="body" rows="6" maxlength="10000" required></textarea>
            <p><button type="submit">Send reply</button></p></form>
            <form method="post" action="\(base)/note">\(csrf)
            <label for="note">Internal note (never shown to the customer)</label><textarea id="note" name="body" rows="3" maxlength="10000" required></textarea>
            <p><button type="submit">Add note</button></p></form>
            <h2>Status</h2><form method="post" action="\(base)/update">\(csrf)
            <label for="status">Status</label><select id="status" name="status">\(statusOptions)</select>
            <label for="priority">Priority</label><select id="priority" name="priority">\(priorityOptions)</select>
            <label for="assignee">Assignee</label><input id="assignee" name="assignee" type="email" value="\(ticket.assignee ?? "")">
            <p><button type="submit">Save</button></p></form>
            """
        return AdminLayout.response(
            error == nil ? .ok : .unprocessableContent,
            AdminLayout.page(title: "Ticket #\(ticket.number): \(ticket.subject)", session: session, store: store, section: .tickets, body: body))
    }

    /// A signed-in form: its fields once the CSRF token matched the session's.
    func checkedForm(_ request: Request, _ context: AdminRequestContext) async throws -> [String: String] {
        let session = try context.requireSession()
        var request = request
        let fields = try await AdminForm.read(&request)
        guard let token = fields["csrf"], Array(token.utf8).elementsEqual(Array(session.csrfToken.utf8)) else {
            throw AdminPageError.forbidden
        }
        return fields
    }

    /// POST …/tickets/:ticket/reply, …/note and …/update.
    func ticketAction(_ action: String, _ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let fields = try await checkedForm(request, context)
        let store = try await store(context)
        let key = try parameter("ticket", context)
        guard let (ticket, _) = try await storage.ticket(storeID: store.id, key: key) else { throw AdminPageError.notFound }
        let now = clock.now()
        let care = CareService(storage: storage, links: links, clock: clock)
        do {
            switch action {
            case "reply", "note":
                let body = try FreeText.clean(fields["body"] ?? "", field: "body", maxLength: 10_000, required: true)
                if action == "reply" {
                    _ = try await care.reply(store: store, ticket: ticket, body: body, agent: session.email, now: now)
                } else {
                    _ = try await storage.addTicketMessage(
                        storeID: store.id, key: key, kind: .note, author: session.email, body: body, email: nil, now: now)
                }
            default:
                guard let status = TicketStatus(rawValue: fields["status"] ?? ""),
                    let priority = TicketPriority(rawValue: fields["priority"] ?? "")
                else { throw InputError(field: "status", reason: "choose a status and a priority") }
                let assignee = String((fields["assignee"] ?? "").trimmingCharacters(in: .whitespaces).prefix(254))
                let updated = try await storage.updateTicket(
                    storeID: store.id, key: key, status: status, priority: priority, assignee: assignee,
                    actor: session.email, now: now)
                if let updated, status == .resolved, ticket.status != .resolved {
                    try await care.askCSAT(store: store, ticket: updated, now: now)
                }
            }
        } catch let error as InputError {
            return try await self.ticket(request, context, error: "\(error.field): \(error.reason)")
        } catch let error as StorageError {
            return try await self.ticket(request, context, error: error.description)
        }
        return AdminLayout.redirect(to: "/admin/stores/\(store.id)/tickets/\(HTML.segment(key))")
    }
}
