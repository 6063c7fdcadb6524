import EncoreCore
import Testing

@Suite("Birthday: a month and a day")
struct BirthdayTests {
    @Test("MM-DD and YYYY-MM-DD are read, the year dropped; February 29 is a birthday")
    func parses() throws {
        #expect(try Birthday(parsing: "03-05") == Birthday(month: 3, day: 5))
        #expect(try Birthday(parsing: " 1990-12-31 ").text == "12-31")
        #expect(try Birthday(parsing: "02-29").text == "02-29")
        #expect(try Birthday(parsing: "2024-02-29") == Birthday(month: 2, day: 29))
        #expect(Birthday(month: 2, day: 29)?.spelled == "February 29")
        #expect(Birthday(month: 4, day: 31) == nil && Birthday(month: 13, day: 1) == nil && Birthday(month: 1, day: 0) == nil)
        #expect(Birthday(month: 1, day: 2)! < Birthday(month: 1, day: 10)!)
    }

    @Test("anything else is refused with the reason", arguments: [
        ("13-01", "the month must be 01 to 12"), ("00-10", "the month must be 01 to 12"),
        ("04-31", "April has days 01 to 30"), ("02-30", "February has days 01 to 29"),
        ("2023-02-29", "February 2023 has days 01 to 28"), ("3-5", "write it MM-DD"), ("03/05", "write it MM-DD"),
        ("", "write it MM-DD"), ("03-05-", "write it MM-DD"), ("+3-05", "write it MM-DD"), ("١٢-٠١", "write it MM-DD"),
    ])
    func refuses(_ text: String, _ reason: String) {
        #expect(throws: BirthdayError.self) { try Birthday(parsing: text) }
        do { _ = try Birthday(parsing: text) } catch { #expect(error.reason.contains(reason), "\(error.reason)") }
    }

    @Test("the birthdays celebrated on a date: February 29's on February 28 of other years")
    func celebrated() {
        #expect(Birthday.celebrated(onYear: 2027, month: 2, day: 28).map(\.text) == ["02-28", "02-29"])
        #expect(Birthday.celebrated(onYear: 2028, month: 2, day: 28).map(\.text) == ["02-28"])
        #expect(Birthday.celebrated(onYear: 2028, month: 2, day: 29).map(\.text) == ["02-29"])
        #expect(Birthday.celebrated(onYear: 2027, month: 2, day: 29).isEmpty)
        #expect(Birthday.celebrated(onYear: 2100, month: 2, day: 28).count == 2, "2100 is not a leap year")
        #expect(Birthday.celebrated(onYear: 2000, month: 2, day: 28).count == 1, "2000 is")
        #expect(Birthday.eventKey(customerKey: "c1", year: 2026) == "customer.birthday:c1:2026")
    }
}
