import ArgumentParser
import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation

/// `encore-bench ledger`: points postings per second through Encore's ledger (a batch of events
/// per transaction, each run on the customer's book by `LotBook`), against the peer: the same rows
/// written by plain SQL in the same batches, without reading or checking anything. Then a balance
/// read for a customer with a long history against one with none.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Times ledger postings and balance reads against plain SQL.")

    @Option(help: "Database URL (sqlite://... or postgres://...), a fresh one.") var database: String
    @Option(help: "Events to apply (four earnings to one redemption).") var events = 100_000
    @Option(help: "Customers the events are spread over.") var customers = 2_000
    @Option(help: "Events per transaction.") var batch = 1_000
    @Option(help: "Closed lots in the long history of the balance-read customer.") var history = 20_000

    func run() async throws {
        let db = try await BenchDatabase.open(database)
        let storage = db.storage
        let t0 = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000)
        let store = try await storage.createStore(
            name: "ledger-bench", organisation: nil, currency: .usd, timeZone: "UTC", webhookSecret: nil, now: t0)

        var postings = 0
        var refused = 0
        var start = ContinuousClock.now
        for first in stride(from: 0, to: events, by: batch) {
            let requests = try (first..<min(events, first + batch)).map { try request(store.id, $0, t0) }
            for result in try await storage.applyLedger(storeID: store.id, requests: requests, now: t0) {
                switch result {
                case .success(let change): postings += change.postings.count
                case .failure: refused += 1  // a redemption before the customer had enough points
                }
            }
        }
        let encoreTime = seconds(since: start)

        start = ContinuousClock.now
        var rows = 0
        for first in stride(from: 0, to: postings, by: batch) {
            let statements = (first..<min(postings, first + batch)).flatMap { peerStatements(store.id + 1_000, $0, t0) }
            rows += statements.count
            _ = try await db.sql.write(statements)
        }
        let peerTime = seconds(since: start)
        let breaches = try await storage.verifyLedger(storeID: store.id)
        print(
            String(
                format: "encore: %d events (%d redemptions refused), %d postings in %.2f s = %.0f postings/s (verify: %d breaches)",
                events, refused, postings, encoreTime, Double(postings) / encoreTime, breaches.count))
        print(String(format: "peer (plain SQL, %d rows for as many postings): %.2f s = %.0f postings/s", rows, peerTime, Double(postings) / peerTime))
        print(String(format: "ratio encore/peer: %.2f", (Double(postings) / encoreTime) / (Double(postings) / peerTime)))

        // The long history: earn and spend `history` times, every lot closed.
        for first in stride(from: 0, to: history, by: batch) {
            let requests = try (first..<min(history, first + batch)).flatMap { index -> [LedgerRequest] in
                let earn = try PostingKey(store: store.id, source: "order", sourceID: "h\(index)", ruleVersion: 1)
                let spend = try PostingKey(store: store.id, source: "redemption", sourceID: "h\(index)", ruleVersion: 1)
                let at = t0.adding(seconds: Int64(index))
                return [
                    LedgerRequest(customerKey: "heavy", eventKey: earn) { book in
                        try book.earn(earn, points: 10, at: at, source: "order:h\(index)", availableAt: at, expiresAt: nil)
                    },
                    LedgerRequest(customerKey: "heavy", eventKey: spend) { book in try book.spend(spend, points: 10, at: at) },
                ]
            }
            _ = try await storage.applyLedger(storeID: store.id, requests: requests, now: t0)
        }
        let light = try await readTimes(storage, store.id, "c1", t0)
        let heavy = try await readTimes(storage, store.id, "heavy", t0)
        print(String(format: "balance read, customer with %d lots: median %.0f us; with %d closed lots of history: median %.0f us (ratio %.2f)",
                     try await storage.loyaltyBalance(storeID: store.id, customerKey: "c1", now: t0).openLots.count, light,
                     2 * history, heavy, heavy / light))
        try await storage.close()
    }

    /// Event `index`: each customer's events cycle through four earnings of 10 points and one
    /// redemption of 25 (which spans lots).
    func request(_ storeID: StoreID, _ index: Int, _ t0: Timestamp) throws -> LedgerRequest {
        let customer = "c\(index % customers)"
        let at = t0.adding(seconds: Int64(index))
        if (index / customers) % 5 == 4 {
            let key = try PostingKey(store: storeID, source: "redemption", sourceID: String(index), ruleVersion: 1)
            return LedgerRequest(customerKey: customer, eventKey: key) { book in try book.spend(key, points: 25, at: at) }
        }
        let key = try PostingKey(store: storeID, source: "order", sourceID: String(index), ruleVersion: 1)
        return LedgerRequest(customerKey: customer, eventKey: key) { book in
            try book.earn(key, points: 10, at: at, source: "order:\(index)", availableAt: at, expiresAt: at.adding(seconds: 86_400 * 365))
        }
    }

    /// The rows one posting costs, written blind: the posting, its lot, the account and the applied key.
    func peerStatements(_ storeID: StoreID, _ index: Int, _ t0: Timestamp) -> [SQLStatement] {
        let key = "peer|\(index)"
        let customer = "c\(index % customers)"
        let at = t0.adding(seconds: Int64(index)).millisecondsSinceEpoch
        return [
            SQLStatement(
                "INSERT INTO loyalty_postings (store_id, posting_key, event_key, kind, debit, credit, points, lot_key, customer_key, reason, at) VALUES (?, ?, ?, 'earn', 'liability', ?, 10, ?, ?, '', ?)",
                [.int(storeID), .text(key + "#0"), .text(key), .text("customer:" + customer), .text(key), .text(customer), .int(at)]),
            SQLStatement(
                """
                INSERT INTO loyalty_lots (store_id, lot_key, customer_key, source, funding, points, spent, expired, reversed,
                applied_to_debt, clawed_back, shortfall, earned_at, available_at, expires_at, open)
                VALUES (?, ?, ?, ?, 'liability', 10, 0, 0, 0, 0, 0, 0, ?, ?, NULL, 1)
                ON CONFLICT (store_id, lot_key) DO UPDATE SET spent = excluded.spent
                """, [.int(storeID), .text(key), .text(customer), .text("order:\(index)"), .int(at), .int(at)]),
            SQLStatement(
                """
                INSERT INTO loyalty_accounts (store_id, customer_key, balance, debt, spent, expired, reversed, applied_to_debt, shortfall, updated_at)
                VALUES (?, ?, 10, 0, 0, 0, 0, 0, 0, ?) ON CONFLICT (store_id, customer_key) DO UPDATE SET balance = loyalty_accounts.balance + 10
                """, [.int(storeID), .text(customer), .int(at)]),
            SQLStatement(
                "INSERT INTO loyalty_applied (store_id, event_key, customer_key, applied_at) VALUES (?, ?, ?, ?)",
                [.int(storeID), .text(key), .text(customer), .int(at)]),
        ]
    }

    /// The median of 2,000 balance reads, in microseconds.
    func readTimes(_ storage: any EncoreStorage, _ storeID: StoreID, _ customer: String, _ now: Timestamp) async throws -> Double {
        var times: [Double] = []
        for _ in 0..<2_000 {
            let start = ContinuousClock.now
            _ = try await storage.loyaltyBalance(storeID: storeID, customerKey: customer, now: now)
            times.append(seconds(since: start) * 1e6)
        }
        return times.sorted()[times.count / 2]
    }

}
