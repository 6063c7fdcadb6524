import Foundation

/// A sparkline as inline SVG: the values of a figure over the buckets of a period, oldest on
/// the left, scaled between their smallest and largest value. A bucket without a value breaks
/// the line. The SVG has a `<title>` naming the figure; the figures themselves are in the page's
/// table (a sparkline is a shape, not a reading).
enum SparklineSVG {
    static let width = 120.0
    static let height = 32.0

    static func render(title: String, values: [Double?]) -> HTML {
        let known = values.compactMap { $0 }
        guard let low = known.min(), let high = known.max(), values.count > 1 else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 32\" width=\"120\" height=\"32\" role=\"img\" class=\"spark\"><title>\(title): not enough data</title></svg>"
        }
        let points = Self.points(values, low: low, high: high)
        var runs: [[(Double, Double)]] = [[]]
        for point in points {
            if let point { runs[runs.count - 1].append(point) } else if !(runs.last?.isEmpty ?? true) { runs.append([]) }
        }
        let shapes: [HTML] = runs.filter { !$0.isEmpty }.map { run in
            if run.count == 1 {
                return "<circle cx=\"\(fmt(run[0].0))\" cy=\"\(fmt(run[0].1))\" r=\"2\" fill=\"#0b57d0\"/>"
            }
            let list = run.map { "\(fmt($0.0)),\(fmt($0.1))" }.joined(separator: " ")
            return "<polyline points=\"\(list)\" fill=\"none\" stroke=\"#0b57d0\" stroke-width=\"2\" stroke-linejoin=\"round\"/>"
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 32" width="120" height="32" role="img" class="spark"><title>\(title)</title>\(shapes)</svg>
            """
    }

    /// Each value's point (x, y) in the box, nil for a missing value; a flat series sits in the middle.
    static func points(_ values: [Double?], low: Double, high: Double) -> [(Double, Double)?] {
        let step = (width - 4) / Double(max(1, values.count - 1))
        return values.enumerated().map { index, value in
            guard let value else { return nil }
            let share = high > low ? (value - low) / (high - low) : 0.5
            return (2 + Double(index) * step, height - 3 - share * (height - 6))
        }
    }

    static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
}
