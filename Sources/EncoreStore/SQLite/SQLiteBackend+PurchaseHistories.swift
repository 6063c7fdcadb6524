import EncoreCore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteBackend {
    /// Rebuilds the store's stale purchase histories from its orders, `batch` customers per
    /// write transaction, until none is stale; a customer left with no counted order loses its
    /// row. Returns how many customers were rebuilt. Each transaction reads the orders it packs,
    /// so a history written is exactly the orders committed with it; a write racing the refresh
    /// marks its customer stale again for the next one. A cancelled task stops between
    /// transactions (`CancellationError`); what was committed stays.
    public func refreshPurchaseHistories(storeID: StoreID) async throws -> Int {
        try await refreshPurchaseHistories(storeID: storeID, batch: 2_000)
    }

    /// `batch` customers per transaction while few are stale; while at least
    /// `HistoryReader.adjustedFrom` are, `adjustedBatch` customers per transaction, each loading
    /// the store's refunds and returns once (`HistoryReader`).
    func refreshPurchaseHistories(
        storeID: StoreID, batch: Int, adjustedFrom: Int = HistoryReader.adjustedFrom, adjustedBatch: Int = 50_000
    ) async throws -> Int {
        var refreshed = 0
        while true {
            try Task.checkCancellation()
            let (done, asked) = try await pool.write { db in
                let stale = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(Self.staleRows)", arguments: [storeID]) ?? 0
                let adjusted = stale >= adjustedFrom
                let limit = adjusted ? adjustedBatch : batch
                return (try Self.refreshStale(storeID: storeID, limit: limit, adjusted: adjusted, db), limit)
            }
            refreshed += done
            if done < asked { return refreshed }
        }
    }

    /// How many of the store's customers have a stale history (read through the partial index
    /// of stale rows: as cheap as the number it returns).
    public func stalePurchaseHistories(storeID: StoreID) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(Self.staleRows)", arguments: [storeID]) ?? 0
        }
    }

    /// The store's stale rows, through the partial index that holds only them (named: SQLite's
    /// planner otherwise walked the whole store's primary key past every packed row, each batch).
    static let staleRows = "purchase_histories INDEXED BY purchase_histories_stale WHERE store_id = ? AND history IS NULL"

    /// Rebuilds up to `limit` stale histories of the store in the current transaction. Keys are
    /// read and bound as bytes through the C API (a key may hold any character, NUL included),
    /// and each row must change: a batch always makes progress or fails.
    private static func refreshStale(storeID: StoreID, limit: Int, adjusted: Bool, _ db: Database) throws -> Int {
        let select = "SELECT currency, customer_key FROM \(staleRows) LIMIT ?"
        let keys = try db.makeStatement(sql: select)
        let handle = keys.sqliteStatement
        // Per stale row: its currency and its customer key (bytes), read before any is rewritten.
        var stale: [(currency: [UInt8], customer: [UInt8])] = []
        do {
            defer { sqlite3_reset(handle) }
            sqlite3_bind_int64(handle, 1, storeID)
            sqlite3_bind_int64(handle, 2, Int64(limit))
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else { throw sqliteError(code, db, select) }
                stale.append((columnBytes(handle, 0), columnBytes(handle, 1)))
            }
        }
        guard !stale.isEmpty else { return 0 }
        // The refunds' and returns' indexes are sought once per order: a page cache that holds
        // them while the batch runs (the connection's usual 16 MiB cycles them through the kernel).
        try db.execute(sql: "PRAGMA cache_size = -131072")
        defer { try? db.execute(sql: "PRAGMA cache_size = -16384") }
        let reader = try HistoryReader(db, storeID: storeID, adjusted: adjusted)
        let updateSQL = "UPDATE purchase_histories SET history = ? WHERE store_id = ? AND currency = ? AND customer_key = ?"
        let deleteSQL = "DELETE FROM purchase_histories WHERE store_id = ? AND currency = ? AND customer_key = ?"
        // The statements are kept alive (their handles are finalized with them).
        let updateStatement = try db.makeStatement(sql: updateSQL)
        let deleteStatement = try db.makeStatement(sql: deleteSQL)
        let update = updateStatement.sqliteStatement
        let delete = deleteStatement.sqliteStatement
        var encoder = PurchaseHistory.Encoder()
        for row in stale {
            try reader.history(storeID: storeID, currency: row.currency, customer: row.customer, into: &encoder)
            let empty = encoder.bytes.isEmpty
            let (statement, sql, first) = empty ? (delete, deleteSQL, Int32(1)) : (update, updateSQL, Int32(2))
            defer { sqlite3_reset(statement) }
            var codes = [
                sqlite3_bind_int64(statement, first, storeID),
                row.currency.withUnsafeBufferPointer { bindText(statement, first + 1, $0) },
                row.customer.withUnsafeBufferPointer { bindText(statement, first + 2, $0) },
            ]
            if !empty {
                codes.append(encoder.bytes.withUnsafeBytes { sqlite3_bind_blob(statement, 1, $0.baseAddress, Int32($0.count), sqliteTransient) })
            }
            if let failed = codes.first(where: { $0 != SQLITE_OK }) { throw sqliteError(failed, db, sql) }
            let code = sqlite3_step(statement)
            guard code == SQLITE_DONE else { throw sqliteError(code, db, sql) }
            guard sqlite3_changes(db.sqliteConnection) == 1 else {
                throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "a stale purchase history was not rewritten", sql: sql)
            }
        }
        withExtendedLifetime((updateStatement, deleteStatement)) {}
        return stale.count
    }

    /// A text or blob column's bytes, copied.
    private static func columnBytes(_ handle: OpaquePointer?, _ index: Int32) -> [UInt8] {
        let base = sqlite3_column_blob(handle, index)?.assumingMemoryBound(to: UInt8.self)
        return Array(UnsafeBufferPointer(start: base, count: Int(sqlite3_column_bytes(handle, index))))
    }
}

/// Reads one customer's counted orders from `orders` (through `orders_by_customer`), with their
/// refunds and returns, into a `PurchaseHistory`: what a stale `purchase_histories` row stands
/// for. The statement is prepared once and run per customer.
///
/// Two ways to take off refunds and see returns, with the same bytes as a result: for a few
/// customers, a look-up in the refunds' and returns' indexes per order (in the query); for many
/// (`adjusted`), the store's refunds and returns read once, in the same transaction, into a
/// table looked up by the order key's bytes, which saves two index descents per order.
struct HistoryReader {
    /// From this many stale customers on, readers load the adjustments table (about 0.1 s per
    /// 300,000 refunds and returns) rather than seek per order (two descents, about 3 µs).
    static let adjustedFrom = 20_000

    static let sought = """
        SELECT o.placed_at,
            o.total - coalesce((SELECT sum(r.amount) FROM refunds r WHERE r.store_id = o.store_id AND r.order_key = o.order_key), 0),
            EXISTS (SELECT 1 FROM returns t WHERE t.store_id = o.store_id AND t.order_key = o.order_key AND t.status <> 'rejected')
        FROM orders o
        WHERE o.store_id = ? AND o.customer_key = ? AND o.currency = ? AND o.cancelled_at IS NULL
        ORDER BY o.placed_at, o.order_key
        """
    static let plain = """
        SELECT placed_at, total, order_key FROM orders
        WHERE store_id = ? AND customer_key = ? AND currency = ? AND cancelled_at IS NULL
        ORDER BY placed_at, order_key
        """
    private let statement: Statement
    private let sql: String
    private let adjustments: ByteKeyTable<OrderAdjustment>?
    private let db: Database

    init(_ db: Database, storeID: StoreID, adjusted: Bool) throws {
        self.db = db
        sql = adjusted ? Self.plain : Self.sought
        statement = try db.makeStatement(sql: sql)
        adjustments = adjusted ? try Self.adjustments(db, storeID: storeID) : nil
    }

    /// Resets `encoder` and packs the orders of `customer` in `currency` into it.
    func history(storeID: StoreID, currency: [UInt8], customer: UnsafeBufferPointer<UInt8>, into encoder: inout PurchaseHistory.Encoder) throws {
        encoder.reset()
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let codes = [
            sqlite3_bind_int64(handle, 1, storeID),
            SQLiteBackend.bindText(handle, 2, customer),
            currency.withUnsafeBufferPointer { SQLiteBackend.bindText(handle, 3, $0) },
        ]
        if let failed = codes.first(where: { $0 != SQLITE_OK }) { throw SQLiteBackend.sqliteError(failed, db, sql) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw SQLiteBackend.sqliteError(code, db, sql) }
            let placedAt = sqlite3_column_int64(handle, 0)
            if let adjustments {
                let adjustment = adjustments.value(sqlite3_column_text(handle, 2), Int(sqlite3_column_bytes(handle, 2)))
                try encoder.append(
                    placedAt: placedAt, amount: sqlite3_column_int64(handle, 1) - (adjustment?.refunded ?? 0),
                    returned: adjustment?.returned ?? false)
            } else {
                try encoder.append(
                    placedAt: placedAt, amount: sqlite3_column_int64(handle, 1), returned: sqlite3_column_int64(handle, 2) != 0)
            }
        }
    }

    func history(storeID: StoreID, currency: [UInt8], customer: [UInt8], into encoder: inout PurchaseHistory.Encoder) throws {
        try customer.withUnsafeBufferPointer { try history(storeID: storeID, currency: currency, customer: $0, into: &encoder) }
    }

    /// The store's refunds (summed) and standing returns by order key, as `orderAdjustments`
    /// reads them, through the C API.
    static func adjustments(_ db: Database, storeID: StoreID) throws -> ByteKeyTable<OrderAdjustment> {
        let refunds = try keyedRows(db, "SELECT order_key, amount FROM refunds WHERE store_id = ?", storeID, amounts: true)
        let returns = try keyedRows(db, "SELECT order_key FROM returns WHERE store_id = ? AND status <> 'rejected'", storeID, amounts: false)
        var table = ByteKeyTable<OrderAdjustment>(capacity: refunds.count + returns.count)
        refunds.forEach { key, amount in table.update(key, default: OrderAdjustment()) { $0.refunded += amount } }
        returns.forEach { key, _ in table.update(key, default: OrderAdjustment()) { $0.returned = true } }
        return table
    }

    /// The rows of a query by store (a key, and an amount when `amounts`), kept as bytes.
    private static func keyedRows(_ db: Database, _ sql: String, _ storeID: StoreID, amounts: Bool) throws -> KeyedRows {
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        sqlite3_bind_int64(handle, 1, storeID)
        var rows = KeyedRows()
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw SQLiteBackend.sqliteError(code, db, sql) }
            rows.append(
                UnsafeBufferPointer(start: sqlite3_column_text(handle, 0), count: Int(sqlite3_column_bytes(handle, 0))),
                amounts ? sqlite3_column_int64(handle, 1) : 0)
        }
    }
}

/// Rows of a key (bytes) and an amount, in one buffer.
struct KeyedRows {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var amounts: [Int64] = []

    var count: Int { ends.count }

    mutating func append(_ key: UnsafeBufferPointer<UInt8>, _ amount: Int64) {
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
        amounts.append(amount)
    }

    func forEach(_ body: (UnsafeBufferPointer<UInt8>, Int64) -> Void) {
        bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for (end, amount) in zip(ends, amounts) {
                body(UnsafeBufferPointer(rebasing: bytes[start..<end]), amount)
                start = end
            }
        }
    }
}
