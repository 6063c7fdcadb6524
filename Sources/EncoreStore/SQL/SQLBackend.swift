import EncoreCore

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

    /// Like `transaction`, for a plan made of independent parts: `split` turns what `reads`
    /// read into the parts, and `plan` turns each part into its writes and result. Part `i`'s
    /// statements run after part `i - 1`'s, all in the one transaction; a backend may plan later
    /// parts on another thread while it runs earlier ones' statements. Returns the parts' results
    /// in order. If `split` or any `plan` throws, nothing is written and the error is rethrown.
    func pipelinedTransaction<Part: Sendable, Planned: Sendable>(
        locks: AdvisoryLocks,
        reads: [SQLStatement],
        split: @escaping @Sendable ([[SQLRow]]) throws -> [Part],
        plan: @escaping @Sendable (Part) throws -> (statements: [SQLStatement], result: Planned)
    ) async throws -> [Planned]

    /// Releases connections. The backend must not be used afterwards.
    func close() async throws
}

extension SQLBackend {
    /// Plans the parts one after the other, then runs every statement (the default: no
    /// overlap of planning and writing).
    public func pipelinedTransaction<Part: Sendable, Planned: Sendable>(
        locks: AdvisoryLocks,
        reads: [SQLStatement],
        split: @escaping @Sendable ([[SQLRow]]) throws -> [Part],
        plan: @escaping @Sendable (Part) throws -> (statements: [SQLStatement], result: Planned)
    ) async throws -> [Planned] {
        try await transaction(locks: locks, reads: reads) { rows in
            var statements: [SQLStatement] = []
            var results: [Planned] = []
            for part in try split(rows) {
                let planned = try plan(part)
                statements += planned.statements
                results.append(planned.result)
            }
            return (statements, results)
        }.result
    }
}

extension SQLBackend {
    /// An advisory lock key for a text (PostgreSQL; SQLite has one writer).
    static func lockKey(_ text: String) -> Int64 {
        var hasher = StableHasher()
        hasher.combine(text)
        return Int64(bitPattern: hasher.value64)
    }
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

/// Builds bulk inserts within the dialect's limits.
///
/// SQLite gets multi-row `INSERT ... VALUES (...), (...)`. PostgreSQL gets
/// `INSERT ... SELECT * FROM unnest($1::bigint[], $2::text[], ...)`: one parameter per column
/// instead of one per value, so the server parses and plans a statement of a few parameters
/// rather than one of thousands for every batch.
struct BulkInsert {
    let head: String
    /// One letter per column: `i` bigint, `t` text, `r` double precision.
    let types: [Character]
    let tail: String
    let dialect: SQLDialect
    let maxRows: Int

    /// - Parameters:
    ///   - head: "INSERT INTO t (a, b)" (the values are appended).
    ///   - types: the columns' types, e.g. "itt" for (bigint, text, text).
    ///   - tail: what follows the values, e.g. an ON CONFLICT clause.
    init(_ head: String, types: String, tail: String = "", dialect: SQLDialect) {
        self.head = head
        self.types = Array(types)
        self.tail = tail
        self.dialect = dialect
        self.maxRows = dialect == .postgres ? 5_000 : max(1, min(500, dialect.maxArguments / types.count))
    }

    func statements(_ rows: [[SQLValue]]) -> [SQLStatement] {
        guard !rows.isEmpty else { return [] }
        var out: [SQLStatement] = []
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + maxRows)
            for row in rows[start..<end] {
                precondition(row.count == types.count, "bulk insert row has \(row.count) values, expected \(types.count)")
            }
            out.append(dialect == .postgres ? unnest(rows[start..<end]) : values(rows[start..<end]))
            start = end
        }
        return out
    }

    private func values(_ rows: ArraySlice<[SQLValue]>) -> SQLStatement {
        let tuple = "(" + Array(repeating: "?", count: types.count).joined(separator: ",") + ")"
        let values = Array(repeating: tuple, count: rows.count).joined(separator: ",")
        var arguments: [SQLValue] = []
        arguments.reserveCapacity(rows.count * types.count)
        for row in rows { arguments += row }
        return SQLStatement("\(head) VALUES \(values) \(tail)", arguments)
    }

    private func unnest(_ rows: ArraySlice<[SQLValue]>) -> SQLStatement {
        let casts = types.map { type -> String in
            switch type {
            case "i": return "?::bigint[]"
            case "r": return "?::float8[]"
            default: return "?::text[]"
            }
        }
        let arguments = types.indices.map { column -> SQLValue in
            var literal = "{"
            for (index, row) in rows.enumerated() {
                if index > 0 { literal += "," }
                switch row[column] {
                case .null: literal += "NULL"
                case .int(let value): literal += String(value)
                case .real(let value): literal += String(value)
                case .text(let value): appendQuoted(value, to: &literal)
                }
            }
            return .text(literal + "}")
        }
        return SQLStatement("\(head) SELECT * FROM unnest(\(casts.joined(separator: ", "))) \(tail)", arguments)
    }
}

/// Builds `<prefix> IN (?, ?, ...)` selections over many keys, in chunks.
///
/// Explicit lists on both backends: PostgreSQL plans `= ANY($1::text[])` without knowing the
/// array's length and chose sequential scans as tables grew (an import got 2x slower), while an
/// explicit list gets index scans.
func selectIn(_ prefix: String, storeID: Int64, keys: [String], suffix: String = "", chunk: Int = 500)
    -> [SQLStatement]
{
    var seen = Set<String>(minimumCapacity: keys.count)
    let unique = keys.filter { seen.insert($0).inserted }
    guard !unique.isEmpty else { return [] }
    var out: [SQLStatement] = []
    var start = 0
    while start < unique.count {
        let end = min(unique.count, start + chunk)
        let marks = Array(repeating: "?", count: end - start).joined(separator: ",")
        out.append(
            SQLStatement("\(prefix) IN (\(marks)) \(suffix)", [.int(storeID)] + unique[start..<end].map { .text($0) }))
        start = end
    }
    return out
}

/// Appends a double-quoted array element, escaping backslashes and quotes.
func appendQuoted(_ value: String, to literal: inout String) {
    literal += "\""
    for scalar in value.unicodeScalars {
        if scalar == "\\" || scalar == "\"" { literal += "\\" }
        literal.unicodeScalars.append(scalar)
    }
    literal += "\""
}
