/// Where a support ticket stands, and which moves between states are allowed.
///
/// open ⇄ pending (waiting on the customer); open or pending → resolved or closed;
/// resolved → open (the customer wrote again) or closed; closed → open (reopened).
/// Staying in the same state is not a move.
public enum TicketStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case open, pending, resolved, closed

    /// The states this one may move to.
    public var allowedMoves: Set<TicketStatus> {
        switch self {
        case .open: [.pending, .resolved, .closed]
        case .pending: [.open, .resolved, .closed]
        case .resolved: [.open, .closed]
        case .closed: [.open]
        }
    }

    /// Whether a ticket in this state may move to `next`; false for `next == self`.
    public func canMove(to next: TicketStatus) -> Bool { allowedMoves.contains(next) }

    /// Whether the ticket still needs the team (open or pending).
    public var isActive: Bool { self == .open || self == .pending }
}
