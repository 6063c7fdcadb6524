import EncoreCore
import Foundation
import GRDB

/// The embedded backend: one SQLite file in WAL mode, through GRDB.
///
/// SQLite has one writer at a time, so the advisory locks of `transaction` are implied by
/// GRDB's serialized writes. Commits use `synchronous = FULL`: a write is on disk before it returns.
public final class SQLiteBackend: SQLBackend {
    public let dialect = SQLDialect.sqlite
    let pool: DatabasePool

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    public func migrate() async throws {
        var migrator = DatabaseMigrator()
        for migration in Schema.migrations(for: .sqlite) {
            migrator.registerMigration("\(migration.version)-\(migration.name)") { db in
                for statement in migration.statements { try db.execute(sql: statement) }
            }
        }
        // Start-up only: the synchronous migrate blocks this thread briefly, before any request is served.
        try migrator.migrate(pool)
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
        try pool.close()
    }

    static func run(_ statement: SQLStatement, _ db: Database) throws -> [SQLRow] {
        let prepared = try db.cachedStatement(sql: statement.sql)
        let arguments = StatementArguments(statement.arguments.map(\.databaseValue))
        if prepared.columnCount == 0 {
            try prepared.execute(arguments: arguments)
            return []
        }
        return try Row.fetchAll(prepared, arguments: arguments).map { row in
            SQLRow(
                row.databaseValues.map { value in
                    switch value.storage {
                    case .null: return .null
                    case .int64(let v): return .int(v)
                    case .double(let v): return .real(v)
                    case .string(let v): return .text(v)
                    case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
                    }
                })
        }
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .int(let v): return v.databaseValue
        case .text(let v): return v.databaseValue
        case .real(let v): return v.databaseValue
        }
    }
}
