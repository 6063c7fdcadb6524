import EncoreCore
import EncoreLoyalty
import EncoreTestSupport
import Testing
@testable import EncoreStore

@Suite("Loyalty ledger storage: earn, spend, reverse, replay, concurrency, verify")
struct LoyaltyLedgerStorageTests {
    static func key(_ store: Store, _ source: String, _ id: String) throws -> PostingKey {
        try PostingKey(store: store.id, source: source, sourceID: id, ruleVersion: 1)
    }

    /// Earns `points` for an order, available at once, expiring in a year.
    static func earn(_ storage: any EncoreStorage, _ store: Store, order: String, points: Int64, at: Timestamp) async throws
        -> LedgerChange
    {
        let key = try key(store, "order", order)
        return try await storage.applyLedger(storeID: store.id, customerKey: "c1", eventKey: key, lotKeys: [], now: at) { book in
            try book.earn(
                key, points: points, at: at, source: "order:\(order)", availableAt: at, expiresAt: at.adding(seconds: 365 * 86_400),
                reason: "order \(order)")
        }
    }

    static func spend(_ storage: any EncoreStorage, _ store: Store, id: String, points: Int64, at: Timestamp) async throws
        -> LedgerChange
    {
        let key = try key(store, "redemption", id)
        return try await storage.applyLedger(storeID: store.id, customerKey: "c1", eventKey: key, lotKeys: [], now: at) { book in
            try book.spend(key, points: points, at: at, reason: "reward \(id)")
        }
    }

    @Test("earn three lots, spend across them oldest first, balances by state, the verifier clean", arguments: Backend.enabled)
    func earnAndSpend(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let t0 = Fixtures.t0
            _ = try await Self.earn(storage, store, order: "1001", points: 100, at: t0)
            _ = try await Self.earn(storage, store, order: "1002", points: 200, at: t0.adding(seconds: 60))
            _ = try await Self.earn(storage, store, order: "1003", points: 300, at: t0.adding(seconds: 120))
            let spent = try await Self.spend(storage, store, id: "r1", points: 250, at: t0.adding(seconds: 180))
            #expect(spent.postings.map(\.points) == [100, 150])
            let balance = try await storage.loyaltyBalance(storeID: store.id, customerKey: "c1", now: t0.adding(seconds: 200))
            #expect(balance.balances.available == 350)
            #expect(balance.balances.spent == 250)
            #expect(balance.balances.pending == 0)
            // The used-up first lot is no longer read; the other two are, oldest first.
            #expect(balance.openLots.map(\.remaining) == [50, 300])
            #expect(try await storage.verifyLedger(storeID: store.id) == [])
        }
    }

    @Test("replaying every event twice changes nothing", arguments: Backend.enabled)
    func replay(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let t0 = Fixtures.t0
            for _ in 0..<2 {
                _ = try await Self.earn(storage, store, order: "1001", points: 500, at: t0)
                _ = try await Self.spend(storage, store, id: "r1", points: 500, at: t0.adding(seconds: 60))
            }
            // The earning's lot is used up, so only the applied key recognises the third replay.
            let third = try await Self.earn(storage, store, order: "1001", points: 500, at: t0)
            #expect(third.isReplay)
            let balance = try await storage.loyaltyBalance(storeID: store.id, customerKey: "c1", now: t0.adding(seconds: 120))
            #expect(balance.balances.available == 0)
            #expect(balance.balances.spent == 500)
            #expect(try await storage.verifyLedger(storeID: store.id) == [])
        }
    }

    @Test("100 concurrent redemptions of one account never overspend", arguments: Backend.enabled)
    func concurrentRedemptions(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let t0 = Fixtures.t0
            _ = try await Self.earn(storage, store, order: "1001", points: 1_000, at: t0)
            let results = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        do {
                            _ = try await Self.spend(storage, store, id: "r\(index)", points: 100, at: t0.adding(seconds: 60))
                            return true
                        } catch let error as LedgerError {
                            guard case .insufficientPoints = error else { return false }
                            return false
                        } catch {
                            Issue.record("unexpected error: \(error)")
                            return false
                        }
                    }
                }
                var outcomes: [Bool] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(results.filter { $0 }.count == 10)
            let balance = try await storage.loyaltyBalance(storeID: store.id, customerKey: "c1", now: t0.adding(seconds: 120))
            #expect(balance.balances.available == 0)
            #expect(balance.balances.spent == 1_000)
            #expect(try await storage.verifyLedger(storeID: store.id) == [])
        }
    }

    @Test("a refund of spent points under negative_balance leaves a debt; bad input writes nothing", arguments: Backend.enabled)
    func refundAndBadInput(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let t0 = Fixtures.t0
            _ = try await Self.earn(storage, store, order: "1001", points: 300, at: t0)
            _ = try await Self.spend(storage, store, id: "r1", points: 200, at: t0.adding(seconds: 60))
            let lotKey = try Self.key(store, "order", "1001").text
            let refund = try Self.key(store, "refund", "rf1")
            let change = try await storage.applyLedger(
                storeID: store.id, customerKey: "c1", eventKey: refund, lotKeys: [lotKey], now: t0.adding(seconds: 120)
            ) { book in
                try book.reverse(refund, lotKey: lotKey, points: 300, policy: .negativeBalance, at: t0.adding(seconds: 120))
            }
            #expect(change.debtIncurred == 200)
            var balance = try await storage.loyaltyBalance(storeID: store.id, customerKey: "c1", now: t0.adding(seconds: 180))
            #expect(balance.balances.debt == 200)
            #expect(balance.balances.balance == -200)

            // Negative points and more than the balance: refused, nothing written.
            await #expect(throws: LedgerError.self) {
                _ = try await Self.earn(storage, store, order: "1002", points: -5, at: t0.adding(seconds: 200))
            }
            await #expect(throws: LedgerError.self) {
                _ = try await Self.spend(storage, store, id: "r2", points: 1, at: t0.adding(seconds: 200))
            }
            // The next earning pays the debt off first.
            _ = try await Self.earn(storage, store, order: "1003", points: 250, at: t0.adding(seconds: 240))
            balance = try await storage.loyaltyBalance(storeID: store.id, customerKey: "c1", now: t0.adding(seconds: 300))
            #expect(balance.balances.debt == 0)
            #expect(balance.balances.available == 50)
            #expect(try await storage.verifyLedger(storeID: store.id) == [])
        }
    }

    @Test("verify finds a cached balance that drifted and a lot edited behind the ledger's back", arguments: Backend.enabled)
    func verifyFindsDrift(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let other = try await Fixtures.store(storage, "other")
            _ = try await Self.earn(storage, store, order: "1001", points: 100, at: Fixtures.t0)
            _ = try await Self.earn(storage, other, order: "1001", points: 100, at: Fixtures.t0)
            let backendSQL = try #require(storage as? any SQLBackend)
            _ = try await backendSQL.write([
                SQLStatement("UPDATE loyalty_accounts SET balance = 150 WHERE store_id = ?", [.int(store.id)]),
                SQLStatement("UPDATE loyalty_lots SET spent = 30 WHERE store_id = ?", [.int(store.id)]),
            ])
            let breaches = try await storage.verifyLedger(storeID: store.id)
            #expect(breaches.contains { if case .cachedBalanceMismatch = $0 { true } else { false } })
            #expect(breaches.contains { if case .lotCounterMismatch = $0 { true } else { false } })
            // The other store's ledger is untouched and clean.
            #expect(try await storage.verifyLedger(storeID: other.id) == [])
        }
    }

    @Test("a batch: each request sees the earlier ones of its customer; a refused one fails alone", arguments: Backend.enabled)
    func batch(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let t0 = Fixtures.t0
            let earn = try Self.key(store, "order", "1001")
            let spend = try Self.key(store, "redemption", "r1")
            let tooMuch = try Self.key(store, "redemption", "r2")
            let other = try Self.key(store, "order", "2001")
            let results = try await storage.applyLedger(
                storeID: store.id,
                requests: [
                    LedgerRequest(customerKey: "c1", eventKey: earn) { book in
                        try book.earn(earn, points: 100, at: t0, source: "order:1001", availableAt: t0, expiresAt: nil)
                    },
                    LedgerRequest(customerKey: "c1", eventKey: spend) { book in try book.spend(spend, points: 60, at: t0) },
                    LedgerRequest(customerKey: "c1", eventKey: tooMuch) { book in try book.spend(tooMuch, points: 60, at: t0) },
                    LedgerRequest(customerKey: "c2", eventKey: other) { book in
                        try book.earn(other, points: 30, at: t0, source: "order:2001", availableAt: t0, expiresAt: nil)
                    },
                ], now: t0)
            #expect(results.count == 4)
            #expect((try? results[1].get())?.postings.map(\.points) == [60])
            guard case .failure(.insufficientPoints(let available, let requested, _)) = results[2] else {
                Issue.record("the second redemption should be refused, got \(results[2])")
                return
            }
            #expect(available == 40)
            #expect(requested == 60)
            #expect(try await storage.loyaltyBalance(storeID: store.id, customerKey: "c1", now: t0).balances.available == 40)
            #expect(try await storage.loyaltyBalance(storeID: store.id, customerKey: "c2", now: t0).balances.available == 30)
            // The refused redemption left no key behind: it can be tried again once there are points.
            #expect(try await storage.verifyLedger(storeID: store.id) == [])
        }
    }
}
