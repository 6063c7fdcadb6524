import EncoreCore
import EncoreLoyalty
import EncoreTestSupport
import Testing
@testable import EncoreStore

/// `pipelinedTransaction` plans later parts while earlier parts' rows are written (SQLite) or
/// plans them in turn (PostgreSQL); either way the transaction is all or nothing.
@Suite("Pipelined transactions: parts planned beside the writes, all or nothing")
struct PipelinedTransactionTests {
    struct Fault: Error, Equatable {}

    static func count(_ sql: any SQLBackend, _ store: Store) async throws -> Int64 {
        try await sql.read([SQLStatement("SELECT count(*) FROM loyalty_applied WHERE store_id = ?", [.int(store.id)])])[0][0]
            .int(0)
    }

    /// Part `part`'s rows: 100 applied keys (a repeated key when `duplicate`, which the database refuses).
    static func rows(_ store: Store, part: Int, duplicate: Bool = false) -> [SQLStatement] {
        (0..<100).map { row in
            SQLStatement(
                "INSERT INTO loyalty_applied (store_id, event_key, customer_key, applied_at) VALUES (?, ?, 'c', 0)",
                [.int(store.id), .text(duplicate && row == 99 ? "p\(part)-0" : "p\(part)-\(row)")])
        }
    }

    @Test("every part's rows are written in one transaction; the results come back in part order", arguments: Backend.enabled)
    func everyPart(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let sql = try #require(storage as? any SQLBackend)
            let store = try await Fixtures.store(storage)
            let locks = AdvisoryLocks(storeID: store.id, keys: [])
            let results = try await sql.pipelinedTransaction(
                locks: locks,
                reads: [SQLStatement("SELECT count(*) FROM loyalty_applied WHERE store_id = ?", [.int(store.id)])],
                split: { rows in (0..<12).map { (part: $0, before: rows[0][0].int(0)) } },
                plan: { part in (Self.rows(store, part: part.part), "part \(part.part) after \(part.before) rows") })
            #expect(results == (0..<12).map { "part \($0) after 0 rows" })
            #expect(try await Self.count(sql, store) == 1_200)
        }
    }

    @Test("a plan that throws in a late part, or a write the database refuses, leaves nothing written", arguments: Backend.enabled)
    func allOrNothing(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let sql = try #require(storage as? any SQLBackend)
            let store = try await Fixtures.store(storage)
            let locks = AdvisoryLocks(storeID: store.id, keys: [])
            await #expect(throws: Fault()) {
                try await sql.pipelinedTransaction(
                    locks: locks, reads: [], split: { _ in Array(0..<12) },
                    plan: { part in
                        if part == 9 { throw Fault() }
                        return (Self.rows(store, part: part), part)
                    })
            }
            #expect(try await Self.count(sql, store) == 0, "the eight parts written before the fault rolled back")
            await #expect(throws: (any Error).self) {
                try await sql.pipelinedTransaction(
                    locks: locks, reads: [], split: { _ in Array(0..<12) },
                    plan: { part in (Self.rows(store, part: part, duplicate: part == 5), part) })
            }
            #expect(try await Self.count(sql, store) == 0, "the refused row took the whole transaction with it")
            await #expect(throws: Fault()) {
                try await sql.pipelinedTransaction(
                    locks: locks, reads: [], split: { _ -> [Int] in throw Fault() }, plan: { part in ([], part) })
            }
            // The database is usable afterwards: the planner thread did not outlive the transactions.
            let parts = try await sql.pipelinedTransaction(
                locks: locks, reads: [], split: { _ in [0, 1] }, plan: { part in (Self.rows(store, part: part), part) })
            #expect(parts == [0, 1])
            #expect(try await Self.count(sql, store) == 200)
        }
    }

    @Test("a ledger batch of many parts gives what the same operations give on books in memory, in request order", arguments: Backend.enabled)
    func ledgerBatchOfManyParts(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let t0 = Fixtures.t0
            // 4,500 requests over 41 customers, in parts of a few customers each; earnings and redemptions of every size,
            // some more than the customer has (refused), some replays of earlier events.
            var requests: [LedgerRequest] = []
            var generator = SplitMix64(state: 7)
            var events: [(customer: String, isRedemption: Bool)] = []
            for index in 0..<4_500 {
                let at = t0.adding(seconds: Int64(index))
                // A replay repeats an earlier event exactly (same customer, same kind, same id).
                let replay = index > 100 && generator.next() % 20 == 0
                let id = replay ? Int(generator.next() % UInt64(index)) : index
                let event = replay ? events[id] : (customer: "c\(generator.next() % 41)", isRedemption: generator.next() % 3 == 0)
                events.append(event)
                let customer = event.customer
                if event.isRedemption {
                    let key = try PostingKey(store: store.id, source: "redemption", sourceID: String(id), ruleVersion: 1)
                    let points = Int64(1 + generator.next() % 60)
                    requests.append(LedgerRequest(customerKey: customer, eventKey: key) { book in try book.spend(key, points: points, at: at) })
                } else {
                    let key = try PostingKey(store: store.id, source: "order", sourceID: String(id), ruleVersion: 1)
                    let points = Int64(1 + generator.next() % 30)
                    requests.append(LedgerRequest(customerKey: customer, eventKey: key) { book in
                        try book.earn(key, points: points, at: at, source: "order:\(id)", availableAt: at, expiresAt: nil)
                    })
                }
            }
            let parts = LedgerParts(requests: requests, customers: Array(Set(requests.map(\.customerKey))))
            #expect(parts.customers.count >= 10, "the batch spans many parts: \(parts.customers.count)")
            let results = try await storage.applyLedger(storeID: store.id, requests: requests, now: t0)

            var books: [String: LotBook] = [:]
            var expected: [Result<LedgerChange, LedgerError>] = []
            for request in requests {
                var book = try books[request.customerKey] ?? LotBook(store: store.id, customerKey: request.customerKey)
                do {
                    expected.append(.success(try request.operation(&book)))
                    books[request.customerKey] = book
                } catch let error as LedgerError {
                    expected.append(.failure(error))
                }
            }
            #expect(results == expected)
            #expect(results.contains { if case .failure = $0 { true } else { false } }, "some redemptions were refused")
            #expect(results.contains { (try? $0.get())?.isReplay == true }, "some events were replays")
            for (customer, book) in books {
                let balance = try await storage.loyaltyBalance(storeID: store.id, customerKey: customer, now: t0.adding(seconds: 5_000))
                #expect(balance.balances.available == book.balance, "\(customer)")
            }
            #expect(try await storage.verifyLedger(storeID: store.id) == [])
        }
    }
}
