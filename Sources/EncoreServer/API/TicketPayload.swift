import EncoreCore

/// The body of POST /v1/tickets: a ticket from the shop's own systems (a contact form, a call).
/// `id` is the caller's reference: posting it again returns the ticket already opened.
struct TicketPayload: Decodable {
    var id: FlexibleID
    var customer_id: FlexibleID?
    var order_id: FlexibleID?
    var email: String?
    var subject: String
    var message: String
    var priority: String?

    /// The cleaned fields, or a `FieldError` naming the first bad one.
    func validated() throws -> (subject: String, message: String, priority: TicketPriority, email: String?) {
        let priority: TicketPriority
        if let raw = self.priority {
            guard let value = TicketPriority(rawValue: raw) else {
                throw FieldError(
                    field: "priority", reason: "must be one of: \(TicketPriority.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            priority = value
        } else {
            priority = .normal
        }
        do {
            let subject = try FreeText.clean(subject, field: "subject", maxLength: 200, required: true)
            let message = try FreeText.clean(message, field: "message", maxLength: 10_000, required: true)
            var email: String?
            if let raw = self.email {
                let trimmed = try FreeText.clean(raw, field: "email", maxLength: 254, required: false)
                guard trimmed.isEmpty || (trimmed.contains("@") && !trimmed.contains(" ")) else {
                    throw InputError(field: "email", reason: "is not an e-mail address")
                }
                email = trimmed.isEmpty ? nil : trimmed
            }
            return (subject, message, priority, email)
        } catch let error as InputError {
            throw FieldError(field: error.field, reason: error.reason)
        }
    }
}
