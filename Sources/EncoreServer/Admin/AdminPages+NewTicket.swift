import EncoreCore
import EncoreStore
import Foundation
import Hummingbird

/// What an agent typed into the new-ticket form, kept to show the form again after a refusal.
struct NewTicketForm: Sendable {
    var reference = UUID().uuidString.lowercased()
    var customer = ""
    var order = ""
    var subject = ""
    var message = ""
    var priority = TicketPriority.normal

    init() {}

    init(_ fields: [String: String]) {
        reference = String((fields["ref"] ?? "").prefix(64))
        customer = String((fields["customer"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(254))
        order = String((fields["order"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(100))
        if order.hasPrefix("#") { order.removeFirst() }
        subject = fields["subject"] ?? ""
        message = fields["message"] ?? ""
        priority = TicketPriority(rawValue: fields["priority"] ?? "") ?? .normal
    }
}

extension AdminPages {
    /// GET /admin/stores/:store/tickets/new: the form an agent opens a ticket with (a phone call,
    /// a chat, a letter), for a customer found by e-mail or id, optionally about one order.
    func newTicket(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try await newTicketForm(context, form: NewTicketForm(), error: nil)
    }

    /// POST /admin/stores/:store/tickets/new: opens the ticket (source "admin", once per form:
    /// a second submission of the same form shows the ticket already opened) and goes to it.
    /// Bad input shows the form again, filled in, with a 422 and the field at fault.
    func createTicket(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let fields = try await checkedForm(request, context)
        let store = try await store(context)
        let form = NewTicketForm(fields)
        do {
            let ticket = try await validatedTicket(form, store: store, agent: session.email)
            let (stored, _) = try await storage.openTicket(ticket)
            return AdminLayout.redirect(to: "/admin/stores/\(store.id)/tickets/\(HTML.segment(stored.key))")
        } catch let error as InputError {
            return try await newTicketForm(context, form: form, error: error)
        }
    }

    /// The ticket the form describes, or an `InputError` naming the first field at fault.
    private func validatedTicket(_ form: NewTicketForm, store: Store, agent: String) async throws -> NewTicket {
        guard !form.reference.isEmpty, form.reference.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw InputError(field: "form", reason: "the form is damaged: open it again")
        }
        let subject = try FreeText.clean(form.subject, field: "subject", maxLength: 200, required: true)
        let message = try FreeText.clean(form.message, field: "message", maxLength: 10_000, required: true)
        var customer: Customer?
        var email: String?
        if !form.customer.isEmpty {
            if let key = try await storage.customerKey(storeID: store.id, emailOrKey: form.customer) {
                customer = try await storage.customer(storeID: store.id, key: key, eventLimit: 0)?.customer
            } else if form.customer.contains("@"), !form.customer.contains(" "), form.customer.first != "@",
                form.customer.last != "@"
            {
                email = form.customer
            } else {
                throw InputError(field: "customer", reason: "no customer with this e-mail or id in this store")
            }
        }
        var orderKey: String?
        if !form.order.isEmpty {
            guard let detail = try await storage.order(storeID: store.id, key: form.order) else {
                throw InputError(field: "order", reason: "no order #\(form.order) in this store")
            }
            if let customer, let owner = detail.order.customerKey, owner != customer.key {
                throw InputError(field: "order", reason: "order #\(form.order) belongs to another customer")
            }
            if customer == nil, email == nil, let owner = detail.order.customerKey {
                customer = try await storage.customer(storeID: store.id, key: owner, eventLimit: 0)?.customer
            }
            orderKey = detail.order.key
        }
        var ticket = CareService.newTicket(
            store: store, customer: customer, orderKey: orderKey, subject: subject, body: message, author: agent,
            priority: form.priority, source: .admin, sourceRef: form.reference, now: clock.now())
        if let email { ticket.email = email }
        return ticket
    }

    private func newTicketForm(_ context: AdminRequestContext, form: NewTicketForm, error: InputError?) async throws
        -> Response
    {
        let session = try context.requireSession()
        let store = try await store(context)
        let priorities: [HTML] = TicketPriority.allCases.map {
            "<option value=\"\($0.rawValue)\"\(HTML(raw: $0 == form.priority ? " selected" : ""))>\($0.rawValue)</option>"
        }
        let alert: HTML = error.map { "<p class=\"error\" role=\"alert\" id=\"form-error\">\($0.field): \($0.reason)</p>" } ?? .empty
        let body: HTML = """
            \(alert)<p>For a request that came by phone, chat or letter. The customer is e-mailed only when you reply.</p>
            <form method="post" action="/admin/stores/\(store.id)/tickets/new">
            <input type="hidden" name="csrf" value="\(session.csrfToken)"><input type="hidden" name="ref" value="\(form.reference)">
            <label for="customer">Customer's e-mail or id (optional)</label><input id="customer" name="customer" maxlength="254" value="\(form.customer)">
            <label for="order">Order number (optional)</label><input id="order" name="order" maxlength="100" value="\(form.order)">
            <label for="subject">Subject</label><input id="subject" name="subject" maxlength="200" required value="\(form.subject)">
            <label for="message">What the customer asked</label><textarea id="message" name="message" rows="6" maxlength="10000" required>\(form.message)</textarea>
            <label for="priority">Priority</label><select id="priority" name="priority">\(priorities)</select>
            <p><button type="submit">Open ticket</button></p></form>
            """
        return AdminLayout.response(
            error == nil ? .ok : .unprocessableContent,
            AdminLayout.page(title: "Open a ticket", session: session, store: store, section: .tickets, body: body))
    }
}
