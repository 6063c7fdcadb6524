/// First-response targets of support tickets, counted in business time.
///
/// A ticket is due its first response `target(for:)` seconds of open time after it was created;
/// the clock stops at night, at weekends and on holidays of `businessHours`.
public struct SLAPolicy: Hashable, Sendable, Codable {
    /// First-response targets per priority, in seconds of business time. Zero or negative means
    /// due at once (at creation).
    public struct Targets: Hashable, Sendable, Codable {
        public var urgent: Int64
        public var high: Int64
        public var normal: Int64
        public var low: Int64

        /// Targets in business seconds; the defaults are 1 h, 4 h, 8 h and 24 h.
        public init(urgent: Int64 = 3_600, high: Int64 = 14_400, normal: Int64 = 28_800, low: Int64 = 86_400) {
            self.urgent = urgent
            self.high = high
            self.normal = normal
            self.low = low
        }

        /// The target of a priority.
        public subscript(priority: TicketPriority) -> Int64 {
            switch priority {
            case .urgent: urgent
            case .high: high
            case .normal: normal
            case .low: low
            }
        }
    }

    public var businessHours: BusinessHours
    public var firstResponse: Targets

    enum CodingKeys: String, CodingKey {
        case businessHours = "business_hours", firstResponse = "first_response"
    }

    /// A policy; by default Mon-Fri 09:00-17:00 UTC with 1 h / 4 h / 8 h / 24 h targets.
    public init(businessHours: BusinessHours = .default, firstResponse: Targets = Targets()) {
        self.businessHours = businessHours
        self.firstResponse = firstResponse
    }

    /// The default policy.
    public static let `default` = SLAPolicy()

    /// The first-response target of a priority, business seconds (never negative).
    public func target(for priority: TicketPriority) -> Int64 { max(0, firstResponse[priority]) }

    /// When the first response to a ticket created at `createdAt` is due.
    public func firstResponseDue(createdAt: Timestamp, priority: TicketPriority) -> Timestamp {
        businessHours.addingBusinessTime(target(for: priority), to: createdAt)
    }

    /// Where a ticket stands against its first-response target at `now`.
    ///
    /// Answered: `met` when the first response came at or before the due time, else `breached`
    /// (`now` is not looked at). Unanswered: `breached` once `now` is past the due time;
    /// `dueSoon` when less than 25% of the target (in business time) is left, or none;
    /// `onTrack` otherwise.
    public func status(createdAt: Timestamp, priority: TicketPriority, firstResponseAt: Timestamp?, now: Timestamp)
        -> SLAStatus
    {
        let due = firstResponseDue(createdAt: createdAt, priority: priority)
        if let firstResponseAt { return firstResponseAt <= due ? .met : .breached }
        if now > due { return .breached }
        // Both stay far below Int64.max / 4: instants are clamped to years 1...9999.
        let left = businessHours.businessMilliseconds(from: now, to: due)
        let target = target(for: priority).multipliedReportingOverflow(by: 1000)
        let targetMs = target.overflow ? Int64.max : target.partialValue
        return left == 0 || left * 4 < targetMs ? .dueSoon : .onTrack
    }
}

/// A ticket's standing against its first-response target.
public enum SLAStatus: String, CaseIterable, Hashable, Sendable, Codable {
    /// Answered in time.
    case met
    /// Answered late, or unanswered past the due time.
    case breached
    /// Unanswered, with less than a quarter of the target left.
    case dueSoon = "due_soon"
    /// Unanswered, with time to spare.
    case onTrack = "on_track"
}
