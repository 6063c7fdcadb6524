import Foundation
import Hummingbird

/// A table of the dashboard as data: shown as an accessible HTML table (caption, column headers,
/// every cell escaped) with a "Download CSV" link, and served as CSV from the same rows, so every
/// table the pages show can be exported and the two never disagree.
struct DashboardTable: Sendable {
    /// Names the table in `?table=ID&format=csv` and in the file name.
    var id: String
    var caption: String
    var header: [String]
    var rows: [[String]]
    /// Per row, the cell (by index) that links somewhere, and where.
    var links: [Int: (column: Int, href: String)] = [:]
    var empty: String = "Nothing yet."

    /// The table and its CSV link (`csvBase` is the page's URL with its query, without
    /// `table`/`format`); an empty table is its caption as a heading and the `empty` note.
    func html(csvBase: String) -> HTML {
        let body: [HTML] = rows.enumerated().map { index, cells in
            let tds: [HTML] = cells.enumerated().map { column, cell in
                if let link = links[index], link.column == column {
                    return "<td><a href=\"\(link.href)\">\(cell)</a></td>"
                }
                return Double(cell) != nil ? "<td class=\"n\">\(cell)</td>" : "<td>\(cell)</td>"
            }
            return "<tr>\(tds)</tr>"
        }
        guard !rows.isEmpty else { return "<h2 class=\"caption\">\(caption)</h2><p class=\"empty\">\(empty)</p>" }
        let separator = csvBase.contains("?") ? "&" : "?"
        let csv = "\(csvBase)\(separator)table=\(id)&format=csv"
        return """
            \(AdminLayout.table(caption: caption, head: header, rows: body, empty: empty))
            <p class="muted"><a href="\(csv)">Download CSV</a></p>
            """
    }

    func csv(filePrefix: String) -> Response {
        CSVExport.response(filename: "\(filePrefix)-\(id).csv", header: header, rows: rows)
    }
}
