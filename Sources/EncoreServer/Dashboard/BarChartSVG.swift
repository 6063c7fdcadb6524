import Foundation

/// A vertical bar chart as inline SVG: bars scaled to the largest value, each with its label under
/// it and a `<title>` giving its figure; the chart has a `<title>` and `<desc>` for screen readers
/// and the page shows the same figures in a table. Presentation attributes only.
enum BarChartSVG {
    struct Bar: Sendable {
        var label: String
        var value: Double
        /// The figure as people read it ("1,234.50 USD").
        var text: String
    }

    static func render(id: String, title: String, description: String, bars: [Bar]) -> HTML {
        let width = 60 + max(1, bars.count) * 56
        let height = 220
        let base = 180
        let most = max(bars.map(\.value).max() ?? 0, 1e-12)
        let drawn: [HTML] = bars.enumerated().map { index, bar in
            let x = 50 + index * 56
            let h = max(0, Int((Double(base - 20) * bar.value / most).rounded()))
            return """
                <g><title>\(bar.label): \(bar.text)</title><rect x="\(x)" y="\(base - h)" width="40" height="\(h)" fill="#0b57d0"/>
                <text x="\(x + 20)" y="\(base + 16)" font-size="11" text-anchor="middle" fill="#1a1a1a">\(bar.label)</text></g>
                """
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" width="100%" role="img" aria-labelledby="\(id)-title \(id)-desc">
            <title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(description)</desc>
            <line x1="45" y1="\(base)" x2="\(width - 10)" y2="\(base)" stroke="#555"/>
            \(drawn)
            </svg>
            """
    }
}
