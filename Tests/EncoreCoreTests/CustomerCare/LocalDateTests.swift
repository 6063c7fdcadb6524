import Foundation
import Testing

@testable import EncoreCore

extension CustomerCare {
    @Suite struct LocalDateTests {
        @Test func parsesStrictDates() {
            #expect(LocalDate("2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
            #expect(LocalDate("0001-01-01")?.description == "0001-01-01")
            #expect(LocalDate("9999-12-31")?.description == "9999-12-31")
            for bad in [
                "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", "24-01-01", "2024/01/01",
                "2024-01-01T00:00", " 2024-01-01", "0000-01-01", "２０２４-01-01", "", "abcd-ef-gh", "2024-01-+1",
            ] {
                #expect(LocalDate(bad) == nil, "\(bad)")
            }
            #expect(LocalDate(year: 1900, month: 2, day: 29) == nil)
            #expect(LocalDate(year: 2000, month: 2, day: 29) != nil)
            #expect(LocalDate(year: 10000, month: 1, day: 1) == nil)
        }

        @Test func daysSinceEpochRoundTrips() {
            #expect(LocalDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
            #expect(LocalDate(year: 1969, month: 12, day: 31)?.daysSinceEpoch == -1)
            for days: Int64 in [-719_162, -1, 0, 1, 19_782, 2_932_896] {
                #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
            }
        }

        @Test func ordersAndCodes() throws {
            let dates = ["2025-01-01", "2024-12-31", "2024-02-01"].compactMap { LocalDate($0) }
            #expect(dates.sorted().map(\.description) == ["2024-02-01", "2024-12-31", "2025-01-01"])
            let data = try JSONEncoder().encode(dates)
            #expect(String(decoding: data, as: UTF8.self) == #"["2025-01-01","2024-12-31","2024-02-01"]"#)
            #expect(try JSONDecoder().decode([LocalDate].self, from: data) == dates)
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode([LocalDate].self, from: Data(#"["2024-02-30"]"#.utf8))
            }
        }

        @Test func weekdays() {
            #expect(LocalDate("1970-01-01").map(BusinessHours.Day.init) == .thu)
            #expect(LocalDate("2024-03-04").map(BusinessHours.Day.init) == .mon)
            #expect(LocalDate("2024-03-31").map(BusinessHours.Day.init) == .sun)
            #expect(LocalDate("1969-12-29").map(BusinessHours.Day.init) == .mon)
        }
    }
}
