import Foundation
import Testing

@testable import EncoreCore

extension CustomerCare {
    @Suite struct BusinessHoursParsingTests {
        @Test func parsesTheCompactForm() throws {
            let hours = try BusinessHours.parse("mon-fri 09:00-17:00; sat 10:00-14:00", timeZone: "Europe/Berlin")
            #expect(hours.timeZoneIdentifier == "Europe/Berlin")
            #expect(hours.intervals(on: .mon) == [try .init(opens: 540, closes: 1020)])
            #expect(hours.intervals(on: .fri).map(\.description) == ["09:00-17:00"])
            #expect(hours.intervals(on: .sat).map(\.description) == ["10:00-14:00"])
            #expect(hours.intervals(on: .sun).isEmpty)
            #expect(hours.description == "mon-fri 09:00-17:00; sat 10:00-14:00")
            #expect(hours.holidays.isEmpty)
        }

        @Test func listsRangesAndWrap() throws {
            let hours = try BusinessHours.parse(
                " Monday-WED 9:00-12:00, 13:00-17:30 ;thu 08:15-24:00;; fri,Sat-sun 07:00-08:00 ",
                holidays: ["2024-12-25", " 2024-12-26 "])
            #expect(hours.intervals(on: .tue).map(\.description) == ["09:00-12:00", "13:00-17:30"])
            #expect(hours.intervals(on: .thu).map(\.description) == ["08:15-24:00"])
            #expect(hours.intervals(on: .sat).map(\.description) == ["07:00-08:00"])
            #expect(hours.intervals(on: .sun).map(\.description) == ["07:00-08:00"])
            #expect(hours.description == "mon-wed 09:00-12:00,13:00-17:30; thu 08:15-24:00; fri-sun 07:00-08:00")
            #expect(hours.holidays == Set(["2024-12-25", "2024-12-26"].compactMap { LocalDate($0) }))
            let wrapped = try BusinessHours.parse("fri-mon 10:00-12:00")
            #expect(
                BusinessHours.Day.allCases.filter { !wrapped.intervals(on: $0).isEmpty } == [.mon, .fri, .sat, .sun])
            let closedSunday = try BusinessHours.parse("mon 00:00-24:00; sun closed")
            #expect(closedSunday.intervals(on: .sun).isEmpty)
            #expect(closedSunday.description == "mon 00:00-24:00")
        }

        @Test func intervalsAreSortedAndMayTouch() throws {
            let hours = try BusinessHours.parse("mon 13:00-17:00,09:00-13:00")
            #expect(hours.intervals(on: .mon).map(\.description) == ["09:00-13:00", "13:00-17:00"])
        }

        @Test(arguments: [
            ("", "hours", "no opening hours given (e.g. 'mon-fri 09:00-17:00')"),
            (" ; ;", "hours", "no opening hours given (e.g. 'mon-fri 09:00-17:00')"),
            ("mon", "hours", "'mon' gives no hours (e.g. 'mon-fri 09:00-17:00')"),
            (
                "mon-fry 09:00-17:00", "hours",
                "'mon-fry' is not a day or range of days (use mon, tue, wed, thu, fri, sat, sun)"
            ),
            (
                "mon-tue-wed 09:00-17:00", "hours",
                "'mon-tue-wed' is not a day or range of days (use mon, tue, wed, thu, fri, sat, sun)"
            ),
            ("mon, 09:00-17:00", "hours", "'' is not a day or range of days (use mon, tue, wed, thu, fri, sat, sun)"),
            ("mon 9-17", "hours", "'9-17' is not a time range like 09:00-17:00"),
            ("mon 09:00", "hours", "'09:00' is not a time range like 09:00-17:00"),
            ("mon 09:00-17:00,", "hours", "'' is not a time range like 09:00-17:00"),
            ("mon 25:00-26:00", "hours", "'25:00-26:00' is not a time range like 09:00-17:00"),
            ("mon 09:60-10:00", "hours", "'09:60-10:00' is not a time range like 09:00-17:00"),
            ("mon 23:00-24:30", "hours", "'23:00-24:30' is not a time range like 09:00-17:00"),
            ("mon 09:00-17:0", "hours", "'09:00-17:0' is not a time range like 09:00-17:00"),
            ("mon -9:00-17:00", "hours", "'-9:00-17:00' is not a time range like 09:00-17:00"),
            (
                "mon 17:00-09:00", "hours",
                "17:00-09:00 does not open before it closes (split overnight hours at midnight)"
            ),
            (
                "mon 09:00-09:00", "hours",
                "09:00-09:00 does not open before it closes (split overnight hours at midnight)"
            ),
            ("mon 09:00-12:00,11:00-13:00", "hours", "09:00-12:00 and 11:00-13:00 overlap on mon"),
            ("mon-fri 09:00-17:00; fri 18:00-20:00", "hours", "fri is given more than once"),
            ("sat-sun closed", "hours", "there is no open time in the week"),
            ("mon-wed 09:00-17:00; fri-mon 10:00-12:00", "hours", "mon is given more than once"),
            ("mon,mon 09:00-17:00", "hours", "mon is given more than once"),
        ])
        func rejectsBadHours(text: String, field: String, reason: String) {
            #expect(throws: InputError(field: field, reason: reason)) { try BusinessHours.parse(text) }
        }

        @Test func rejectsUnknownTimeZonesAndBadHolidays() {
            #expect(
                throws: InputError(
                    field: "time_zone", reason: "'Mars/Olympus' is not a known time zone (e.g. Europe/Berlin)")
            ) {
                try BusinessHours.parse("mon 09:00-17:00", timeZone: "Mars/Olympus")
            }
            #expect(throws: InputError(field: "time_zone", reason: "'' is not a known time zone (e.g. Europe/Berlin)"))
            {
                try BusinessHours.parse("mon 09:00-17:00", timeZone: "")
            }
            #expect(throws: InputError(field: "holidays", reason: "'2024-02-30' is not a date (yyyy-MM-dd)")) {
                try BusinessHours.parse("mon 09:00-17:00", holidays: ["2024-12-25", "2024-02-30"])
            }
            #expect(throws: InputError(field: "holidays", reason: "'25/12/2024' is not a date (yyyy-MM-dd)")) {
                try BusinessHours.parse("mon 09:00-17:00", holidays: ["25/12/2024"])
            }
        }

        @Test func intervalInitValidates() throws {
            #expect(throws: InputError(field: "hours", reason: "times must lie between 00:00 and 24:00")) {
                try BusinessHours.Interval(opens: -1, closes: 60)
            }
            #expect(throws: InputError(field: "hours", reason: "times must lie between 00:00 and 24:00")) {
                try BusinessHours.Interval(opens: 0, closes: 1441)
            }
            #expect(try BusinessHours.Interval(opens: 0, closes: 1440).description == "00:00-24:00")
            #expect(throws: InputError(field: "hours", reason: "there is no open time in the week")) {
                try BusinessHours(hours: [:])
            }
            #expect(throws: InputError(field: "hours", reason: "there is no open time in the week")) {
                try BusinessHours(hours: [.mon: []])
            }
        }

        @Test func defaultIsWeekdaysNineToFiveUTC() throws {
            let hours = BusinessHours.default
            #expect(hours.timeZoneIdentifier == "UTC")
            #expect(hours.description == "mon-fri 09:00-17:00")
            #expect(hours == (try BusinessHours.parse("mon-fri 09:00-17:00")))
            #expect(hours.hashValue == (try BusinessHours.parse("monday-friday 9:00-17:00")).hashValue)
            #expect(hours != (try BusinessHours.parse("mon-fri 09:00-17:00", holidays: ["2024-12-25"])))
            #expect(hours != (try BusinessHours.parse("mon-fri 09:00-17:00", timeZone: "Europe/Berlin")))
        }

        @Test func codableRoundTripAndValidation() throws {
            let hours = try BusinessHours.parse(
                "mon-fri 09:00-17:00; sat 10:00-14:00", timeZone: "America/New_York",
                holidays: ["2024-12-25", "2024-07-04"])
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let data = try encoder.encode(hours)
            #expect(
                String(decoding: data, as: UTF8.self)
                    == #"{"holidays":["2024-07-04","2024-12-25"],"hours":"mon-fri 09:00-17:00; sat 10:00-14:00","#
                    + #""time_zone":"America\/New_York"}"#
            )
            #expect(try JSONDecoder().decode(BusinessHours.self, from: data) == hours)
            let noHolidays = Data(#"{"time_zone":"UTC","hours":"mon 09:00-10:00"}"#.utf8)
            #expect(try JSONDecoder().decode(BusinessHours.self, from: noHolidays).holidays.isEmpty)
            for bad in [
                #"{"time_zone":"UTC","hours":"mon 10:00-09:00"}"#,
                #"{"time_zone":"Nowhere","hours":"mon 09:00-10:00"}"#,
                #"{"time_zone":"UTC","hours":"mon 09:00-10:00","holidays":["2024-02-31"]}"#,
                #"{"hours":"mon 09:00-10:00"}"#,
            ] {
                #expect(throws: DecodingError.self) {
                    try JSONDecoder().decode(BusinessHours.self, from: Data(bad.utf8))
                }
            }
        }
    }
}
