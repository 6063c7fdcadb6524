import Foundation

/// The local day numbers (days since 1970-01-01 in a time zone) of instants, for scans of many
/// orders: `floor((t + offset(t)) / 1 day)` with the zone's UTC offset at `t`, the same as reading
/// the offset of every instant from the zone, but the zone is read once per UTC day (and at the
/// instant its offset changes on that day) and kept, a year at a time, as the instants ask for it.
///
/// Assumes at most one offset change within a UTC day, as in every zone of the tz database since 1970.
public struct LocalDays: Sendable {
    public let zone: TimeZone
    static let dayMilliseconds: Int64 = 86_400_000
    static let chunk: Int64 = 366
    /// The UTC day number of index 0 of the tables below.
    var firstDay: Int64 = 0
    /// Per UTC day: the offset (milliseconds) at its start, the offset after its change and
    /// the instant of the change (`Int64.max` on a day with none).
    var before: [Int64] = []
    var after: [Int64] = []
    var changeAt: [Int64] = []

    public init(zone: TimeZone) {
        self.zone = zone
    }

    /// The zone's offset (milliseconds) at an instant, as Foundation gives it.
    public static func offset(of zone: TimeZone, at milliseconds: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(milliseconds) / 1000))) * 1000
    }

    /// The local day of the instant `milliseconds` since the epoch.
    public mutating func day(of milliseconds: Int64) -> Int32 {
        let utcDay = Self.floorDivide(milliseconds, Self.dayMilliseconds)
        var index = Int(utcDay - firstDay)
        if index < 0 || index >= before.count {
            cover(utcDay)
            index = Int(utcDay - firstDay)
        }
        let offset = milliseconds < changeAt[index] ? before[index] : after[index]
        return Int32(Self.floorDivide(milliseconds + offset, Self.dayMilliseconds))
    }

    /// Extends the tables to cover the UTC day `utcDay` and the year around it.
    mutating func cover(_ utcDay: Int64) {
        if before.isEmpty {
            firstDay = utcDay - Self.chunk / 2
            append(through: utcDay + Self.chunk / 2)
        } else if utcDay < firstDay {
            let start = min(utcDay - Self.chunk / 2, firstDay - Self.chunk)
            var earlier = LocalDays(zone: zone)
            earlier.firstDay = start
            earlier.append(through: firstDay - 1)
            firstDay = start
            before = earlier.before + before
            after = earlier.after + after
            changeAt = earlier.changeAt + changeAt
        } else {
            append(through: max(utcDay + Self.chunk / 2, firstDay + Int64(before.count) - 1 + Self.chunk))
        }
    }

    /// Appends the UTC days after the tables' last through `last`.
    private mutating func append(through last: Int64) {
        var day = firstDay + Int64(before.count)
        var start = Self.offset(of: zone, at: day * Self.dayMilliseconds)
        while day <= last {
            let dayStart = day * Self.dayMilliseconds
            let next = Self.offset(of: zone, at: dayStart + Self.dayMilliseconds)
            before.append(start)
            after.append(next)
            if next == start {
                changeAt.append(.max)
            } else {
                // The first millisecond with the new offset.
                var low = dayStart
                var high = dayStart + Self.dayMilliseconds
                while high - low > 1 {
                    let mid = low + (high - low) / 2
                    if Self.offset(of: zone, at: mid) == next { high = mid } else { low = mid }
                }
                changeAt.append(high)
            }
            start = next
            day += 1
        }
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
