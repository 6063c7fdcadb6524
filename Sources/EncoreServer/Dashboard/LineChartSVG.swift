import Foundation

/// A line chart as inline SVG: one point per bucket on a fixed scale (`low...high`, so two
/// periods read alike), the scale's ends and middle marked, each point with a `<title>` giving
/// its figure, a bucket without data leaving a gap. The chart has a `<title>` and `<desc>`, and
/// the page shows the same figures in a table.
enum LineChartSVG {
    struct Point: Sendable {
        var label: String
        var value: Double?
        /// The figure as people read it ("NPS 42 (n = 18)").
        var text: String
    }

    static func render(
        id: String, title: String, description: String, points: [Point], low: Double, high: Double,
        axis: (Double) -> String
    ) -> HTML {
        let left = 56.0
        let top = 12.0
        let plotHeight = 150.0
        let step = 48.0
        let width = Int(left) + max(1, points.count) * Int(step) + 10
        func y(_ v: Double) -> Double { top + plotHeight * (1 - (min(max(v, low), high) - low) / (high - low)) }
        func x(_ index: Int) -> Double { left + step / 2 + Double(index) * step }
        let ticks: [HTML] = [low, (low + high) / 2, high].map { v in
            """
            <line x1="\(f(left - 4))" y1="\(f(y(v)))" x2="\(width - 10)" y2="\(f(y(v)))" stroke="#d0d0d0"/>\
            <text x="\(f(left - 8))" y="\(f(y(v) + 4))" font-size="11" text-anchor="end" fill="#1a1a1a">\(axis(v))</text>
            """
        }
        var segments: [HTML] = []
        for index in points.indices.dropFirst() {
            guard let a = points[index - 1].value, let b = points[index].value else { continue }
            segments.append(
                "<line x1=\"\(f(x(index - 1)))\" y1=\"\(f(y(a)))\" x2=\"\(f(x(index)))\" y2=\"\(f(y(b)))\" stroke=\"#0b57d0\" stroke-width=\"2\"/>")
        }
        let marks: [HTML] = points.enumerated().map { index, point in
            let label: HTML =
                "<text x=\"\(f(x(index)))\" y=\"\(f(top + plotHeight + 16))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#1a1a1a\">\(point.label)</text>"
            guard let value = point.value else { return label }
            return "<g><title>\(point.label): \(point.text)</title><circle cx=\"\(f(x(index)))\" cy=\"\(f(y(value)))\" r=\"4\" fill=\"#0b57d0\"/></g>\(label)"
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(Int(top + plotHeight + 26))" width="100%" role="img" aria-labelledby="\(id)-title \(id)-desc">
            <title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(description)</desc>
            \(ticks)\(segments)\(marks)
            </svg>
            """
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
