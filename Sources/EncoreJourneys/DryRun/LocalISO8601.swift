import EncoreCore
import Foundation

/// ISO 8601 local date-times with the zone's UTC offset at that instant.
public enum LocalISO8601 {
    /// "2026-03-09T09:00:00-04:00" for 13:00Z in New York; "Z" never appears (UTC is "+00:00").
    public static func format(_ instant: Timestamp, in zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: instant.date)
        let localSeconds = Int(instant.millisecondsSinceEpoch.floorDivided(by: 1_000)) + offset
        let days = localSeconds.floorDivided(by: 86_400)
        let secondOfDay = localSeconds - days * 86_400
        let (year, month, day) = ISO8601.civilFromDays(days)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset) / 60
        return
            "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(pad(secondOfDay / 3_600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))"
            + "\(sign)\(pad(magnitude / 60)):\(pad(magnitude % 60))"
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension BinaryInteger {
    /// Division rounding toward negative infinity (times before 1970 stay on the right day).
    fileprivate func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
