import EncoreCore
import EncoreStore
import Foundation

/// The bench's handle on a database: Encore's storage and its SQL backend for the seeding and
/// measuring statements Encore itself has no API for.
struct BenchDatabase {
    let storage: any EncoreStorage
    let sql: any SQLBackend

    static func open(_ url: String) async throws -> BenchDatabase {
        let storage = try await openStorage(url: url)
        guard let sql = storage as? any SQLBackend else { throw BenchError("storage is not SQL-backed") }
        return BenchDatabase(storage: storage, sql: sql)
    }

    var postgres: Bool { sql.dialect == .postgres }

    /// One integer from a one-row query.
    func count(_ query: String, _ arguments: [SQLValue] = []) async throws -> Int64 {
        try await sql.read([SQLStatement(query, arguments)])[0].first?.int(0) ?? 0
    }

    /// `WITH g(n) AS (the integers from...to)` in the dialect, for set-based seeding.
    func series(_ from: Int, _ to: Int) -> String {
        postgres
            ? "WITH g(n) AS (SELECT generate_series(\(from), \(to)))"
            : "WITH RECURSIVE g(n) AS (SELECT \(from) UNION ALL SELECT n + 1 FROM g WHERE n < \(to))"
    }

    /// The columns of `table`, in order.
    func columns(_ table: String) async throws -> [String] {
        let query =
            postgres
            ? "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position"
            : "SELECT name FROM pragma_table_info(?) ORDER BY cid"
        return try await sql.read([SQLStatement(query, [.text(table)])])[0].map { $0.text(0) }
    }

    /// Copies the rows of `table` matching `filter` once per n in from...to, replacing the
    /// columns named in `replacing` by SQL expressions over `n` (the other columns are copied).
    func clone(_ table: String, filter: String, replacing: [String: String], from: Int, to: Int) async throws {
        let columns = try await columns(table)
        let select = columns.map { replacing[$0] ?? "t.\($0)" }.joined(separator: ", ")
        _ = try await sql.write([
            SQLStatement(
                "\(series(from, to)) INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT \(select) FROM \(table) t, g WHERE \(filter)")
        ])
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
