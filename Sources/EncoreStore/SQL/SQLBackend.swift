/// A database the storage logic runs on: it executes generic SQL with `?` placeholders.
///
/// Each backend promises that `read` sees one consistent snapshot, that `write` and
/// `transaction` are atomic (all statements or none), and that `transaction` holds the
/// advisory locks it is given until it commits, so concurrent instances never interleave
/// writes to the same records.
public protocol SQLBackend: Sendable {
    var dialect: SQLDialect { get }

    /// Applies every migration not yet applied. Safe to call from several instances at once.
    func migrate() async throws

    /// Runs read-only statements in one snapshot and returns each statement's rows.
    func read(_ statements: [SQLStatement]) async throws -> [[SQLRow]]

    /// Runs statements in one transaction and returns each statement's rows.
    func write(_ statements: [SQLStatement]) async throws -> [[SQLRow]]

    /// In one transaction: takes the advisory `locks`, runs `reads`, asks `plan` for the writes
    /// given what was read, and runs them. If `plan` throws, nothing is written and its error is rethrown.
    func transaction<Plan: Sendable>(
        locks: AdvisoryLocks,
        reads: [SQLStatement],
        plan: @Sendable ([[SQLRow]]) throws -> (statements: [SQLStatement], result: Plan)
    ) async throws -> (rows: [[SQLRow]], result: Plan)

    /// Releases connections. The backend must not be used afterwards.
    func close() async throws
}

/// The advisory locks a write transaction holds until it ends (PostgreSQL; SQLite has one writer).
///
/// A small batch shares its store's lock and takes an exclusive lock per record key, so batches on
/// different records run side by side. A large batch (an import) takes its store's lock exclusively
/// instead of thousands of record locks, which would exhaust PostgreSQL's lock table.
public struct AdvisoryLocks: Sendable {
    public var storeID: Int64
    /// Record keys, sorted and unique; empty when `exclusiveStore`.
    public var keys: [Int64]
    public var exclusiveStore: Bool

    /// Most record locks one transaction takes before it locks the whole store instead.
    public static let maxRecordLocks = 64

    public init(storeID: Int64, keys: [Int64]) {
        self.storeID = storeID
        let unique = Array(Set(keys)).sorted()
        if unique.count > Self.maxRecordLocks {
            self.keys = []
            self.exclusiveStore = true
        } else {
            self.keys = unique
            self.exclusiveStore = false
        }
    }
}

/// Builds multi-row `INSERT ... VALUES (...), (...)` statements within the dialect's argument limit.
struct BulkInsert {
    let head: String
    let columns: Int
    let tail: String
    let maxRows: Int

    /// - Parameters:
    ///   - head: "INSERT INTO t (a, b)" (VALUES is appended).
    ///   - tail: what follows the values, e.g. an ON CONFLICT clause.
    init(_ head: String, columns: Int, tail: String = "", dialect: SQLDialect) {
        self.head = head
        self.columns = columns
        self.tail = tail
        self.maxRows = max(1, min(500, dialect.maxArguments / columns))
    }

    func statements(_ rows: [[SQLValue]]) -> [SQLStatement] {
        guard !rows.isEmpty else { return [] }
        let tuple = "(" + Array(repeating: "?", count: columns).joined(separator: ",") + ")"
        var out: [SQLStatement] = []
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + maxRows)
            let values = Array(repeating: tuple, count: end - start).joined(separator: ",")
            var arguments: [SQLValue] = []
            arguments.reserveCapacity((end - start) * columns)
            for row in rows[start..<end] {
                precondition(row.count == columns, "bulk insert row has \(row.count) values, expected \(columns)")
                arguments += row
            }
            out.append(SQLStatement("\(head) VALUES \(values) \(tail)", arguments))
            start = end
        }
        return out
    }
}

/// Builds `... IN (?, ?, ...)` selections over many keys, in chunks.
func selectIn(_ prefix: String, storeID: Int64, keys: [String], suffix: String = "", chunk: Int = 500) -> [SQLStatement] {
    var out: [SQLStatement] = []
    var start = 0
    var seen = Set<String>(minimumCapacity: keys.count)
    let unique = keys.filter { seen.insert($0).inserted }
    while start < unique.count {
        let end = min(unique.count, start + chunk)
        let marks = Array(repeating: "?", count: end - start).joined(separator: ",")
        out.append(
            SQLStatement("\(prefix) IN (\(marks)) \(suffix)", [.int(storeID)] + unique[start..<end].map { .text($0) }))
        start = end
    }
    return out
}
