import Foundation

/// Calendar days in a time zone as day numbers (days since 1970-01-01 of the local calendar), one
/// instant at a time (`LocalDays` does many instants of one zone cheaply).
public enum LocalDay {
    /// The local day of an instant in `zone`.
    public static func of(_ t: Timestamp, in zone: TimeZone) -> Int {
        Int((t.millisecondsSinceEpoch + offset(at: t.millisecondsSinceEpoch, in: zone)).floorDiv(86_400_000))
    }

    /// The last millisecond of a local day in `zone`.
    public static func endOfDay(_ day: Int, in zone: TimeZone) -> Timestamp {
        let midnightUTC = Int64(day + 1) * 86_400_000
        return Timestamp(millisecondsSinceEpoch: midnightUTC - offset(at: midnightUTC, in: zone) - 1)
    }

    /// The first millisecond of a local day in `zone`: a period of days `[from, to)` is the
    /// instants `[start(of: from), start(of: to))`.
    public static func start(of day: Int, in zone: TimeZone) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: endOfDay(day - 1, in: zone).millisecondsSinceEpoch + 1)
    }

    /// The instant the local clock shows `hour`:00 on `day` in `zone` (offset at that hour, not at
    /// midnight: a day when clocks move keeps its 04:00). An hour the clocks skip (02:00 when they
    /// jump to 03:00) maps to the moment they jump.
    public static func instant(day: Int, hour: Int, in zone: TimeZone) -> Timestamp {
        let local = Int64(day) * 86_400_000 + Int64(hour) * 3_600_000
        let guess = local - offset(at: local, in: zone)
        return Timestamp(millisecondsSinceEpoch: local - offset(at: guess, in: zone))
    }

    static func offset(at ms: Int64, in zone: TimeZone) -> Int64 { LocalDays.offset(of: zone, at: ms) }
}

extension Int64 {
    fileprivate func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
