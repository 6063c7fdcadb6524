import EncoreCore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

extension SQLiteBackend {
    /// The fold on SQLite: the same orders, order and arithmetic as `foldPurchasesInPages`, read
    /// straight off the covering `orders_by_customer` index through SQLite's C API (no row values,
    /// no `String` per row), by two reader connections side by side: one from the first customer
    /// up, one from the last customer down, each claiming a customer before folding it, until they
    /// meet (`FoldMeeting`). The work splits evenly whatever the keys look like, with no pass to
    /// find where to cut. Each reader reads one snapshot; a commit landing while the two readers
    /// start can be seen by one and not the other (the figures are a report, not a balance).
    public func foldPurchases(_ scan: PurchaseScan) async throws -> PurchaseFold {
        let adjustments = try await adjustmentTable(storeID: scan.storeID)
        let meeting = FoldMeeting()
        async let up = pool.read { db in try Self.fold(scan, adjustments, meeting, descending: false, db) }
        async let down = pool.read { db in try Self.fold(scan, adjustments, meeting, descending: true, db) }
        let (lower, upper) = try await (up, down)
        var fold = scan.emptyFold
        for part in lower + upper { fold.append(part) }
        return fold
    }

    /// The store's refunds and returns by order key (the rows of `orderAdjustments`, summed the
    /// same way), read through the C API, refunds and returns on two readers side by side.
    func adjustmentTable(storeID: StoreID) async throws -> ByteKeyTable<OrderAdjustment> {
        async let refunds = pool.read { db in
            try Self.keyedRows(db, "SELECT order_key, amount FROM refunds WHERE store_id = ?", storeID, amounts: true)
        }
        async let returns = pool.read { db in
            try Self.keyedRows(db, "SELECT order_key FROM returns WHERE store_id = ? AND status <> 'rejected'", storeID, amounts: false)
        }
        let (refunded, returned) = try await (refunds, returns)
        var table = ByteKeyTable<OrderAdjustment>(capacity: refunded.count + returned.count)
        refunded.forEach { key, amount in table.update(key, default: OrderAdjustment()) { $0.refunded += amount } }
        returned.forEach { key, _ in table.update(key, default: OrderAdjustment()) { $0.returned = true } }
        return table
    }

    /// The rows of a query by store (a key, and an amount when `amounts`), kept as bytes.
    static func keyedRows(_ db: Database, _ sql: String, _ storeID: StoreID, amounts: Bool) throws -> KeyedRows {
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        sqlite3_bind_int64(handle, 1, storeID)
        var rows = KeyedRows()
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw foldError(code, db, sql) }
            rows.append(
                UnsafeBufferPointer(start: sqlite3_column_text(handle, 0), count: Int(sqlite3_column_bytes(handle, 0))),
                amounts ? sqlite3_column_int64(handle, 1) : 0)
        }
    }

    /// One reader alone folding the whole store, up or down (going down, in batches of
    /// `batchRows` rows): each half of `foldPurchases` on its own.
    func foldAlone(_ scan: PurchaseScan, descending: Bool, batchRows: Int = 65_536) async throws -> PurchaseFold {
        let adjustments = try await adjustmentTable(storeID: scan.storeID)
        let parts = try await pool.read { db in
            try Self.fold(scan, adjustments, FoldMeeting(), descending: descending, batchRows: batchRows, db)
        }
        var fold = scan.emptyFold
        for part in parts { fold.append(part) }
        return fold
    }

    /// Folds the customers one reader claims, as folds to append in key order. Rows are kept in
    /// batches of whole customers (`ScanBatch`: 4,096 rows going up, `batchRows` going down) to
    /// look up their refunds and returns together. Going up, the batches go into one fold. Going
    /// down, each customer's rows arrive newest first: each batch is folded on its own, oldest
    /// customer first and oldest order first, and the batches are returned in key order.
    static func fold(
        _ scan: PurchaseScan, _ adjustments: ByteKeyTable<OrderAdjustment>, _ meeting: FoldMeeting, descending: Bool,
        batchRows: Int = 65_536, _ db: Database
    ) throws -> [PurchaseFold] {
        let direction = descending ? "DESC" : ""
        let sql = """
            SELECT customer_key, placed_at, total, order_key FROM orders
            WHERE store_id = ? AND customer_key IS NOT NULL AND currency = ? AND cancelled_at IS NULL AND placed_at < ?
            ORDER BY customer_key \(direction), placed_at \(direction), order_key \(direction)
            """
        // A small page cache while the scan streams through the index: its buffers stay in the
        // processor's cache instead of cycling through 16 MiB (the connection's usual size).
        try db.execute(sql: "PRAGMA cache_size = -512")
        defer { try? db.execute(sql: "PRAGMA cache_size = -16384") }
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let codes = [
            sqlite3_bind_int64(handle, 1, scan.storeID),
            bindText(handle, 2, Array(scan.currency.code.utf8)),
            sqlite3_bind_int64(handle, 3, scan.before.millisecondsSinceEpoch),
        ]
        if let failed = codes.first(where: { $0 != SQLITE_OK }) { throw foldError(failed, db, sql) }

        var days = scan.days
        var folds: [PurchaseFold] = []
        var fold = scan.emptyFold
        var batch = ScanBatch()
        func isReferred(_ key: ArraySlice<UInt8>) -> Bool {
            !scan.referred.isEmpty && scan.referred.contains(String(decoding: key, as: UTF8.self))
        }
        func flush() {
            batch.adjust(adjustments)
            if descending {
                var part = scan.emptyFold
                batch.fold(into: &part, descending: true, days: &days, isReferred: isReferred, major: scan.major)
                folds.append(part)
            } else {
                batch.fold(into: &fold, descending: false, days: &days, isReferred: isReferred, major: scan.major)
            }
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw foldError(code, db, sql) }
            let key = UnsafeBufferPointer(start: sqlite3_column_text(handle, 0), count: Int(sqlite3_column_bytes(handle, 0)))
            if !batch.isCurrent(key) {
                if batch.rows >= (descending ? batchRows : min(batchRows, 4_096)) { flush() }
                guard descending ? meeting.claimDown(key) : meeting.claimUp(key) else { break }
                batch.startCustomer(key)
            }
            batch.add(
                placedAt: sqlite3_column_int64(handle, 1), total: sqlite3_column_int64(handle, 2),
                orderKey: UnsafeBufferPointer(start: sqlite3_column_text(handle, 3), count: Int(sqlite3_column_bytes(handle, 3))))
        }
        if batch.rows > 0 { flush() }
        return descending ? folds.reversed() : [fold]
    }

    static func bindText(_ handle: OpaquePointer?, _ index: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, foldTransient) }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                sqlite3_bind_text(handle, index, $0, Int32(buffer.count), foldTransient)
            }
        }
    }

    private static func foldError(_ code: Int32, _ db: Database, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }
}

/// Where the two readers of a fold meet: the last customer key each claimed. A reader going up
/// claims a key below every key the other claimed; going down, one above every key the other
/// claimed; so each customer is folded by exactly one reader, and every customer by one.
final class FoldMeeting: Sendable {
    /// The last key each reader claimed (`up`/`down` tell whether it claimed any).
    private struct Claims {
        var up = false
        var down = false
        var upKey: [UInt8] = []
        var downKey: [UInt8] = []
    }

    private let claims = Mutex(Claims())

    /// Claims `key` for the reader going up; false when the other reader has it (stop).
    func claimUp(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        claims.withLock { claims in
            if claims.down, !key.lexicographicallyPrecedes(claims.downKey) { return false }
            claims.up = true
            claims.upKey.removeAll(keepingCapacity: true)
            claims.upKey.append(contentsOf: key)
            return true
        }
    }

    /// Claims `key` for the reader going down; false when the other reader has it (stop).
    func claimDown(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        claims.withLock { claims in
            if claims.up, !claims.upKey.lexicographicallyPrecedes(key) { return false }
            claims.down = true
            claims.downKey.removeAll(keepingCapacity: true)
            claims.downKey.append(contentsOf: key)
            return true
        }
    }
}

/// Rows of whole customers as the scan reads them (going down: customers by descending key,
/// each one's newest order first), kept until they are adjusted and folded in key and time order.
/// Batches let the refunds and returns be looked up many rows at a time: the filter's loads for
/// a whole batch are in flight together instead of one cache miss per row.
struct ScanBatch {
    private var placedAt: [Int64] = []
    private var amounts: [Int64] = []
    private var hashes: [UInt64] = []
    private var returned: [Bool] = []
    /// Row i's order key is orderKeys[orderKeyStarts[i] ..< orderKeyStarts[i + 1]].
    private var orderKeys: [UInt8] = []
    private var orderKeyStarts: [Int] = [0]
    /// Per customer: its first row and where its key starts in `keys` (the last customer's key ends the array).
    private var starts: [Int] = []
    private var keys: [UInt8] = []
    private var keyStarts: [Int] = []

    var rows: Int { placedAt.count }

    /// Whether `key` is the key of the last customer started (false on an empty batch).
    func isCurrent(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = keyStarts.last, keys.count - start == key.count else { return false }
        guard let base = key.baseAddress, key.count > 0 else { return true }
        return keys.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, base, key.count) == 0 }
    }

    mutating func startCustomer(_ key: UnsafeBufferPointer<UInt8>) {
        starts.append(placedAt.count)
        keyStarts.append(keys.count)
        keys.append(contentsOf: key)
    }

    mutating func add(placedAt: Int64, total: Int64, orderKey: UnsafeBufferPointer<UInt8>) {
        self.placedAt.append(placedAt)
        amounts.append(total)
        hashes.append(ByteKeyTable<OrderAdjustment>.hash(orderKey.baseAddress, orderKey.count))
        orderKeys.append(contentsOf: orderKey)
        orderKeyStarts.append(orderKeys.count)
    }

    /// Takes each row's refunds from its amount and marks its return, asking the filter for every
    /// row first and the table only for the rows the filter lets through.
    mutating func adjust(_ adjustments: ByteKeyTable<OrderAdjustment>) {
        returned = [Bool](repeating: false, count: rows)
        guard !adjustments.isEmpty else { return }
        var candidates: [Int] = []
        for row in 0..<rows where adjustments.mayHold(hashes[row]) { candidates.append(row) }
        orderKeys.withUnsafeBufferPointer { bytes in
            for row in candidates {
                let start = orderKeyStarts[row]
                guard
                    let adjustment = adjustments.value(
                        hash: hashes[row], bytes.baseAddress.map { $0 + start }, orderKeyStarts[row + 1] - start)
                else { continue }
                amounts[row] -= adjustment.refunded
                returned[row] = adjustment.returned
            }
        }
    }

    /// Folds the batch's customers, smallest key first and each one's orders oldest first, and
    /// empties the batch (read `descending`: customers and rows are taken from the end).
    mutating func fold(
        into fold: inout PurchaseFold, descending: Bool, days: inout LocalDays, isReferred: (ArraySlice<UInt8>) -> Bool,
        major: (Int64) -> Double
    ) {
        let customers = starts.count
        for index in 0..<customers {
            let customer = descending ? customers - 1 - index : index
            let start = starts[customer]
            let end = customer + 1 < customers ? starts[customer + 1] : placedAt.count
            for offset in 0..<(end - start) {
                let row = descending ? end - 1 - offset : start + offset
                fold.add(day: days.day(of: placedAt[row]), amount: major(amounts[row]), returned: returned[row])
            }
            let keyEnd = customer + 1 < customers ? keyStarts[customer + 1] : keys.count
            fold.endCustomer { isReferred(keys[keyStarts[customer]..<keyEnd]) }
        }
        placedAt.removeAll(keepingCapacity: true)
        amounts.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        orderKeys.removeAll(keepingCapacity: true)
        orderKeyStarts.removeAll(keepingCapacity: true)
        orderKeyStarts.append(0)
        starts.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        keyStarts.removeAll(keepingCapacity: true)
    }
}

/// Rows of a key (bytes) and an amount, in one buffer.
struct KeyedRows: Sendable {
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

/// SQLite copies bound text (SQLITE_TRANSIENT).
private let foldTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
