/// How urgent a support ticket is; it sets the first-response target (`SLAPolicy`).
/// Ordered: low < normal < high < urgent.
public enum TicketPriority: String, CaseIterable, Hashable, Comparable, Sendable, Codable {
    case low, normal, high, urgent

    /// Lower urgency sorts first.
    public static func < (lhs: TicketPriority, rhs: TicketPriority) -> Bool {
        let order = TicketPriority.allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}
