/// How a set of tickets did against their first-response targets.
///
/// Only answered tickets are judged (`responded`, `met`, `share`); unanswered tickets already past
/// their due time are counted apart in `unansweredPastDue`, so a backlog cannot hide.
public struct SLAAttainment: Hashable, Sendable, Codable {
    /// One ticket as the summary needs it.
    public struct Ticket: Hashable, Sendable, Codable {
        public var createdAt: Timestamp
        public var priority: TicketPriority
        public var firstResponseAt: Timestamp?

        /// A ticket created at `createdAt`, first answered at `firstResponseAt` (nil: not yet).
        public init(createdAt: Timestamp, priority: TicketPriority, firstResponseAt: Timestamp?) {
            self.createdAt = createdAt
            self.priority = priority
            self.firstResponseAt = firstResponseAt
        }
    }

    /// Tickets with a first response.
    public var responded: Int
    /// Tickets whose first response came in time.
    public var met: Int
    /// Tickets with no response whose due time is before `now`.
    public var unansweredPastDue: Int
    /// `met / responded`, 0...1; nil when no ticket was answered.
    public var share: Double? { responded == 0 ? nil : Double(met) / Double(responded) }

    /// Judges `tickets` under `policy` as of `now`.
    public init(tickets: [Ticket], policy: SLAPolicy, now: Timestamp) {
        var responded = 0, met = 0, pastDue = 0
        for ticket in tickets {
            switch policy.status(
                createdAt: ticket.createdAt, priority: ticket.priority, firstResponseAt: ticket.firstResponseAt,
                now: now)
            {
            case .met:
                responded += 1
                met += 1
            case .breached:
                if ticket.firstResponseAt == nil { pastDue += 1 } else { responded += 1 }
            case .dueSoon, .onTrack:
                break
            }
        }
        self.responded = responded
        self.met = met
        self.unansweredPastDue = pastDue
    }
}
