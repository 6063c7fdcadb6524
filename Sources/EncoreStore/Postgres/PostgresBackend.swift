import EncoreCore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The shared backend: PostgreSQL through PostgresNIO, for several instances on one database.
///
/// The client's connection pool runs in a task the backend owns from `init` to `close()`.
/// `transaction` takes transaction-scoped advisory locks on the keys it is given, in sorted
/// order (so two instances never deadlock), before it reads.
public final class PostgresBackend: SQLBackend {
    public let dialect = SQLDialect.postgres
    /// None yet: telling another instance's commits apart cheaply needs LISTEN/NOTIFY, so pages
    /// read from PostgreSQL are rendered on every request.
    public var commitWatch: (any CommitWatch)? { nil }
    public var memoryInUse: Int? { nil }
    let client: PostgresClient
    let logger: Logger
    private let runTask: Task<Void, Never>
    /// When the tables were last analyzed after a bulk write (see `analyzeAfterBulkWrite`).
    private let lastAnalyze = Mutex<ContinuousClock.Instant?>(nil)

    /// Connects to `url` (postgres://user:pass@host:port/db). Fails within `connectTimeout` (or
    /// the URL's `connect_timeout` seconds, as libpq reads it) if the server cannot be reached or
    /// refuses the credentials.
    public init(url: String, logger: Logger = Logger(label: "encore.postgres"), connectTimeout: Duration = .seconds(10))
        async throws
    {
        let connectTimeout = Self.connectTimeout(in: url) ?? connectTimeout
        let configuration = try PostgresBackend.configuration(from: url, connectTimeout: connectTimeout)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        let runTask = Task { await client.run() }
        self.runTask = runTask
        // Bounded by the deadline even if the first query never completes (a task group racing a
        // sleep would wait for it): the pool is then cancelled and left to wind down on its own.
        switch await withDeadline(connectTimeout, { try await client.query("SELECT 1", logger: logger) }) {
        case .success: return
        case .failure(let error):
            runTask.cancel()
            throw StorageError.unavailable("cannot connect to PostgreSQL: \(String(reflecting: error))")
        case nil:
            runTask.cancel()
            throw StorageError.unavailable("cannot connect to PostgreSQL: it did not answer within \(connectTimeout)")
        }
    }

    /// The URL's `connect_timeout` (whole seconds, at least 1), as libpq reads it.
    static func connectTimeout(in url: String) -> Duration? {
        guard let value = URLComponents(string: url)?.queryItems?.first(where: { $0.name == "connect_timeout" })?.value,
            let seconds = Int(value), seconds >= 1
        else { return nil }
        return .seconds(seconds)
    }

    static func configuration(from url: String, connectTimeout: Duration) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql",
            let host = components.host, !host.isEmpty
        else {
            throw StorageError.invalidURL("'\(url)' is not a postgres://user:pass@host:port/db URL")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: .disable)
        if components.queryItems?.contains(where: { $0.name == "sslmode" && $0.value == "require" }) == true {
            configuration.tls = .require(.makeClientConfiguration())
        }
        configuration.options.connectTimeout = connectTimeout
        configuration.options.maximumConnections = 16
        return configuration
    }

    public func migrate() async throws { try await migrate(upTo: nil) }

    /// Applies the migrations not yet applied, up to `version` (all when nil; tests build older schemas).
    func migrate(upTo version: Int?) async throws {
        try await client.withConnection { connection in
            // One instance migrates at a time; the others wait here, then find nothing to do.
            try await connection.query("SELECT pg_advisory_lock(7400125)", logger: self.logger)
            do {
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                    """, logger: self.logger)
                var applied = Set<Int64>()
                for try await version in try await connection.query(
                    "SELECT version FROM schema_migrations", logger: self.logger
                ).decode(Int64.self) {
                    applied.insert(version)
                }
                for migration in Schema.migrations(for: .postgres)
                where !applied.contains(Int64(migration.version)) && migration.version <= version ?? .max {
                    try await connection.query("BEGIN", logger: self.logger)
                    do {
                        for statement in migration.statements {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                        }
                        let now = SystemClock().now().millisecondsSinceEpoch
                        try await connection.query(
                            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(Int64(migration.version)), \(migration.name), \(now))",
                            logger: self.logger)
                        try await connection.query("COMMIT", logger: self.logger)
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: self.logger)
                        throw error
                    }
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(7400125)", logger: self.logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(7400125)", logger: self.logger)
        }
    }

    public func read(_ statements: [SQLStatement]) async throws -> [[SQLRow]] {
        if statements.count == 1 {
            return [try await run(statements[0], on: nil)]
        }
        return try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: self.logger)
            var out: [[SQLRow]] = []
            for statement in statements { out.append(try await self.run(statement, on: connection)) }
            return out
        }
    }

    public func write(_ statements: [SQLStatement]) async throws -> [[SQLRow]] {
        try await unwrapping {
            try await client.withTransaction(logger: logger) { connection in
                var out: [[SQLRow]] = []
                for statement in statements { out.append(try await self.run(statement, on: connection)) }
                return out
            }
        }
    }

    public func transaction<Plan: Sendable>(
        locks: AdvisoryLocks, reads: [SQLStatement],
        plan: @Sendable ([[SQLRow]]) throws -> (statements: [SQLStatement], result: Plan)
    ) async throws -> (rows: [[SQLRow]], result: Plan) {
        let outcome = try await unwrapping {
            try await client.withTransaction(logger: logger) { connection in
                // The two-int form lives in a key space apart from the bigint record keys.
                let store = Int32(truncatingIfNeeded: locks.storeID)
                if locks.exclusiveStore {
                    try await connection.query("SELECT pg_advisory_xact_lock(1, \(store))", logger: self.logger)
                } else {
                    try await connection.query("SELECT pg_advisory_xact_lock_shared(1, \(store))", logger: self.logger)
                    if !locks.keys.isEmpty {
                        try await connection.query(
                            "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest(\(locks.keys)::bigint[]) AS k ORDER BY 1) AS locks",
                            logger: self.logger)
                    }
                }
                var readRows: [[SQLRow]] = []
                for statement in reads { readRows.append(try await self.run(statement, on: connection)) }
                let (statements, result) = try plan(readRows)
                var rows: [[SQLRow]] = []
                for statement in statements { rows.append(try await self.run(statement, on: connection)) }
                return (rows, result)
            }
        }
        if locks.exclusiveStore { await analyzeAfterBulkWrite() }
        return outcome
    }

    /// Refreshes the planner's statistics after bulk writes, at most every 5 seconds.
    ///
    /// An import grows a table from nothing faster than autovacuum notices; with stale statistics
    /// PostgreSQL looked orders up by scanning the whole store through the customer index (each
    /// batch slower than the last). ANALYZE samples a bounded number of rows, so it stays cheap.
    func analyzeAfterBulkWrite() async {
        let now = ContinuousClock.now
        let due = lastAnalyze.withLock { last -> Bool in
            if let last, now - last < .seconds(5) { return false }
            last = now
            return true
        }
        guard due else { return }
        do {
            try await client.query("ANALYZE customers, orders, line_items, events", logger: logger)
        } catch {
            logger.warning("ANALYZE after a bulk write failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Rethrows the error of a transaction's body as itself, not wrapped in `PostgresTransactionError`,
    /// so domain errors (`IngestError`) reach callers as they do on SQLite.
    func unwrapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresTransactionError {
            if error.beginError == nil, error.commitError == nil, let inner = error.closureError { throw inner }
            throw error
        }
    }

    /// Shuts the connection pool down, waiting up to `closeTimeout` for it to finish (a
    /// connection stuck on a server that went away can keep it from ever finishing; it is then
    /// left to wind down on its own, and the backend is closed all the same).
    public func close() async throws {
        runTask.cancel()
        let runTask = self.runTask
        if await withDeadline(Self.closeTimeout, { await runTask.value }) == nil {
            logger.warning("PostgreSQL connections did not close within \(Self.closeTimeout); left to wind down")
        }
    }

    /// How long `close()` waits for the pool to wind down.
    static let closeTimeout: Duration = .seconds(10)

    /// Runs one statement, on a connection inside a transaction or on any pooled connection.
    func run(_ statement: SQLStatement, on connection: PostgresConnection?) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: statement.arguments.count)
        for argument in statement.arguments {
            switch argument {
            case .null: bindings.appendNull()
            case .int(let v): bindings.append(v)
            case .text(let v): bindings.append(v)
            case .real(let v): bindings.append(v)
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numberPlaceholders(statement.sql), binds: bindings)
        let sequence: PostgresRowSequence
        if let connection {
            sequence = try await connection.query(query, logger: logger)
        } else {
            sequence = try await client.query(query, logger: logger)
        }
        var rows: [SQLRow] = []
        for try await row in sequence {
            var values: [SQLValue] = []
            for cell in row {
                values.append(try Self.value(of: cell))
            }
            rows.append(SQLRow(values))
        }
        return rows
    }

    static func value(of cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        default: return .text(try cell.decode(String.self))
        }
    }

    /// Rewrites `?` placeholders as `$1`, `$2`, ... (our SQL never has `?` inside literals).
    static func numberPlaceholders(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        for character in sql {
            if character == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(character)
            }
        }
        return out
    }
}
