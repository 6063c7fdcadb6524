/// A journey duration as written in a file: a positive whole number and a unit ("90s", "15m",
/// "36h", "2d", "1w").
///
/// Seconds, minutes and hours are elapsed time. Days and weeks are calendar days in the
/// customer's time zone when a wait is scheduled (`end(after:in:)`), so "wait 1d" keeps the
/// wall-clock time across a daylight-saving change; goal and re-entry windows, which storage
/// compares in SQL, use `elapsedMilliseconds` (a day is 24 h there).
public struct JourneyDuration: Hashable, Sendable, CustomStringConvertible {
    /// The unit of a duration.
    public enum Unit: String, Sendable, CaseIterable {
        case seconds = "s"
        case minutes = "m"
        case hours = "h"
        case days = "d"
        case weeks = "w"
    }

    public var value: Int
    public var unit: Unit

    public init(_ value: Int, _ unit: Unit) {
        self.value = value
        self.unit = unit
    }

    /// Parses "90s", "15m", "36h", "2d", "1w"; nil for anything else (no sign, no spaces inside,
    /// no fractions, no zero, at most 10 years).
    public init?(parsing text: String) {
        guard let last = text.last, let unit = Unit(rawValue: String(last)) else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = Int(digits), value > 0
        else { return nil }
        self.init(value, unit)
        guard elapsedMilliseconds <= 10 * 366 * 86_400_000 else { return nil }
    }

    /// The duration as elapsed milliseconds, counting a day as 24 h.
    public var elapsedMilliseconds: Int64 {
        let seconds: Int64
        switch unit {
        case .seconds: seconds = 1
        case .minutes: seconds = 60
        case .hours: seconds = 3_600
        case .days: seconds = 86_400
        case .weeks: seconds = 7 * 86_400
        }
        return Int64(value) * seconds * 1_000
    }

    /// The text form, as written in a file ("2d").
    public var description: String { "\(value)\(unit.rawValue)" }
}

extension JourneyDuration: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let duration = JourneyDuration(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a duration")
        }
        self = duration
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
