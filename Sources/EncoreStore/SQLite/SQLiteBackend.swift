import EncoreCore
import Foundation
import GRDB
import GRDBSQLite

/// The embedded backend: one SQLite file in WAL mode, through GRDB.
///
/// SQLite has one writer at a time, so the advisory locks of `transaction` are implied by
/// GRDB's serialized writes. Commits use `synchronous = FULL`: a write is on disk before it returns
/// (`durable: false` gives `synchronous = NORMAL`, for generated data such as the demo's: still
/// consistent after a crash, but the last commits may be lost on power failure). WAL checkpoints
/// run beside the writer, on a connection of their own (`SQLiteCheckpointer`).
public final class SQLiteBackend: SQLBackend {
    public let dialect = SQLDialect.sqlite
    let pool: DatabasePool
    let checkpointer: SQLiteCheckpointer
    /// Where `pipelinedTransaction` plans the parts ahead of the writer (one writer, one planner).
    let planner = DispatchQueue(label: "encore.sqlite.planner")
    /// `PRAGMA data_version` on a connection of its own; nil for an in-memory database.
    public let commitWatch: (any CommitWatch)?
    /// `sqlite3_memory_used()`: every SQLite connection of the process, this backend's included.
    public var memoryInUse: Int? { Int(sqlite3_memory_used()) }

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String, durable: Bool = true) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let synchronous = durable ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            // 16 MiB of page cache per connection (default 2 MiB): index pages of bulk imports stay hot.
            try db.execute(sql: "PRAGMA cache_size = -16384")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        commitWatch = SQLiteCommitWatch(path: path)
        checkpointer = SQLiteCheckpointer(path: path, synchronous: synchronous)
        pool.writeWithoutTransaction { db in checkpointer.install(on: db) }
    }

    public func migrate() async throws { try await migrate(upTo: nil) }

    /// Applies the migrations not yet applied, up to `version` (all when nil; tests build older schemas).
    func migrate(upTo version: Int?) async throws {
        var migrator = DatabaseMigrator()
        for migration in Schema.migrations(for: .sqlite) where migration.version <= version ?? .max {
            migrator.registerMigration("\(migration.version)-\(migration.name)") { db in
                for statement in migration.statements { try db.execute(sql: statement) }
            }
        }
        // Start-up only: the synchronous migrate blocks this thread briefly, before any request is served.
        try migrator.migrate(pool)
        try await pool.write { db in try Self.seedPlannerStatistics(db) }
    }

    /// Gives SQLite's query planner statistics shaped like a store's (until a real ANALYZE
    /// replaces them). With none, SQLite guesses that `store_id = ?` alone is as selective as a
    /// full key, and walked a store's whole primary key instead of using (store_id, order_key)
    /// or (store_id, customer_key) indexes: every journey batch scanned every order and shipment.
    /// The figures say: a million rows, a hundred thousand per store, and each further key
    /// column narrowing to a few rows.
    static func seedPlannerStatistics(_ db: Database) throws {
        let exists = try Row.fetchOne(db, sql: "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'") != nil
        if !exists { try db.execute(sql: "ANALYZE sqlite_master") }
        // Indexes a later migration added get figures too; those already there (seeded or from a
        // real ANALYZE) are kept.
        let known = Set(try String.fetchAll(db, sql: "SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL"))
        var added = false
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        for table in tables {
            for index in try Row.fetchAll(db, sql: "SELECT name FROM pragma_index_list(?)", arguments: [table]) {
                let name: String = index["name"]
                guard !known.contains(name) else { continue }
                let columns = try String.fetchAll(
                    db, sql: "SELECT name FROM pragma_index_info(?) WHERE name IS NOT NULL ORDER BY seqno", arguments: [name])
                guard !columns.isEmpty else { continue }
                var stat = ["1000000"]
                for (position, column) in columns.enumerated() {
                    if position == 0 && column == "store_id" {
                        stat.append("100000")
                    } else if position == columns.count - 1 {
                        stat.append("1")
                    } else {
                        stat.append(column == "claim" || column == "status" ? "1000" : "5")
                    }
                }
                try db.execute(
                    sql: "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)",
                    arguments: [table, name, stat.joined(separator: " ")])
                added = true
            }
        }
        if added { try db.execute(sql: "ANALYZE sqlite_master") }
    }

    public func read(_ statements: [SQLStatement]) async throws -> [[SQLRow]] {
        try await pool.read { db in try statements.map { try Self.run($0, db) } }
    }

    public func write(_ statements: [SQLStatement]) async throws -> [[SQLRow]] {
        try await pool.write { db in try statements.map { try Self.run($0, db) } }
    }

    public func transaction<Plan: Sendable>(
        locks: AdvisoryLocks, reads: [SQLStatement],
        plan: @Sendable ([[SQLRow]]) throws -> (statements: [SQLStatement], result: Plan)
    ) async throws -> (rows: [[SQLRow]], result: Plan) {
        try await pool.write { db in
            let readRows = try reads.map { try Self.run($0, db) }
            let (statements, result) = try plan(readRows)
            let rows = try statements.map { try Self.run($0, db) }
            return (rows, result)
        }
    }

    public func close() async throws {
        removeCheckpointHook()
        checkpointer.close()
        try pool.close()
    }

    /// Removes the checkpointer's hook from the writer, synchronously: a cancelled task still closes.
    private func removeCheckpointHook() {
        pool.writeWithoutTransaction { db in checkpointer.uninstall(from: db) }
    }

    /// Runs one statement on GRDB's cached prepared statement, binding and reading values through
    /// SQLite's C API: GRDB's generic `StatementArguments` cost more than the insert itself on bulk writes.
    static func run(_ statement: SQLStatement, _ db: Database) throws -> [SQLRow] {
        let prepared = try db.cachedStatement(sql: statement.sql)
        let handle = prepared.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        guard Int(sqlite3_bind_parameter_count(handle)) == statement.arguments.count else {
            throw DatabaseError(
                resultCode: .SQLITE_RANGE,
                message: "\(statement.arguments.count) arguments for \(sqlite3_bind_parameter_count(handle)) parameters",
                sql: statement.sql)
        }
        for (offset, argument) in statement.arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch argument {
            case .null: code = sqlite3_bind_null(handle, index)
            case .int(let value): code = sqlite3_bind_int64(handle, index, value)
            case .real(let value): code = sqlite3_bind_double(handle, index, value)
            case .text(var value):
                code = value.withUTF8 { buffer in
                    guard let base = buffer.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, transient) }
                    return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        sqlite3_bind_text(handle, index, $0, Int32(buffer.count), transient)
                    }
                }
            }
            guard code == SQLITE_OK else { throw error(code, db, statement) }
        }
        let columns = sqlite3_column_count(handle)
        var rows: [SQLRow] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw error(code, db, statement) }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columns))
            for column in 0..<columns {
                switch sqlite3_column_type(handle, column) {
                case SQLITE_NULL: values.append(.null)
                case SQLITE_INTEGER: values.append(.int(sqlite3_column_int64(handle, column)))
                case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(handle, column)))
                default:
                    if let text = sqlite3_column_text(handle, column) {
                        let count = Int(sqlite3_column_bytes(handle, column))
                        values.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)))
                    } else {
                        values.append(.null)
                    }
                }
            }
            rows.append(SQLRow(values))
        }
        return rows
    }

    private static func error(_ code: Int32, _ db: Database, _ statement: SQLStatement) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
            sql: statement.sql)
    }
}

/// SQLite copies bound text (SQLITE_TRANSIENT), so Swift strings need not outlive the call.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
