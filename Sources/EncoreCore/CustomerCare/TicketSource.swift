/// What opened a support ticket.
public enum TicketSource: String, CaseIterable, Hashable, Sendable, Codable {
    /// The help form on the smart receipt page.
    case receipt
    /// A low NPS or CSAT answer (close the loop).
    case feedback
    /// A low-star review.
    case review
    /// A call to the HTTP API.
    case api
    /// Someone on the merchant team, in the admin pages.
    case admin
    /// A shipment exception or delay.
    case shipment
}
