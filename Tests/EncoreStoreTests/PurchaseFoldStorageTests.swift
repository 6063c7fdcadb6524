import EncoreCore
import EncoreTestSupport
import Foundation
import GRDB
import Testing

@testable import EncoreStore

@Suite("Storage: the purchase fold of `encore metrics` equals the figures of the whole history, on every path")
struct PurchaseFoldStorageTests {
    static let zone = TimeZone(identifier: "America/New_York")!
    static let day: Int64 = 86_400_000

    struct History {
        var store: Store
        var orders: [Order]
        var refunds: [Refund]
        var returns: [Return]
    }

    /// 40 customers (and orders with none) over 2024-11 to 2026-05 in New York: orders an hour or
    /// a few either side of UTC month starts (so local and UTC months differ), on the DST days,
    /// ties at one instant, cancelled orders, orders in euros, one or two refunds on some, returns
    /// requested, approved, received or rejected on others.
    static func seed(_ storage: any EncoreStorage) async throws -> History {
        let store = try await storage.createStore(
            name: "fold", organisation: nil, currency: .usd, timeZone: zone.identifier, webhookSecret: nil, now: Fixtures.t0)
        var random = DemoRandom(seed: 42)
        let monthStarts = (0..<19).map { m in Int64(ISO8601.daysFromCivil(year: 2024 + (10 + m) / 12, month: (10 + m) % 12 + 1, day: 1)) * day }
        let dst: [Int64] = [1_741_503_600_000, 1_762_063_200_000]  // 2025-03-09 07:00Z, 2025-11-02 06:00Z
        var orders: [Order] = []
        var refunds: [Refund] = []
        var returns: [Return] = []
        func instant() -> Int64 {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return monthStarts.randomElement(using: &random)! + Int64.random(in: -8...8, using: &random) * 3_600_000
            case 1: return dst.randomElement(using: &random)! + Int64.random(in: -3...3, using: &random) * 1_800_000
            default: return monthStarts[0] + Int64.random(in: 0..<(18 * 30), using: &random) * day + Int64.random(in: 0..<day, using: &random)
            }
        }
        for n in 0..<300 {
            let customer = n % 23 == 0 ? nil : "c\(String(format: "%02d", Int.random(in: 1...40, using: &random)))"
            let currency: Currency = n % 10 == 3 ? .eur : .usd
            var order = Fixtures.order(
                store, key: String(format: "o%03d", n), customer: customer ?? "c01", total: Int64.random(in: 100...90_000, using: &random),
                lines: 1, currency: currency)
            order.customerKey = customer
            order.placedAt = Timestamp(millisecondsSinceEpoch: n % 17 == 5 ? orders[n - 1].placedAt.millisecondsSinceEpoch : instant())
            if n % 17 == 5 { order.customerKey = orders[n - 1].customerKey }
            if n % 11 == 4 { order.cancelledAt = Timestamp(millisecondsSinceEpoch: order.placedAt.millisecondsSinceEpoch + 3_600_000) }
            let later = Timestamp(millisecondsSinceEpoch: order.placedAt.millisecondsSinceEpoch + 2 * day)
            if n % 7 == 2 || n % 13 == 0 {
                refunds.append(
                    Refund(storeID: store.id, key: "r\(n)", orderKey: order.key, amount: order.total / 4, currency: currency, createdAt: later))
            }
            if n % 13 == 0 {
                refunds.append(
                    Refund(storeID: store.id, key: "s\(n)", orderKey: order.key, amount: order.total / 3, currency: currency, createdAt: later))
            }
            if n % 6 == 1 {
                let status = ReturnStatus.allCases[n % ReturnStatus.allCases.count]
                returns.append(
                    Return(
                        storeID: store.id, key: "x\(n)", orderKey: order.key, status: status, requestedAt: later,
                        lines: [ReturnLine(lineKey: "1", quantity: 1)]))
            }
            orders.append(order)
        }
        _ = try await storage.ingest(
            IngestBatch(
                storeID: store.id, origin: .historical, customers: (1...40).map { Fixtures.customer(store, key: String(format: "c%02d", $0)) },
                orders: orders, refunds: refunds, returns: returns),
            now: Timestamp(millisecondsSinceEpoch: monthStarts.last! + 40 * day))
        return History(store: store, orders: orders, refunds: refunds, returns: returns)
    }

    /// The local day of an instant, the zone's offset read for it (as the CLI did per order).
    static func localDay(_ t: Int64) -> Int32 {
        let local = t + LocalDays.offset(of: zone, at: t)
        return Int32((local - ((local % day) + day) % day) / day)
    }

    /// The scan of `[from, to)` as `encore metrics` asks for it: orders before the local midnight starting `to`.
    static func scan(_ history: History, _ from: String, _ to: String, currency: Currency = .usd, referred: Set<String>) -> PurchaseScan {
        let fromDay = LocalDate(from)!.daysSinceEpoch
        let toDay = LocalDate(to)!.daysSinceEpoch
        let midnight = Int64(toDay) * day
        return PurchaseScan(
            storeID: history.store.id, currency: currency,
            before: Timestamp(millisecondsSinceEpoch: midnight - LocalDays.offset(of: zone, at: midnight)), from: Int32(fromDay),
            to: Int32(toDay), days: LocalDays(zone: zone), referred: referred)
    }

    /// The figures from the seeded lists, in memory: no database.
    static func expected(_ history: History, _ scan: PurchaseScan) -> (PurchaseMetrics, CohortMatrix) {
        let scale = pow(10, Double(scan.currency.exponent))
        var refunded: [String: Int64] = [:]
        for r in history.refunds { refunded[r.orderKey, default: 0] += r.amount }
        let returned = Set(history.returns.filter { $0.status != .rejected }.map(\.orderKey))
        let kept = history.orders.filter {
            $0.customerKey != nil && $0.currency == scan.currency && $0.cancelledAt == nil && $0.placedAt < scan.before
        }.sorted { ($0.customerKey!, $0.placedAt.millisecondsSinceEpoch, $0.key) < ($1.customerKey!, $1.placedAt.millisecondsSinceEpoch, $1.key) }
        return records(kept.map { ($0.customerKey!, $0.placedAt, $0.total - refunded[$0.key, default: 0], returned.contains($0.key)) }, scan, scale)
    }

    /// The figures as `encore metrics` computed them before the fold: every purchase loaded, then computed.
    static func loaded(_ storage: any EncoreStorage, _ history: History, _ scan: PurchaseScan) async throws -> (PurchaseMetrics, CohortMatrix) {
        let purchases = try await storage.purchases(
            storeID: history.store.id, currency: scan.currency,
            through: Timestamp(millisecondsSinceEpoch: scan.before.millisecondsSinceEpoch - 1))
        return records(purchases.map { ($0.customerKey, $0.at, $0.amount, $0.returned) }, scan, pow(10, Double(scan.currency.exponent)))
    }

    static func records(_ rows: [(String, Timestamp, Int64, Bool)], _ scan: PurchaseScan, _ scale: Double) -> (PurchaseMetrics, CohortMatrix) {
        var numbers: [String: Int32] = [:]
        let records = rows.map { row in
            let number = numbers[row.0] ?? Int32(numbers.count)
            numbers[row.0] = number
            return PurchaseRecord(customer: number, day: localDay(row.1.millisecondsSinceEpoch), amount: Double(row.2) / scale, returned: row.3)
        }
        let referred = Set(scan.referred.compactMap { numbers[$0] })
        return (
            PurchaseMetrics.compute(records, from: scan.from, to: scan.to, referred: referred),
            CohortMatrix.compute(records, fromMonth: CivilDate.month(ofDay: scan.from), toMonth: CivilDate.month(ofDay: scan.to - 1))
        )
    }

    @Test("fold == paged fold == every purchase loaded == the seeded lists, for several periods and currencies", arguments: Backend.enabled)
    func foldEqualsHistory(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let history = try await Self.seed(storage)
            let sql = try #require(storage as? any SQLBackend)
            let referred: Set<String> = ["c03", "c07", "c11", "c19", "c30", "nobody"]
            let periods = [
                ("2025-06-01", "2026-01-01", Currency.usd), ("2026-01-01", "2026-04-01", .usd), ("2025-03-01", "2026-03-01", .usd),
                ("2025-11-02", "2025-11-03", .usd), ("2025-01-01", "2026-06-01", .eur), ("2010-01-01", "2010-02-01", .usd),
            ]
            // On SQLite the first round reads every customer as stale (from the orders), the
            // second from the histories the refresh packed; PostgreSQL keeps none.
            for round in ["stale", "packed"] {
                for (from, to, currency) in periods {
                    let scan = Self.scan(history, from, to, currency: currency, referred: referred)
                    let expected = Self.expected(history, scan)
                    let fold = try await storage.foldPurchases(scan)
                    let paged = try await sql.foldPurchasesInPages(scan, pageSize: 3)
                    let loaded = try await Self.loaded(storage, history, scan)
                    #expect(loaded.0 == expected.0 && loaded.1 == expected.1, "loaded \(from) \(currency.code)")
                    #expect(fold.metrics == expected.0, "fold \(round) \(from) \(currency.code)")
                    #expect(fold.matrix == expected.1, "fold cohorts \(round) \(from) \(currency.code)")
                    #expect(paged.metrics == expected.0 && paged.matrix == expected.1, "paged \(from) \(currency.code)")
                }
                if round == "stale", backend == .sqlite {
                    // 39 customers in dollars and those of them with euro orders, each once.
                    let rebuilt = try await storage.refreshPurchaseHistories(storeID: history.store.id)
                    let customers = Set(history.orders.compactMap { o in o.customerKey.map { "\($0) \(o.currency.code)" } })
                    #expect(rebuilt == customers.count)
                    #expect(try await (storage as! SQLiteBackend).stalePurchaseHistories(storeID: history.store.id) == 0)
                }
            }
            if backend == .postgres { #expect(try await storage.refreshPurchaseHistories(storeID: history.store.id) == 0) }
            // The seeded history exercises what it claims: the year's figures are not empty and count returns, referrals and repeat buyers.
            let year = try await storage.foldPurchases(Self.scan(history, "2025-03-01", "2026-03-01", referred: referred)).metrics
            #expect(year.orders > 100 && (year.returnRate.value ?? 0) > 0 && (year.referralRate.value ?? 0) > 0)
            #expect((year.repeatPurchaseRate.value ?? 0) > 0 && year.retentionRate.sampleSize > 0)
        }
    }

    @Test("a store with no orders folds to empty figures", arguments: Backend.enabled)
    func emptyStore(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let scan = PurchaseScan(
                storeID: store.id, currency: .usd, before: Timestamp(millisecondsSinceEpoch: 1_800_000_000_000), from: 20_000, to: 20_365,
                days: LocalDays(zone: Self.zone))
            let fold = try await storage.foldPurchases(scan)
            #expect(fold.metrics.orders == 0 && fold.metrics.averageOrderValue.value == nil && fold.matrix.rows.isEmpty)
        }
    }

    @Test("SQLite: each reader alone folds the whole store, stale or packed, in batches of a few customers too")
    func oneWayFolds() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let history = try await Self.seed(storage)
            let backend = try #require(storage as? SQLiteBackend)
            let scan = Self.scan(history, "2025-03-01", "2026-03-01", referred: ["c03", "c07", "c11", "c19"])
            let expected = Self.expected(history, scan)
            for round in ["stale", "packed"] {
                // Stale customers read with a look-up per order, or with the adjustments table (from 0 stale on).
                for (descending, batch, adjustedFrom) in [(false, 4_096, 20_000), (false, 4_096, 0), (true, 4_096, 20_000), (true, 3, 0), (true, 1, 20_000)] {
                    let fold = try await backend.foldAlone(scan, descending: descending, batchCustomers: batch, adjustedFrom: adjustedFrom)
                    #expect(
                        fold.metrics == expected.0 && fold.matrix == expected.1,
                        "\(round), descending \(descending), batches of \(batch), adjusted from \(adjustedFrom)")
                }
                _ = try await backend.refreshPurchaseHistories(storeID: history.store.id)
            }
        }
    }

    @Test("the readers' meeting: whatever the interleaving, each customer is claimed by exactly one reader and every one is claimed")
    func meeting() throws {
        var random = DemoRandom(seed: 5)
        for _ in 0..<200 {
            let keys = (0..<Int.random(in: 1...30, using: &random)).map { Array(String(format: "k%03d", $0 * 7).utf8) }
            let meeting = FoldMeeting()
            var up = 0
            var down = keys.count - 1
            var upDone = false
            var downDone = false
            var claimed: [Int: Int] = [:]
            while !(upDone && downDone) {
                if !upDone && (downDone || Bool.random(using: &random)) {
                    if up < keys.count, keys[up].withUnsafeBufferPointer(meeting.claimUp) {
                        claimed[up, default: 0] += 1
                        up += 1
                    } else {
                        upDone = true
                    }
                } else {
                    if down >= 0, keys[down].withUnsafeBufferPointer(meeting.claimDown) {
                        claimed[down, default: 0] += 1
                        down -= 1
                    } else {
                        downDone = true
                    }
                }
            }
            #expect(claimed.count == keys.count && claimed.values.allSatisfy { $0 == 1 })
        }
    }

    @Test("SQLite: a refresh packs the same bytes whether it seeks each order's refunds or loads them all, in any batch size")
    func refreshModes() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let history = try await Self.seed(storage)
            let backend = try #require(storage as? SQLiteBackend)
            func packed() async throws -> [String: [UInt8]] {
                try await backend.pool.read { db in
                    let rows = try Row.fetchAll(
                        db, sql: "SELECT customer_key || ' ' || currency, history FROM purchase_histories WHERE store_id = ?",
                        arguments: [history.store.id])
                    return Dictionary(uniqueKeysWithValues: rows.map { row in (row[0] as String, [UInt8]((row[1] as Data?) ?? Data())) })
                }
            }
            #expect(try await backend.refreshPurchaseHistories(storeID: history.store.id, batch: 7, adjustedFrom: 1_000_000) > 40)
            let sought = try await packed()
            _ = try await backend.write([SQLStatement("UPDATE purchase_histories SET history = NULL WHERE store_id = ?", [.int(history.store.id)])])
            #expect(try await backend.refreshPurchaseHistories(storeID: history.store.id, batch: 7, adjustedFrom: 0, adjustedBatch: 5) == sought.count)
            #expect(try await packed() == sought)
            #expect(sought.values.allSatisfy { !$0.isEmpty })
        }
    }

    @Test("the byte-keyed table finds every key it holds by its bytes and nothing else")
    func byteKeyTable() throws {
        let entries = Dictionary(uniqueKeysWithValues: (0..<2_000).map { ("order-\($0 * 3)", Int64($0)) } + [("", -1), ("ü-long-key-of-many-bytes", -2)])
        let table = ByteKeyTable(entries)
        func find(_ key: String) -> Int64? {
            var key = key
            return key.withUTF8 { table.value($0.baseAddress, $0.count) }
        }
        for (key, value) in entries { #expect(find(key) == value, "\(key)") }
        for n in 0..<2_000 where n % 3 != 0 { #expect(find("order-\(n)") == nil) }
        #expect(find("order-") == nil && find("ü-long-key-of-many-byte") == nil)
        #expect(ByteKeyTable([String: Int64]()).isEmpty)
    }
}
