/// What a send does when it falls inside quiet hours.
public enum QuietHoursAction: String, Hashable, Sendable, Codable, CaseIterable {
    /// Wait until quiet hours end, then send.
    case `defer`
    /// Skip the send, recording `quiet_hours`.
    case skip
    /// Send anyway.
    case ignore
}

/// A journey's quiet hours: a local-time window (default 21:00-08:00) in the customer's zone.
///
/// `action` is nil when the file does not set one; each send then uses its category's default
/// (`ignore` for transactional, `defer` for marketing). A step's own `quiet_hours` wins over both.
public struct QuietHours: Hashable, Sendable, Codable {
    public var window: LocalWindow
    public var action: QuietHoursAction?

    public init(window: LocalWindow = QuietHours.defaultWindow, action: QuietHoursAction? = nil) {
        self.window = window
        self.action = action
    }

    /// 21:00-08:00.
    public static let defaultWindow = LocalWindow(
        from: LocalTime(hour: 21, minute: 0), to: LocalTime(hour: 8, minute: 0))

    /// The action a send takes: the step's override, else the journey's, else the category default.
    public func action(for category: JourneyCategory, override: QuietHoursAction?) -> QuietHoursAction {
        override ?? action ?? (category == .transactional ? .ignore : .defer)
    }
}
