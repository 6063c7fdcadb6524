import Foundation
import Testing

@testable import EncoreCore


@Suite struct ISO8601ParseTests {
    /// 2024-03-01T12:30:00Z, computed independently.
    static let base: Int64 = 1_709_296_200_000

    func ms(_ text: String) -> Int64? { ISO8601.parse(text)?.millisecondsSinceEpoch }

    @Test func utcWithZ() {
        #expect(ms("2024-03-01T12:30:00Z") == Self.base)
        #expect(ms("2024-03-01t12:30:00z") == Self.base)
        #expect(ms("1970-01-01T00:00:00Z") == 0)
        #expect(ms("1997-01-01T00:00:00Z") == 852_076_800_000)
        #expect(ms("9999-12-31T23:59:59Z") == 253_402_300_799_000)
    }

    @Test(arguments: [
        (".1", Int64(100)), (".12", 120), (".123", 123), (".1234", 123), (".12345", 123), (".123456", 123),
        (".999999", 999), (".000", 0), (".5", 500), (".05", 50), (",5", 500), (".007", 7),
    ])
    func fractionalSecondsKeepMilliseconds(fraction: String, millis: Int64) {
        #expect(ms("2024-03-01T12:30:00\(fraction)Z") == Self.base + millis)
        #expect(ms("2024-03-01T14:30:00\(fraction)+02:00") == Self.base + millis)
    }

    @Test func offsets() {
        #expect(ms("2024-03-01T14:30:00+02:00") == Self.base)
        #expect(ms("2024-03-01T14:30:00+0200") == Self.base)
        #expect(ms("2024-03-01T07:30:00-05:00") == Self.base)
        #expect(ms("2024-03-01T07:30:00-0500") == Self.base)
        #expect(ms("2024-03-01T18:00:00+05:30") == Self.base)
        #expect(ms("2024-03-01T12:30:00+00:00") == Self.base)
        #expect(ms("2024-03-01T12:30:00-00:00") == Self.base)
        #expect(ms("2024-03-02T02:15:00+13:45") == Self.base)
        #expect(ms("2024-03-01T12:30:00.250-01:00") == Self.base + 3_600_000 + 250)
        // Offsets move the instant across day and year boundaries.
        #expect(ms("2024-01-01T01:00:00+02:00") == 1_704_063_600_000)  // 2023-12-31T23:00:00Z
        #expect(ms("2023-12-31T20:00:00-03:00") == 1_704_063_600_000)
    }

    @Test func spaceSeparatorAndShopifyExportStyle() {
        #expect(ms("2024-03-01 12:30:00Z") == Self.base)
        #expect(ms("2024-03-01 12:30:00 Z") == Self.base)
        #expect(ms("2024-03-01 07:30:00 -0500") == Self.base)
        #expect(ms("2024-03-01 14:30:00 +02:00") == Self.base)
        // Shopify's order export.
        #expect(ms("2024-02-01 09:59:00 -0500") == 1_706_799_540_000)  // 2024-02-01T14:59:00Z
        #expect(ISO8601.parse("2024-02-01 09:59:00 -0500") == ISO8601.parse("2024-02-01T14:59:00Z"))
    }

    @Test func secondsAreOptional() {
        #expect(ms("2024-03-01T12:30Z") == Self.base)
        #expect(ms("2024-03-01T07:30-05:00") == Self.base)
    }

    @Test func leapSecondIsClampedToTheLastSecondOfTheMinute() {
        #expect(ms("2016-12-31T23:59:60Z") == ms("2016-12-31T23:59:59Z"))
        #expect(ISO8601.parse("2016-12-31T23:59:61Z") == nil)
    }

    @Test func bareDateIsMidnightUTC() {
        #expect(ms("2024-03-01") == Self.base - (12 * 3600 + 30 * 60) * 1000)
        #expect(ms("1970-01-01") == 0)
        #expect(ms("1969-12-31") == -86_400_000)
        #expect(ms("1900-03-01") == -2_203_891_200_000)
        #expect(ms("0001-01-01") == -62_135_596_800_000)
        #expect(ms("0000-01-01") == -62_167_219_200_000)
    }

    @Test func beforeTheEpoch() {
        #expect(ms("1969-12-31T23:59:59.999Z") == -1)
        #expect(ms("1969-12-31T23:59:59Z") == -1000)
        #expect(ms("1969-12-31T23:59:59.5Z") == -500)
        #expect(ms("1970-01-01T00:00:00+00:01") == -60_000)
    }

    @Test func leapDays() {
        #expect(ms("2024-02-29") == 1_709_164_800_000)
        #expect(ms("2024-02-29T23:59:59Z") == Int64(1_709_251_199_000))
        #expect(ISO8601.parse("2000-02-29") != nil)  // divisible by 400
        #expect(ISO8601.parse("2400-02-29T00:00:00Z") != nil)
        #expect(ISO8601.parse("2023-02-29") == nil)
        #expect(ISO8601.parse("2023-02-29T00:00:00Z") == nil)
        #expect(ISO8601.parse("1900-02-29") == nil)  // divisible by 100, not by 400
        #expect(ISO8601.parse("2100-02-29") == nil)
        #expect(ISO8601.parse("2024-02-30") == nil)
        #expect(ISO8601.parse("2023-02-28") != nil)
    }

    @Test(arguments: [
        "2024-01-31", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31", "2024-08-31",
        "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31",
    ])
    func lastDayOfEachMonthIsAccepted(text: String) {
        #expect(ISO8601.parse(text) != nil)
    }

    @Test(arguments: [
        "2024-04-31", "2024-06-31", "2024-09-31", "2024-11-31", "2024-01-32", "2024-13-01", "2024-00-10",
        "2024-01-00", "2024-99-99",
    ])
    func impossibleDatesAreRejected(text: String) {
        #expect(ISO8601.parse(text) == nil)
        #expect(ISO8601.parse(text + "T00:00:00Z") == nil)
    }

    @Test func outOfRangeTimesAreRejected() {
        #expect(ISO8601.parse("2024-03-01T24:00:00Z") == nil)
        #expect(ISO8601.parse("2024-03-01T23:60:00Z") == nil)
        #expect(ISO8601.parse("2024-03-01T23:59:61Z") == nil)
        #expect(ISO8601.parse("2024-03-01T12:30:00+24:00") == nil)
        #expect(ISO8601.parse("2024-03-01T12:30:00+05:60") == nil)
    }

    @Test func aDateTimeWithoutAnOffsetIsRejected() {
        #expect(ISO8601.parse("2024-03-01T12:30:00") == nil)
        #expect(ISO8601.parse("2024-03-01T12:30:00.123") == nil)
        #expect(ISO8601.parse("2024-03-01 12:30:00") == nil)
        #expect(ISO8601.parse("2024-03-01 12:30:00 ") == nil)
        #expect(ISO8601.parse("2024-03-01T12:30") == nil)
    }

    @Test(arguments: [
        "", " ", "garbage", "2024", "2024-03", "2024-3-01", "2024-03-1", "24-03-01", "2024/03/01", "20240301",
        " 2024-03-01", "2024-03-01 ", "2024-03-01x", "2024-03-01T", "2024-03-01Tx", "2024-03-01T12",
        "2024-03-01T12:3Z", "2024-03-01T1:30:00Z", "2024-03-01T12:30:0Z", "2024-03-01T12:30:00.Z",
        "2024-03-01T12:30:00ZZ", "2024-03-01T12:30:00Zjunk", "2024-03-01T12:30:00+2", "2024-03-01T12:30:00+02",
        "2024-03-01T12:30:00+02:0", "2024-03-01T12:30:00+02:00 ", "2024-03-01T12:30:00 +02:00x",
        "2024-03-01T12:30:00 EST", "2024-03-01T12:30:00UTC", "2024-03-01_12:30:00Z", "2024-03-01T12:30:00  Z",
        "+2024-03-01", "-2024-03-01", "2024-03-01T12:30:00.12a3Z", "２０２４-03-01",
    ])
    func garbageIsRejected(text: String) {
        #expect(ISO8601.parse(text) == nil)
    }

    @Test func parseFromBytesMatchesParseFromString() {
        let text = "2024-02-01 09:59:00.5 -0500"
        let bytes = Array(text.utf8)
        let fromBytes = bytes.withUnsafeBufferPointer { ISO8601.parse(bytes: $0) }
        #expect(fromBytes == ISO8601.parse(text))
        #expect(fromBytes?.millisecondsSinceEpoch == 1_706_799_540_500)
    }
}

@Suite struct ISO8601FormatTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"), (-1, "1969-12-31T23:59:59.999Z"),
        (1, "1970-01-01T00:00:00.001Z"), (-86_400_000, "1969-12-31T00:00:00.000Z"),
        (-86_400_001, "1969-12-30T23:59:59.999Z"), (1_709_296_200_123, "2024-03-01T12:30:00.123Z"),
        (1_709_164_800_000, "2024-02-29T00:00:00.000Z"), (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
        (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"), (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
        (-2_203_891_200_000, "1900-03-01T00:00:00.000Z"), (951_782_400_000, "2000-02-29T00:00:00.000Z"),
    ])
    func format(milliseconds: Int64, expected: String) {
        let timestamp = Timestamp(millisecondsSinceEpoch: milliseconds)
        #expect(ISO8601.format(timestamp) == expected)
        #expect(timestamp.iso8601 == expected)
        #expect(timestamp.description == expected)
    }

    /// format then parse gives back the same instant, for random instants of years 0000...9999.
    @Test(arguments: [UInt64(7), 1970, 86_400])
    func roundTripProperty(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let earliest: Int64 = -62_167_219_200_000  // 0000-01-01T00:00:00.000Z
        let latest: Int64 = 253_402_300_799_999  // 9999-12-31T23:59:59.999Z
        var failures: [String] = []
        var negatives = 0
        for iteration in 0..<5000 {
            let value: Int64 =
                iteration % 2 == 0
                ? Int64.random(in: earliest...latest, using: &generator)
                : Int64.random(in: -5_000_000_000_000...5_000_000_000_000, using: &generator)
            if value < 0 { negatives += 1 }
            let text = ISO8601.format(Timestamp(millisecondsSinceEpoch: value))
            let back = ISO8601.parse(text)?.millisecondsSinceEpoch
            if back != value { failures.append("\(value) -> \(text) -> \(String(describing: back))") }
        }
        #expect(negatives > 1000)
        #expect(failures.isEmpty, "seed \(seed): \(failures.prefix(10))")
    }

    /// The same instant written with an offset parses to what format gives back in UTC.
    @Test func offsetFormsParseToTheFormattedInstant() {
        var generator = SeededGenerator(seed: 99)
        var failures: [String] = []
        for _ in 0..<2000 {
            let seconds = Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator)
            let offsetMinutes = Int64.random(in: -(23 * 60 + 59)...(23 * 60 + 59), using: &generator)
            let local = Timestamp(millisecondsSinceEpoch: (seconds + offsetMinutes * 60) * 1000)
            let utcText = ISO8601.format(local)  // "YYYY-MM-DDTHH:MM:SS.000Z"
            let sign = offsetMinutes < 0 ? "-" : "+"
            let magnitude = abs(offsetMinutes)
            let hh = magnitude / 60 < 10 ? "0\(magnitude / 60)" : "\(magnitude / 60)"
            let mm = magnitude % 60 < 10 ? "0\(magnitude % 60)" : "\(magnitude % 60)"
            let withOffset = String(utcText.dropLast()) + sign + hh + ":" + mm
            let parsed = ISO8601.parse(withOffset)?.millisecondsSinceEpoch
            if parsed != seconds * 1000 { failures.append("\(withOffset) -> \(String(describing: parsed))") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }
}

@Suite struct CivilCalendarTests {
    @Test func knownDays() {
        #expect(ISO8601.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(ISO8601.daysFromCivil(year: 1969, month: 12, day: 31) == -1)
        #expect(ISO8601.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(ISO8601.daysFromCivil(year: 2024, month: 2, day: 29) == 19_782)
        #expect(ISO8601.daysFromCivil(year: 1, month: 1, day: 1) == -719_162)
        #expect(ISO8601.daysFromCivil(year: 0, month: 3, day: 1) == -719_468)
        #expect(ISO8601.civilFromDays(0) == (1970, 1, 1))
        #expect(ISO8601.civilFromDays(-1) == (1969, 12, 31))
        #expect(ISO8601.civilFromDays(19_782) == (2024, 2, 29))
        #expect(ISO8601.civilFromDays(-719_468) == (0, 3, 1))
        #expect(ISO8601.civilFromDays(-719_469) == (0, 2, 29))
    }

    /// Over about ±2,700 years around 1970, the two functions are inverses and consecutive day
    /// counts are consecutive calendar days (which also checks every month length and leap year).
    @Test func inverseAndContinuousOverAWideRange() {
        var failures: [String] = []
        var previous = ISO8601.civilFromDays(-1_000_001)
        for days in -1_000_000...1_000_000 {
            let civil = ISO8601.civilFromDays(days)
            if ISO8601.daysFromCivil(year: civil.year, month: civil.month, day: civil.day) != days {
                failures.append("day \(days) -> \(civil) does not map back")
            }
            let expectedNext: (Int, Int, Int)
            if previous.day < ISO8601.daysInMonth(year: previous.year, month: previous.month) {
                expectedNext = (previous.year, previous.month, previous.day + 1)
            } else if previous.month < 12 {
                expectedNext = (previous.year, previous.month + 1, 1)
            } else {
                expectedNext = (previous.year + 1, 1, 1)
            }
            if civil != expectedNext { failures.append("day \(days) is \(civil), expected \(expectedNext)") }
            previous = civil
            if failures.count > 10 { break }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(ISO8601.civilFromDays(-1_000_000).year < -700)
        #expect(ISO8601.civilFromDays(1_000_000).year > 4700)
    }

    @Test func daysInMonth() {
        #expect(ISO8601.daysInMonth(year: 2024, month: 2) == 29)
        #expect(ISO8601.daysInMonth(year: 2023, month: 2) == 28)
        #expect(ISO8601.daysInMonth(year: 1900, month: 2) == 28)
        #expect(ISO8601.daysInMonth(year: 2000, month: 2) == 29)
        #expect(ISO8601.daysInMonth(year: 0, month: 2) == 29)
        #expect([1, 3, 5, 7, 8, 10, 12].allSatisfy { ISO8601.daysInMonth(year: 2023, month: $0) == 31 })
        #expect([4, 6, 9, 11].allSatisfy { ISO8601.daysInMonth(year: 2023, month: $0) == 30 })
    }

    /// Agrees with Foundation's Gregorian calendar in UTC for modern dates.
    @Test func agreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for days in stride(from: -40_000, through: 60_000, by: 37) {
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let civil = ISO8601.civilFromDays(days)
            #expect(parts.year == civil.year && parts.month == civil.month && parts.day == civil.day, "day \(days)")
        }
    }
}

@Suite struct TimestampCodingTests {
    @Test func codableUsesISO8601() throws {
        let timestamp = Timestamp(millisecondsSinceEpoch: 1_709_296_200_123)
        let data = try JSONEncoder().encode([timestamp])
        #expect(String(decoding: data, as: UTF8.self) == #"["2024-03-01T12:30:00.123Z"]"#)
        #expect(try JSONDecoder().decode([Timestamp].self, from: data) == [timestamp])
        let shopify = Data(#"["2024-02-01 09:59:00 -0500"]"#.utf8)
        #expect(try JSONDecoder().decode([Timestamp].self, from: shopify).first?.millisecondsSinceEpoch == 1_706_799_540_000)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Timestamp].self, from: Data(#"["2024-02-01T09:59:00"]"#.utf8))
        }
    }

    @Test func dateConversionAndArithmetic() {
        let timestamp = Timestamp(millisecondsSinceEpoch: 1_709_296_200_123)
        #expect(Timestamp(timestamp.date) == timestamp)
        #expect(timestamp.adding(seconds: 60).millisecondsSinceEpoch == 1_709_296_260_123)
        #expect(timestamp.adding(seconds: -1) < timestamp)
        #expect(FixedClock(timestamp).now() == timestamp)
    }
}
