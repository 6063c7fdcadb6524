import EncoreCore

/// The birthday action's own limits, on top of the rule's caps: the birthday must have been set
/// at least 30 days earlier (so nobody sets it to today for the points), and it earns once per
/// calendar year (UTC).
public enum BirthdayRule {
    /// Days the birthday must have been on file before it earns.
    public static let minimumDaysSinceSet = 30

    /// Whether a birthday award is allowed `now`: the birthday was set at least 30 days (of 24
    /// hours) before `now`, and no birthday points were awarded in the current calendar year.
    /// Never when the birthday was never set.
    public static func isEligible(birthdaySetAt: Timestamp?, lastAwardedAt: Timestamp?, now: Timestamp) -> Bool {
        guard let birthdaySetAt else { return false }
        guard ProgramCalendar.adding(days: Int64(minimumDaysSinceSet), to: birthdaySetAt) <= now else { return false }
        guard let lastAwardedAt else { return true }
        return lastAwardedAt < CapPeriod.year.start(containing: now)
    }
}
