import EncoreCore
import Foundation
import Testing

@testable import EncoreJourneys

@Suite struct TemplateFormattingTests {
    @Test(arguments: [
        (Money(minorUnits: 123_450, currency: .usd), "$1,234.50"),
        (Money(minorUnits: 5, currency: .usd), "$0.05"),
        (Money(minorUnits: -500, currency: .usd), "-$5.00"),
        (Money(minorUnits: 1_235, currency: .jpy), "¥1,235"),
        (Money(minorUnits: 1_234, currency: .kwd), "1.234 KWD"),
        (Money(minorUnits: 123_456_789, currency: .kwd), "123,456.789 KWD"),
        (Money(minorUnits: 900, currency: .eur), "€9.00"),
        (Money(minorUnits: 1_250, currency: Currency(code: "CHF")!), "12.50 CHF"),
        (Money(minorUnits: 100_000_000, currency: Currency(code: "CAD")!), "CA$1,000,000.00"),
    ])
    func money(_ money: Money, _ expected: String) {
        #expect(MoneyFormatter.format(money) == expected)
    }

    @Test func timesInZones() {
        let instant = TemplateFixtures.placedAt
        let ny = LocalTimeFormatter(zone: TemplateFixtures.newYork)
        #expect(ny.dateTime(instant) == "March 3, 2026 at 2:05 PM")
        #expect(ny.iso8601(instant) == "2026-03-03T14:05:00-05:00")
        let tokyo = LocalTimeFormatter(zone: TemplateFixtures.tokyo, locale: "en_GB")
        #expect(tokyo.dateTime(instant) == "4 March 2026 at 04:05")
        #expect(tokyo.day(instant) == "Wednesday 4 March")
        #expect(LocalTimeFormatter(zone: TimeZone(identifier: "UTC")!).clock(Timestamp(millisecondsSinceEpoch: 0)) == "12:00 AM")
        #expect(LocalTimeFormatter(zone: TimeZone(identifier: "UTC")!).date(Timestamp(millisecondsSinceEpoch: -1)) == "December 31, 1969")
    }

    @Test func localeStyles() {
        #expect(LocalTimeFormatter.isMonthFirst(nil))
        #expect(LocalTimeFormatter.isMonthFirst("en"))
        #expect(LocalTimeFormatter.isMonthFirst("en-US"))
        #expect(!LocalTimeFormatter.isMonthFirst("en-GB"))
        #expect(!LocalTimeFormatter.isMonthFirst("fr_FR"))
    }

    @Test func brandColours() {
        #expect(BrandColour.sanitized("#8A4B2A") == "#8a4b2a")
        #expect(BrandColour.sanitized(nil) == BrandColour.fallback)
        #expect(BrandColour.sanitized("blue") == BrandColour.fallback)
        let light = BrandColour.sanitized("#ffdd00")  // too light for white text: darkened
        #expect(light != "#ffdd00" && BrandColour.contrastWithWhite(BrandColour.parse(light)!) >= 4.5)
    }

    @Test func subjectsLoseLineBreaks() {
        #expect(TemplateScanning.oneLine(" a\r\nb\u{2028}c  d \n") == "a b c d")
    }
}
