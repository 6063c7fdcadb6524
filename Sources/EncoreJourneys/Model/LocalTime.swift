import Foundation

/// A wall-clock time of day ("21:00"), read in the customer's time zone.
public struct LocalTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    /// A time of day; hour 0-23, minute 0-59 (not checked: use `init?(parsing:)` for input).
    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Parses "HH:MM" (24-hour, "9:30" allowed); nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// Minutes since local midnight.
    public var minutesOfDay: Int { hour * 60 + minute }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutesOfDay < rhs.minutesOfDay }

    /// "HH:MM".
    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}

extension LocalTime: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = LocalTime(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not HH:MM")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A daily window of local time, "09:00-11:00"; `from` is inside, `to` is not. A window whose
/// `to` is not after `from` wraps past midnight ("21:00-08:00").
public struct LocalWindow: Hashable, Sendable, CustomStringConvertible {
    public var from: LocalTime
    public var to: LocalTime

    public init(from: LocalTime, to: LocalTime) {
        self.from = from
        self.to = to
    }

    /// Parses "HH:MM-HH:MM"; nil when malformed or empty (`from == to`).
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let from = LocalTime(parsing: parts[0].trimmingCharacters(in: .whitespaces)),
            let to = LocalTime(parsing: parts[1].trimmingCharacters(in: .whitespaces)), from != to
        else { return nil }
        self.init(from: from, to: to)
    }

    /// Whether the window crosses midnight.
    public var wrapsMidnight: Bool { to <= from }

    /// Whether a local time of day (minutes since midnight) is inside the window.
    public func contains(minutesOfDay minutes: Int) -> Bool {
        if wrapsMidnight { return minutes >= from.minutesOfDay || minutes < to.minutesOfDay }
        return minutes >= from.minutesOfDay && minutes < to.minutesOfDay
    }

    /// "HH:MM-HH:MM".
    public var description: String { "\(from)-\(to)" }
}

extension LocalWindow: Codable {
    /// Stored as its text, "09:00-11:00".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let window = LocalWindow(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not HH:MM-HH:MM")
        }
        self = window
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A day of the week, as files name it.
public enum Weekday: String, Hashable, Sendable, Codable, CaseIterable {
    case mon, tue, wed, thu, fri, sat, sun

    /// Foundation's `Calendar` weekday number (1 = Sunday ... 7 = Saturday).
    public var calendarWeekday: Int {
        switch self {
        case .sun: 1
        case .mon: 2
        case .tue: 3
        case .wed: 4
        case .thu: 5
        case .fri: 6
        case .sat: 7
        }
    }
}
