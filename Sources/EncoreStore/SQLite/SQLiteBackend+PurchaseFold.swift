import EncoreCore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

extension SQLiteBackend {
    /// How many customer-key ranges a fold is cut into, for the readers to share.
    static let foldPieces = 16
    /// How many reader connections fold side by side (one per core of the project's machine).
    static let foldReaders = 2

    /// The fold on SQLite: the same orders, order and arithmetic as `foldPurchasesInPages`, read
    /// straight off the covering `orders_by_customer` index through SQLite's C API (no row
    /// values, no `String` per row), by two reader connections side by side. The customer keys
    /// are cut into ranges between the smallest and the largest key; each reader takes the next
    /// range not yet taken and folds it on its own, and the ranges' folds are joined in key order.
    /// Each reader reads one snapshot; a commit landing while the two readers start can be seen
    /// by one and not the other (the figures are a report, not a balance).
    public func foldPurchases(_ scan: PurchaseScan) async throws -> PurchaseFold {
        let adjustments = ByteKeyTable(try await orderAdjustments(storeID: scan.storeID))
        let keys = try await pool.read { db in
            let low = try String.fetchOne(db, sql: "SELECT min(customer_key) FROM orders WHERE store_id = ?", arguments: [scan.storeID])
            let high = try String.fetchOne(db, sql: "SELECT max(customer_key) FROM orders WHERE store_id = ?", arguments: [scan.storeID])
            return low.flatMap { low in high.map { (Array(low.utf8), Array($0.utf8)) } }
        }
        guard let (low, high) = keys else { return scan.emptyFold }
        let bounds = Self.splitKeys(low, high, pieces: Self.foldPieces)
        let pieces = (0...bounds.count).map { i in
            KeyRange(lower: i == 0 ? nil : bounds[i - 1], upper: i == bounds.count ? nil : bounds[i])
        }
        let taken = PieceCounter()
        let folds = try await withThrowingTaskGroup(of: [(Int, PurchaseFold)].self) { group in
            for _ in 0..<min(Self.foldReaders, pieces.count) {
                group.addTask {
                    try await self.pool.read { db in
                        var done: [(Int, PurchaseFold)] = []
                        var days = scan.days
                        while true {
                            let index = taken.next()
                            guard index < pieces.count else { break }
                            done.append((index, try Self.fold(pieces[index], scan, adjustments, &days, db)))
                        }
                        return done
                    }
                }
            }
            var all: [(Int, PurchaseFold)] = []
            for try await done in group { all += done }
            return all.sorted { $0.0 < $1.0 }
        }
        var fold = scan.emptyFold
        for (_, piece) in folds { fold.append(piece) }
        return fold
    }

    /// A range of customer keys, `[lower, upper)` as UTF-8 bytes; nil is open.
    struct KeyRange: Sendable {
        var lower: [UInt8]?
        var upper: [UInt8]?
    }

    /// Up to `pieces - 1` keys cutting `[low, high]` into ranges of about equal width, reading the
    /// keys' bytes after their common prefix as numbers (sorted and distinct; any cuts give the
    /// same folds, even cuts only balance the readers).
    static func splitKeys(_ low: [UInt8], _ high: [UInt8], pieces: Int) -> [[UInt8]] {
        let prefix = zip(low, high).prefix { $0 == $1 }.count
        let width = 3
        func number(_ key: [UInt8]) -> Int {
            (0..<width).reduce(0) { $0 << 8 | Int(prefix + $1 < key.count ? key[prefix + $1] : 0) }
        }
        let from = number(low)
        let to = number(high) + 1
        var cuts: Set<[UInt8]> = []
        for i in 1..<max(1, pieces) {
            let value = from + (to - from) * i / pieces
            // No NUL inside a key: a 0 byte becomes 1 (the cut moves a little; cuts stay valid).
            let tail = (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - $0))) }
            var cut = Array(low.prefix(prefix)) + tail
            while cut.last == 0 { cut.removeLast() }
            cut = cut.map { $0 == 0 ? 1 : $0 }
            if cut.lexicographicallyPrecedes(low) || cut == low || high.lexicographicallyPrecedes(cut) { continue }
            cuts.insert(cut)
        }
        return cuts.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Folds the orders of one key range on a reader connection.
    static func fold(
        _ range: KeyRange, _ scan: PurchaseScan, _ adjustments: ByteKeyTable<OrderAdjustment>, _ days: inout LocalDays,
        _ db: Database
    ) throws -> PurchaseFold {
        var sql = """
            SELECT customer_key, placed_at, total, order_key FROM orders
            WHERE store_id = ? AND customer_key IS NOT NULL AND currency = ? AND cancelled_at IS NULL AND placed_at < ?
            """
        if range.lower != nil { sql += " AND customer_key >= ?" }
        if range.upper != nil { sql += " AND customer_key < ?" }
        sql += " ORDER BY customer_key, placed_at, order_key"
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var codes = [
            sqlite3_bind_int64(handle, 1, scan.storeID),
            bindText(handle, 2, Array(scan.currency.code.utf8)),
            sqlite3_bind_int64(handle, 3, scan.before.millisecondsSinceEpoch),
        ]
        var parameter: Int32 = 4
        for bound in [range.lower, range.upper] {
            guard let bound else { continue }
            codes.append(bindText(handle, parameter, bound))
            parameter += 1
        }
        if let failed = codes.first(where: { $0 != SQLITE_OK }) { throw foldError(failed, db, sql) }

        var fold = scan.emptyFold
        // The current customer's key; empty before the first row.
        var customer: [UInt8] = []
        var started = false
        func endCustomer() {
            fold.endCustomer { !scan.referred.isEmpty && scan.referred.contains(String(decoding: customer, as: UTF8.self)) }
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw foldError(code, db, sql) }
            let key = sqlite3_column_text(handle, 0)
            let keyCount = Int(sqlite3_column_bytes(handle, 0))
            if !started || !same(customer, key, keyCount) {
                if started { endCustomer() }
                started = true
                customer.removeAll(keepingCapacity: true)
                if let key { customer.append(contentsOf: UnsafeBufferPointer(start: key, count: keyCount)) }
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
            fold.add(day: days.day(of: placedAt), amount: scan.major(amount), returned: returned)
        }
        if started { endCustomer() }
        return fold
    }

    private static func same(_ customer: [UInt8], _ key: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard customer.count == count else { return false }
        guard count > 0, let key else { return true }
        return customer.withUnsafeBufferPointer { memcmp($0.baseAddress!, key, count) == 0 }
    }

    private static func bindText(_ handle: OpaquePointer?, _ index: Int32, _ bytes: [UInt8]) -> Int32 {
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

/// Hands out the pieces of a fold to its readers, each once.
private final class PieceCounter: Sendable {
    private let taken = Atomic<Int>(0)

    func next() -> Int { taken.add(1, ordering: .relaxed).oldValue }
}

/// SQLite copies bound text (SQLITE_TRANSIENT).
private let foldTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
