import Foundation

/// Calendar days in a time zone as day numbers (days since 1970-01-01 of the local calendar).
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

    /// The instant the local clock shows `hour`:00 on `day` in `zone` (offset at that hour, not at
    /// midnight: a day when clocks move keeps its 04:00). An hour the clocks skip (02:00 when they
    /// jump to 03:00) maps to the moment they jump.
    public static func instant(day: Int, hour: Int, in zone: TimeZone) -> Timestamp {
        let local = Int64(day) * 86_400_000 + Int64(hour) * 3_600_000
        let guess = local - offset(at: local, in: zone)
        return Timestamp(millisecondsSinceEpoch: local - offset(at: guess, in: zone))
    }

    static func offset(at ms: Int64, in zone: TimeZone) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))) * 1000
    }

    /// Local days of many instants with the zone's offset looked up once per UTC hour: an hour
    /// whose offset is the same at its start and end uses it; an hour with a change inside looks
    /// each instant up.
    public struct Cache {
        let zone: TimeZone
        private var hours: [Int64: Int64?] = [:]

        public init(zone: TimeZone) { self.zone = zone }

        /// The local day of `t`.
        public mutating func day(of t: Timestamp) -> Int {
            let ms = t.millisecondsSinceEpoch
            let hour = ms.floorDiv(3_600_000)
            let offset: Int64
            if let known = hours[hour] {
                offset = known ?? LocalDay.offset(at: ms, in: zone)
            } else {
                let start = LocalDay.offset(at: hour * 3_600_000, in: zone)
                let end = LocalDay.offset(at: hour * 3_600_000 + 3_599_999, in: zone)
                hours[hour] = start == end ? start : Int64?.none
                offset = start == end ? start : LocalDay.offset(at: ms, in: zone)
            }
            return Int((ms + offset).floorDiv(86_400_000))
        }
    }
}

extension Int64 {
    fileprivate func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
