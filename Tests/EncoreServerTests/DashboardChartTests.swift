import EncoreCore
import Foundation
import Testing

@testable import EncoreServer

@Suite("Dashboard periods and charts")
struct DashboardChartTests {
    let utc = TimeZone(identifier: "UTC")!

    @Test("a period parses from dates, defaults to the days up to today, and names the field of a bad date")
    func parse() throws {
        let today = Int(LocalDate("2026-11-24")!.daysSinceEpoch)
        let period = try ReportPeriod.parse(from: nil, to: nil, defaultDays: 90, today: today, zone: utc)
        #expect(period.toText == "2026-11-25" && period.days == 90 && period.lastDayText == "2026-11-24")
        #expect(period.previous.toDay == period.fromDay && period.previous.days == 90)
        let given = try ReportPeriod.parse(from: "2026-01-01", to: "2026-02-01", defaultDays: 90, today: today, zone: utc)
        #expect(given.days == 31 && given.fromText == "2026-01-01")
        #expect(throws: InputError(field: "from", reason: "'2026-02-30' is not a YYYY-MM-DD date")) {
            try ReportPeriod.parse(from: "2026-02-30", to: nil, defaultDays: 90, today: today, zone: utc)
        }
        #expect(throws: InputError(field: "to", reason: "must be after from")) {
            try ReportPeriod.parse(from: "2026-02-01", to: "2026-02-01", defaultDays: 90, today: today, zone: utc)
        }
    }

    @Test("a period's instants follow its time zone, clocks changing included")
    func instants() {
        let york = TimeZone(identifier: "America/New_York")!
        // 2026-11-01 is the day New York's clocks go back: 25 hours.
        let day = Int(LocalDate("2026-11-01")!.daysSinceEpoch)
        let period = ReportPeriod(fromDay: day, toDay: day + 1, zone: york)
        #expect(period.start.iso8601.hasPrefix("2026-11-01T04:00:00"))
        #expect(period.end.millisecondsSinceEpoch - period.start.millisecondsSinceEpoch == 25 * 3_600_000)
    }

    @Test("buckets cover the period exactly, all of one length but the last", arguments: [1, 2, 7, 30, 90, 365, 366])
    func buckets(_ days: Int) {
        let period = ReportPeriod(fromDay: 20_000, toDay: 20_000 + days, zone: utc)
        let buckets = period.buckets(most: 12)
        #expect(buckets.count <= 12 && buckets.first?.fromDay == period.fromDay && buckets.last?.toDay == period.toDay)
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.toDay == $1.fromDay })
        #expect(Set(buckets.dropLast().map(\.days)).count <= 1 && buckets.last!.days <= buckets[0].days)
    }

    /// WCAG relative luminance of "rgb(r,g,b)" or "#rrggbb".
    static func luminance(_ colour: String) -> Double {
        let channels: [Double]
        if colour.hasPrefix("#") {
            let hex = Array(colour.dropFirst())
            channels = stride(from: 0, to: 6, by: 2).map { Double(Int(String(hex[$0..<$0 + 2]), radix: 16)!) }
        } else {
            channels = colour.dropFirst(4).dropLast().split(separator: ",").map { Double($0)! }
        }
        let linear = channels.map { c -> Double in
            let s = c / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    }

    @Test("every shade of the cohort heatmap keeps its label at 4.5:1 contrast or more, and darker means more")
    func heatmapContrast() {
        var last = 2.0
        for step in 0...100 {
            let (fill, ink) = CohortHeatmapSVG.shade(Double(step) / 100)
            let a = Self.luminance(fill)
            let b = Self.luminance(ink)
            let contrast = (max(a, b) + 0.05) / (min(a, b) + 0.05)
            #expect(contrast >= 4.5, "shade \(step)%: \(fill) under \(ink) is \(contrast):1")
            #expect(a <= last, "shade \(step)% is not darker than the one before")
            last = a
        }
    }

    @Test("a sparkline breaks where a bucket has no value and says when there is nothing to draw")
    func sparkline() {
        let drawn = SparklineSVG.render(title: "Orders", values: [1, 3, nil, 2, 5]).raw
        #expect(drawn.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(drawn.contains("<title>Orders</title>"))
        #expect(SparklineSVG.render(title: "NPS", values: [nil, nil]).raw.contains("<title>NPS: not enough data</title>"))
        let points = SparklineSVG.points([0, 10], low: 0, high: 10)
        #expect(points[0]!.1 > points[1]!.1, "a larger value is drawn higher")
    }
}
