/// When a ticket was opened, answered first (nil: not yet) and when that answer was due.
public struct TicketTiming: Sendable, Hashable {
    public var createdAt: Timestamp
    public var firstResponseAt: Timestamp?
    public var due: Timestamp

    public init(createdAt: Timestamp, firstResponseAt: Timestamp?, due: Timestamp) {
        self.createdAt = createdAt
        self.firstResponseAt = firstResponseAt
        self.due = due
    }
}

/// The support figures of the tickets opened in a period.
public enum SupportMetrics {
    /// Hours from opening to the first response, over the tickets answered (mean, with its interval).
    public static func firstResponseHours(_ tickets: [TicketTiming]) -> Estimate {
        Estimate.mean(
            tickets.compactMap { t in
                t.firstResponseAt.map { Double($0.millisecondsSinceEpoch - t.createdAt.millisecondsSinceEpoch) / 3_600_000 }
            })
    }

    /// The share of tickets whose first response came by its due time; a ticket not answered yet
    /// counts as missed once its due time is before `now`, and is left out while it is not.
    public static func slaAttainment(_ tickets: [TicketTiming], now: Timestamp) -> Estimate {
        var met = 0
        var counted = 0
        for t in tickets {
            if let answered = t.firstResponseAt {
                counted += 1
                if answered <= t.due { met += 1 }
            } else if t.due < now {
                counted += 1
            }
        }
        return Estimate.proportion(met, of: counted)
    }
}
