import EncoreCore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

extension SQLiteBackend {
    /// The fold on SQLite: the same orders, order and arithmetic as `foldPurchasesInPages`, read
    /// from `purchase_histories`, one row per customer (each customer's orders packed in time
    /// order with their refunds and returns applied), through SQLite's C API. A stale row (NULL)
    /// is read from the customer's orders in the same snapshot instead, so the figures never lag
    /// the orders; `refreshPurchaseHistories` keeps stale rows few.
    ///
    /// Two reader connections work side by side: one from the first customer up, one from the
    /// last customer down, each claiming a customer before folding it, until they meet
    /// (`FoldMeeting`). The work splits evenly whatever the keys look like. Each reader reads one
    /// snapshot; a commit landing while the two readers start can be seen by one and not the
    /// other (the figures are a report, not a balance).
    public func foldPurchases(_ scan: PurchaseScan) async throws -> PurchaseFold {
        let meeting = FoldMeeting()
        async let up = pool.read { db in try Self.fold(scan, meeting, descending: false, db) }
        async let down = pool.read { db in try Self.fold(scan, meeting, descending: true, db) }
        let (lower, upper) = try await (up, down)
        var fold = scan.emptyFold
        for part in lower + upper { fold.append(part) }
        return fold
    }

    /// One reader alone folding the whole store, up or down (going down, in batches of
    /// `batchCustomers` customers): each half of `foldPurchases` on its own.
    func foldAlone(
        _ scan: PurchaseScan, descending: Bool, batchCustomers: Int = 4_096, adjustedFrom: Int = HistoryReader.adjustedFrom
    ) async throws -> PurchaseFold {
        let parts = try await pool.read { db in
            try Self.fold(scan, FoldMeeting(), descending: descending, batchCustomers: batchCustomers, adjustedFrom: adjustedFrom, db)
        }
        var fold = scan.emptyFold
        for part in parts { fold.append(part) }
        return fold
    }

    /// Folds the customers one reader claims, as folds to append in key order. Going up, each
    /// customer goes into one fold as it is read. Going down, customers arrive largest key first:
    /// their histories are kept in batches of `batchCustomers`, each batch folded on its own
    /// smallest key first, and the batches returned in key order. Stale customers are read from
    /// their orders (`HistoryReader`, adjusted when at least `adjustedFrom` are stale).
    static func fold(
        _ scan: PurchaseScan, _ meeting: FoldMeeting, descending: Bool, batchCustomers: Int = 4_096,
        adjustedFrom: Int = HistoryReader.adjustedFrom, _ db: Database
    ) throws -> [PurchaseFold] {
        let sql = """
            SELECT customer_key, history FROM purchase_histories WHERE store_id = ? AND currency = ?
            ORDER BY customer_key \(descending ? "DESC" : "")
            """
        // A small page cache while the scan streams through the table: its buffers stay in the
        // processor's cache instead of cycling through 16 MiB (the connection's usual size).
        try db.execute(sql: "PRAGMA cache_size = -512")
        defer { try? db.execute(sql: "PRAGMA cache_size = -16384") }
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let currency = Array(scan.currency.code.utf8)
        let codes = [
            sqlite3_bind_int64(handle, 1, scan.storeID),
            currency.withUnsafeBufferPointer { bindText(handle, 2, $0) },
        ]
        if let failed = codes.first(where: { $0 != SQLITE_OK }) { throw sqliteError(failed, db, sql) }
        let staleCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(staleRows)", arguments: [scan.storeID]) ?? 0
        let stale = try HistoryReader(db, storeID: scan.storeID, adjusted: staleCount >= adjustedFrom)
        var encoder = PurchaseHistory.Encoder()
        var days = scan.days
        let before = scan.before.millisecondsSinceEpoch
        func add(_ history: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>, to fold: inout PurchaseFold) throws {
            try PurchaseHistory.forEach(history) { placedAt, amount, returned in
                guard placedAt < before else { return }
                fold.add(day: days.day(of: placedAt), amount: scan.major(amount), returned: returned)
            }
            fold.endCustomer { !scan.referred.isEmpty && scan.referred.contains(String(decoding: key, as: UTF8.self)) }
        }

        var folds: [PurchaseFold] = []
        var fold = scan.emptyFold
        var batch = HistoryBatch()
        func flush() throws {
            var part = scan.emptyFold
            try batch.forEachAscending { key, history in try add(history, key, to: &part) }
            folds.append(part)
            batch.removeAll()
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw sqliteError(code, db, sql) }
            let key = UnsafeBufferPointer(start: sqlite3_column_text(handle, 0), count: Int(sqlite3_column_bytes(handle, 0)))
            guard descending ? meeting.claimDown(key) : meeting.claimUp(key) else { break }
            func take(_ history: UnsafeBufferPointer<UInt8>) throws {
                if descending {
                    batch.append(key: key, history: history)
                    if batch.customers >= batchCustomers { try flush() }
                } else {
                    try add(history, key, to: &fold)
                }
            }
            if sqlite3_column_type(handle, 1) == SQLITE_NULL {
                try stale.history(storeID: scan.storeID, currency: currency, customer: key, into: &encoder)
                try encoder.bytes.withUnsafeBufferPointer { try take($0) }
            } else {
                let blob = sqlite3_column_blob(handle, 1)?.assumingMemoryBound(to: UInt8.self)
                try take(UnsafeBufferPointer(start: blob, count: Int(sqlite3_column_bytes(handle, 1))))
            }
        }
        if batch.customers > 0 { try flush() }
        return descending ? folds.reversed() : [fold]
    }

    static func bindText(_ handle: OpaquePointer?, _ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, sqliteTransient) }
        return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            sqlite3_bind_text(handle, index, $0, Int32(bytes.count), sqliteTransient)
        }
    }

    static func sqliteError(_ code: Int32, _ db: Database, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }
}

/// Customers read going down (largest key first), kept with their histories until they are
/// folded smallest key first.
struct HistoryBatch {
    private var bytes: [UInt8] = []
    /// Per customer: where its key starts in `bytes`, then its history, which ends where the
    /// next customer's key starts (or at the end).
    private var keyStarts: [Int] = []
    private var historyStarts: [Int] = []

    var customers: Int { keyStarts.count }

    mutating func append(key: UnsafeBufferPointer<UInt8>, history: UnsafeBufferPointer<UInt8>) {
        keyStarts.append(bytes.count)
        bytes.append(contentsOf: key)
        historyStarts.append(bytes.count)
        bytes.append(contentsOf: history)
    }

    /// Calls `body` with each customer's key and history, smallest key (last appended) first.
    func forEachAscending(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { all in
            for index in keyStarts.indices.reversed() {
                let end = index + 1 < keyStarts.count ? keyStarts[index + 1] : all.count
                try body(
                    UnsafeBufferPointer(rebasing: all[keyStarts[index]..<historyStarts[index]]),
                    UnsafeBufferPointer(rebasing: all[historyStarts[index]..<end]))
            }
        }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        keyStarts.removeAll(keepingCapacity: true)
        historyStarts.removeAll(keepingCapacity: true)
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

/// SQLite copies bound text and blobs (SQLITE_TRANSIENT).
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
