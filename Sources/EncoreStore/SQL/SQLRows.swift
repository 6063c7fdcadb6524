/// Multi-row statements: many rows of one table in one `INSERT ... VALUES (...), (...)`, so a
/// batch of thousands of rows is tens of statements, not thousands (each statement run costs a
/// bind, a step and a reset; each row only its values). Both SQLite and PostgreSQL take these.
struct SQLRows {
    /// `INSERT INTO table (columns) VALUES`.
    let head: String
    /// What follows the rows (an `ON CONFLICT` clause), or empty.
    let tail: String
    let columns: Int
    /// Rows per statement: the last statement takes what is left.
    let chunk: Int
    private(set) var rows: [[SQLValue]] = []

    init(_ head: String, columns: Int, tail: String = "", chunk: Int = 64) {
        self.head = head
        self.tail = tail
        self.columns = columns
        self.chunk = max(1, chunk)
    }

    mutating func append(_ row: [SQLValue]) {
        precondition(row.count == columns, "a row of \(columns) values")
        rows.append(row)
    }

    /// The statements inserting every row, in order.
    func statements() -> [SQLStatement] {
        guard !rows.isEmpty else { return [] }
        let placeholder = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        var out: [SQLStatement] = []
        var start = 0
        while start < rows.count {
            let end = min(start + chunk, rows.count)
            let values = Array(repeating: placeholder, count: end - start).joined(separator: ", ")
            let sql = tail.isEmpty ? "\(head) \(values)" : "\(head) \(values) \(tail)"
            out.append(SQLStatement(sql, rows[start..<end].flatMap { $0 }))
            start = end
        }
        return out
    }
}
