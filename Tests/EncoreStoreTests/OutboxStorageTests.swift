import EncoreCore
import EncoreTestSupport
import Foundation
import Testing
@testable import EncoreStore

@Suite("Outbox: leases, retries, dead letters, bounces")
struct OutboxStorageTests {
    static func message(_ store: Store, _ id: String, channel: Channel = .email, due: Timestamp = Fixtures.t0)
        -> OutboxMessage
    {
        OutboxMessage(
            storeID: store.id, messageID: id, customerKey: "c1", channel: channel, category: .marketing,
            recipient: channel == .email ? "Ann@Example.com" : "+15550100", subject: "Hello", text: "Hi there",
            html: "<p>Hi</p>", headers: [MessageHeader("List-Unsubscribe", "<https://x/u>")], nextAttemptAt: due,
            createdAt: Fixtures.t0)
    }

    @Test("a claimed message is leased: a second claim gets nothing until the lease runs out", arguments: Backend.enabled)
    func lease(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await storage.enqueue([Self.message(store, "m1"), Self.message(store, "m2", due: Fixtures.t0.adding(seconds: 3600))])
            try await storage.enqueue([Self.message(store, "m1")])  // a replayed step adds nothing
            let first = try await storage.claimOutbox(now: Fixtures.t0, limit: 10, leaseMilliseconds: 60_000)
            #expect(first.map(\.messageID) == ["m1"])
            #expect(first[0].attempts == 1)
            #expect(first[0].headers == [MessageHeader("List-Unsubscribe", "<https://x/u>")])
            #expect(try await storage.claimOutbox(now: Fixtures.t0.adding(seconds: 30), limit: 10, leaseMilliseconds: 60_000).isEmpty)
            let again = try await storage.claimOutbox(now: Fixtures.t0.adding(seconds: 61), limit: 10, leaseMilliseconds: 60_000)
            #expect(again.map(\.messageID) == ["m1"], "a sender that died lets the lease lapse; the message is sent again")
            #expect(again[0].attempts == 2)
        }
    }

    @Test("transient failures back off, then become a dead letter", arguments: Backend.enabled)
    func retries(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await storage.enqueue([Self.message(store, "m1")])
            // Three attempts within the 15 s the message may be retried for.
            let policy = RetryPolicy(baseDelay: 1_000, maxDelay: 4_000, maxAttempts: 3, maxAge: 15_000)
            var now = Fixtures.t0
            for attempt in 1...3 {
                let claimed = try await storage.claimOutbox(now: now, limit: 10, leaseMilliseconds: 60_000)
                #expect(claimed.count == 1, "attempt \(attempt)")
                try await storage.recordDeliveries(
                    [(claimed[0], .transient(reason: "421 try later"))], policy: policy, now: now)
                #expect(try await storage.claimOutbox(now: now, limit: 10, leaseMilliseconds: 60_000).isEmpty)
                now = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + 10_000)
            }
            let dead = try await storage.outbox(storeID: store.id, status: .dead, limit: 10)
            #expect(dead.map(\.messageID) == ["m1"])
            #expect(dead[0].lastError == "421 try later")
            #expect(try await storage.outboxCounts(storeID: store.id) == [.dead: 1])
        }
    }

    @Test("an outage longer than the attempts: retried at the longest delay until the message's age is used up too", arguments: Backend.enabled)
    func longOutage(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await storage.enqueue([Self.message(store, "m1")])
            // 3 attempts, then retried every 4 s (at most) until it is 60 s old.
            let policy = RetryPolicy(baseDelay: 1_000, maxDelay: 4_000, maxAttempts: 3, maxAge: 60_000)
            var now = Fixtures.t0
            var attempts = 0
            while let claimed = try await storage.claimOutbox(now: now, limit: 10, leaseMilliseconds: 60_000).first {
                attempts += 1
                try await storage.recordDeliveries([(claimed, .transient(reason: "connection refused"))], policy: policy, now: now)
                now = now.adding(seconds: 5)
                if attempts == 8 { break }
            }
            #expect(attempts == 8, "still retried after its 3 attempts while younger than 60 s")
            #expect(try await storage.outboxCounts(storeID: store.id) == [.pending: 1])
            // The relay is back: the next attempt delivers it.
            let claimed = try #require(try await storage.claimOutbox(now: now, limit: 10, leaseMilliseconds: 60_000).first)
            try await storage.recordDeliveries([(claimed, .delivered(reply: "250 ok"))], policy: policy, now: now)
            #expect(try await storage.outboxCounts(storeID: store.id) == [.delivered: 1])

            // Another message, failing past its age: a dead letter.
            try await storage.enqueue([Self.message(store, "m2")])
            now = Fixtures.t0
            while let claimed = try await storage.claimOutbox(now: now, limit: 10, leaseMilliseconds: 60_000).first {
                try await storage.recordDeliveries([(claimed, .transient(reason: "connection refused"))], policy: policy, now: now)
                now = now.adding(seconds: 5)
                if now.millisecondsSinceEpoch - Fixtures.t0.millisecondsSinceEpoch > 120_000 { break }
            }
            #expect(try await storage.outbox(storeID: store.id, status: .dead, limit: 10).map(\.messageID) == ["m2"])
        }
    }

    @Test("a permanent failure is a bounce: failed, and the address suppressed", arguments: Backend.enabled)
    func bounce(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let other = try await Fixtures.store(storage, "other")
            try await storage.enqueue([Self.message(store, "m1"), Self.message(store, "m2", channel: .sms)])
            let claimed = try await storage.claimOutbox(now: Fixtures.t0, limit: 10, leaseMilliseconds: 60_000)
            #expect(claimed.count == 2)
            // Unsubscribed earlier (marketing only): the bounce replaces that reason, as it stops every send.
            try await storage.suppress(
                storeID: store.id, channel: .email, address: "Ann@example.com", reason: "unsubscribed", now: Fixtures.t0)
            try await storage.recordDeliveries(
                claimed.map { ($0, $0.channel == .email ? .permanent(reason: "550 no such user") : .delivered(reply: "SM1")) },
                policy: RetryPolicy(), now: Fixtures.t0)
            let suppressed = try await storage.suppressions(storeID: store.id, channel: .email)
            #expect(suppressed.map(\.address) == ["ann@example.com"])
            #expect(suppressed.map(\.reason) == ["bounce"])
            try await storage.suppress(
                storeID: store.id, channel: .email, address: "ann@example.com", reason: "unsubscribed", now: Fixtures.t0)
            #expect(try await storage.suppressions(storeID: store.id, channel: .email).map(\.reason) == ["bounce"])
            #expect(try await storage.suppressions(storeID: other.id, channel: .email).isEmpty, "another store's list is its own")
            #expect(try await storage.outboxCounts(storeID: store.id) == [.failed: 1, .delivered: 1])
            let delivered = try await storage.outbox(storeID: store.id, status: .delivered, limit: 10)
            #expect(delivered.first?.deliveredAt == Fixtures.t0)
            #expect(try await storage.outbox(storeID: other.id, status: nil, limit: 10).isEmpty)
        }
    }

    @Test("two senders claiming at once never share a message", arguments: Backend.enabled)
    func concurrentClaims(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await storage.enqueue((0..<200).map { Self.message(store, "m\($0)") })
            let claims = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var mine: [String] = []
                        while true {
                            let batch = try await storage.claimOutbox(now: Fixtures.t0, limit: 7, leaseMilliseconds: 60_000)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.messageID)
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claims.count == 200)
            #expect(Set(claims).count == 200)
        }
    }

    @Test("subscribing again lifts an unsubscribe, never a bounce", arguments: Backend.enabled)
    func resubscribe(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await storage.suppress(storeID: store.id, channel: .email, address: "a@example.com", reason: "unsubscribed", now: Fixtures.t0)
            try await storage.suppress(storeID: store.id, channel: .email, address: "b@example.com", reason: "bounce", now: Fixtures.t0)
            try await storage.unsuppress(storeID: store.id, channel: .email, address: "A@example.com")
            try await storage.unsuppress(storeID: store.id, channel: .email, address: "b@example.com")
            let left = try await storage.suppressions(storeID: store.id, channel: .email)
            #expect(left.map(\.address) == ["b@example.com"])
            #expect(left.map(\.reason) == ["bounce"])
        }
    }
}
