import EncoreCore
import Foundation

/// The acquisition-cohort retention matrix as an SVG heatmap: a row per first-order month, a
/// column per calendar month after it, each cell shaded by the share of the cohort ordering in
/// that month (darker is more; the darkest is the matrix's largest share) and labelled with it.
/// Cells carry `<title>`s with the share and the cohort's size; the page shows the same matrix
/// as a table.
enum CohortHeatmapSVG {
    static func render(id: String, matrix: CohortMatrix) -> HTML {
        let columns = matrix.rows.map(\.later.count).max() ?? 0
        let left = 150
        let cell = 46
        let rowHeight = 26
        let top = 28
        let width = left + max(1, columns) * cell + 10
        let height = top + max(1, matrix.rows.count) * rowHeight + 8
        let most = max(matrix.rows.flatMap { $0.later.compactMap(\.value) }.max() ?? 0, 1e-12)
        let heads: [HTML] = (0..<columns).map { column in
            "<text x=\"\(left + column * cell + cell / 2)\" y=\"18\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1a1a1a\">+\(column + 1)</text>"
        }
        let rows: [HTML] = matrix.rows.enumerated().map { index, row in
            let y = top + index * rowHeight
            let cells: [HTML] = row.later.enumerated().map { column, share in
                let x = left + column * cell
                guard let value = share.value else {
                    return "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(rowHeight - 2)\" fill=\"#f2f2f2\"/>"
                }
                let (fill, ink) = Self.shade(value / most)
                let percent = String(format: "%.1f%%", value * 100)
                return """
                    <g><title>\(row.month), \(column + 1) month\(column == 0 ? "" : "s") later: \(percent) of \(row.customers)</title>\
                    <rect x="\(x)" y="\(y)" width="\(cell - 2)" height="\(rowHeight - 2)" fill="\(fill)"/>\
                    <text x="\(x + cell / 2 - 1)" y="\(y + 16)" font-size="10" text-anchor="middle" fill="\(ink)">\(percent)</text></g>
                    """
            }
            return """
                <text x="\(left - 8)" y="\(y + 16)" font-size="11" text-anchor="end" fill="#1a1a1a">\(row.month) (\(row.customers))</text>\(cells)
                """
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" width="100%" role="img" aria-labelledby="\(id)-title \(id)-desc">
            <title id="\(id)-title">Cohort retention: the share of each month's new customers ordering again in each later month</title>
            <desc id="\(id)-desc">A row per first-order month with its number of new customers; columns are 1, 2, 3 ... calendar months later; darker cells are larger shares. The table below holds the figures.</desc>
            \(heads)\(rows)
            </svg>
            """
    }

    /// The fill of a cell of `strength` 0...1 and the ink of its label. Two ramps: light blues
    /// (relative luminance 0.88 to 0.38) under dark ink and dark blues (0.13 to 0.02) under white,
    /// so every label keeps a 4.5:1 contrast; no shade falls in between, where neither ink would.
    static func shade(_ strength: Double) -> (fill: String, ink: String) {
        func mix(_ a: (Double, Double, Double), _ b: (Double, Double, Double), _ t: Double) -> String {
            let c = [a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t].map { Int($0.rounded()) }
            return "rgb(\(c[0]),\(c[1]),\(c[2]))"
        }
        let s = min(max(strength, 0), 1)
        if s <= 0.5 { return (mix((232, 240, 254), (127, 166, 234), s / 0.5), "#1a1a1a") }
        return (mix((47, 98, 196), (10, 42, 102), (s - 0.5) / 0.5), "#ffffff")
    }
}
