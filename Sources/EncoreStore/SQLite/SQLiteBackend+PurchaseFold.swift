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
        let adjustments = ByteKeyTable(try await orderAdjustments(storeID: scan.storeID))
        let meeting = FoldMeeting()
        async let up = pool.read { db in try Self.fold(scan, adjustments, meeting, descending: false, db) }
        async let down = pool.read { db in try Self.fold(scan, adjustments, meeting, descending: true, db) }
        let (lower, upper) = try await (up, down)
        var fold = scan.emptyFold
        for part in lower + upper { fold.append(part) }
        return fold
    }

    /// One reader alone folding the whole store, up or down (going down, in batches of
    /// `batchRows` rows): each half of `foldPurchases` on its own.
    func foldAlone(_ scan: PurchaseScan, descending: Bool, batchRows: Int = 65_536) async throws -> PurchaseFold {
        let adjustments = ByteKeyTable(try await orderAdjustments(storeID: scan.storeID))
        let parts = try await pool.read { db in
            try Self.fold(scan, adjustments, FoldMeeting(), descending: descending, batchRows: batchRows, db)
        }
        var fold = scan.emptyFold
        for part in parts { fold.append(part) }
        return fold
    }

    /// Folds the customers one reader claims, as folds to append in key order. Going up, one fold.
    /// Going down, each customer's rows arrive newest first: up to `batchRows` rows of whole
    /// customers are kept, then folded oldest customer first and oldest order first, and the
    /// batches are returned in key order.
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
        var batch = DescendingBatch()
        // The current customer's key (`started`: there is one).
        var customer: [UInt8] = []
        var started = false
        func isReferred(_ key: ArraySlice<UInt8>) -> Bool {
            !scan.referred.isEmpty && scan.referred.contains(String(decoding: key, as: UTF8.self))
        }
        func flush() {
            var part = scan.emptyFold
            batch.fold(into: &part, days: &days, isReferred: isReferred)
            folds.append(part)
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw foldError(code, db, sql) }
            let key = UnsafeBufferPointer(start: sqlite3_column_text(handle, 0), count: Int(sqlite3_column_bytes(handle, 0)))
            if !started || !same(customer, key) {
                if started && !descending { fold.endCustomer { isReferred(customer[...]) } }
                if descending && batch.rows >= batchRows { flush() }
                guard descending ? meeting.claimDown(key) : meeting.claimUp(key) else {
                    started = false
                    break
                }
                started = true
                customer.removeAll(keepingCapacity: true)
                customer.append(contentsOf: key)
                if descending { batch.startCustomer(key) }
            }
            let placedAt = sqlite3_column_int64(handle, 1)
            var amount = sqlite3_column_int64(handle, 2)
            var returned = false
            if !adjustments.isEmpty,
                let adjustment = adjustments.value(sqlite3_column_text(handle, 3), Int(sqlite3_column_bytes(handle, 3)))
            {
                amount -= adjustment.refunded
                returned = adjustment.returned
            }
            if descending {
                batch.add(placedAt: placedAt, amount: scan.major(amount), returned: returned)
            } else {
                fold.add(day: days.day(of: placedAt), amount: scan.major(amount), returned: returned)
            }
        }
        if descending {
            if batch.rows > 0 { flush() }
            return folds.reversed()
        }
        if started { fold.endCustomer { isReferred(customer[...]) } }
        return [fold]
    }

    private static func same(_ customer: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard customer.count == key.count else { return false }
        guard let base = key.baseAddress, !customer.isEmpty else { return true }
        return customer.withUnsafeBufferPointer { memcmp($0.baseAddress!, base, key.count) == 0 }
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

/// Rows read going down (customers by descending key, each customer's newest order first), kept
/// until they are folded in key and time order.
struct DescendingBatch {
    private var placedAt: [Int64] = []
    private var amounts: [Double] = []
    private var returned: [Bool] = []
    /// Per customer: its first row and its key's bytes in `keys`.
    private var starts: [Int] = []
    private var keys: [UInt8] = []
    private var keyStarts: [Int] = []

    var rows: Int { placedAt.count }

    mutating func startCustomer(_ key: UnsafeBufferPointer<UInt8>) {
        starts.append(placedAt.count)
        keyStarts.append(keys.count)
        keys.append(contentsOf: key)
    }

    mutating func add(placedAt: Int64, amount: Double, returned: Bool) {
        self.placedAt.append(placedAt)
        amounts.append(amount)
        self.returned.append(returned)
    }

    /// Folds the kept customers, smallest key first and each one's orders oldest first, and empties the batch.
    mutating func fold(into fold: inout PurchaseFold, days: inout LocalDays, isReferred: (ArraySlice<UInt8>) -> Bool) {
        for customer in starts.indices.reversed() {
            let end = customer + 1 < starts.count ? starts[customer + 1] : placedAt.count
            for row in (starts[customer]..<end).reversed() {
                fold.add(day: days.day(of: placedAt[row]), amount: amounts[row], returned: returned[row])
            }
            let keyEnd = customer + 1 < keyStarts.count ? keyStarts[customer + 1] : keys.count
            fold.endCustomer { isReferred(keys[keyStarts[customer]..<keyEnd]) }
        }
        placedAt.removeAll(keepingCapacity: true)
        amounts.removeAll(keepingCapacity: true)
        returned.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        keyStarts.removeAll(keepingCapacity: true)
    }
}

/// SQLite copies bound text (SQLITE_TRANSIENT).
private let foldTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
