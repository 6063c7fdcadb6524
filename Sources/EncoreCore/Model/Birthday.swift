import Foundation

/// A customer's birthday: a month and a day, never a year (a birthday earns points and a greeting,
/// not an age check, so Encore keeps no more than it needs).
///
/// Written "MM-DD" ("03-05"). February 29 is a birthday; in years without one it is celebrated on
/// February 28 (`celebrated(onYear:month:day:)`).
public struct Birthday: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 1 to 12.
    public let month: Int
    /// 1 to the month's length (29 for February).
    public let day: Int

    /// A valid month and day; nil for anything else (April 31, month 13, day 0). February 29 is valid.
    public init?(month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, leap: true) else { return nil }
        self.month = month
        self.day = day
    }

    /// Reads "MM-DD", or a date "YYYY-MM-DD" whose year is checked (2023-02-29 is refused) and then
    /// dropped. Surrounding spaces are ignored; anything else throws an error saying what is wrong.
    public init(parsing text: String) throws(BirthdayError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        let digits = parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        let lengths = parts.map(\.utf8.count)
        guard digits, lengths == [2, 2] || lengths == [4, 2, 2] else {
            throw BirthdayError(reason: "'\(trimmed)' is not a birthday: write it MM-DD (e.g. 03-05) or YYYY-MM-DD")
        }
        let numbers = parts.map { Int($0)! }
        let (month, day) = (numbers[numbers.count - 2], numbers[numbers.count - 1])
        guard (1...12).contains(month) else {
            throw BirthdayError(reason: "'\(trimmed)' is not a birthday: the month must be 01 to 12")
        }
        let leap = numbers.count == 3 ? Self.isLeap(year: numbers[0]) : true
        let length = Self.daysIn(month: month, leap: leap)
        guard day >= 1, day <= length else {
            let which = numbers.count == 3 ? "\(Self.monthNames[month - 1]) \(numbers[0])" : Self.monthNames[month - 1]
            throw BirthdayError(reason: "'\(trimmed)' is not a birthday: \(which) has days 01 to \(length)")
        }
        self.month = month
        self.day = day
    }

    /// "MM-DD", as stored and shown by the API.
    public var text: String { Self.twoDigits(month) + "-" + Self.twoDigits(day) }

    public var description: String { text }

    /// The month's English name and the day, e.g. "March 5".
    public var spelled: String { "\(Self.monthNames[month - 1]) \(day)" }

    public static func < (lhs: Birthday, rhs: Birthday) -> Bool { (lhs.month, lhs.day) < (rhs.month, rhs.day) }

    /// The birthdays celebrated on a calendar date: the date's own, and on February 28 of a year
    /// without a February 29 also February 29. Empty for a date that does not exist.
    public static func celebrated(onYear year: Int, month: Int, day: Int) -> [Birthday] {
        guard let own = Birthday(month: month, day: day), day <= daysIn(month: month, leap: isLeap(year: year)) else {
            return []
        }
        if month == 2, day == 28, !isLeap(year: year) { return [own, Birthday(month: 2, day: 29)!] }
        return [own]
    }

    /// The idempotency key of the `customer.birthday` event of a customer's birthday in `year`
    /// (the year of the store's calendar): `eventKeyPrefix + customerKey + eventKeySuffix(year:)`.
    public static func eventKey(customerKey: String, year: Int) -> String {
        eventKeyPrefix + customerKey + eventKeySuffix(year: year)
    }

    /// What every `customer.birthday` key starts with.
    public static let eventKeyPrefix = "customer.birthday:"

    /// What the `customer.birthday` keys of `year` end with.
    public static func eventKeySuffix(year: Int) -> String { ":" + String(year) }

    /// Whether the (proleptic Gregorian) year has a February 29.
    public static func isLeap(year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The month's length (February: 29 in a leap year).
    public static func daysIn(month: Int, leap: Bool) -> Int {
        switch month {
        case 2: leap ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// English month names, January first.
    public static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// Why a text is not a birthday; `reason` names the value and what is wrong with it.
public struct BirthdayError: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String

    public init(reason: String) { self.reason = reason }

    public var description: String { reason }
}
