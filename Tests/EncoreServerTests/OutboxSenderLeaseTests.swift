import EncoreCore
import EncoreMessaging
import EncoreServer
import EncoreTestSupport
import Foundation
import GRDB
import Synchronization
import Testing

@testable import EncoreStore

@Suite("Outbox sender: a slow server never keeps a sender sending past half its lease")
struct OutboxSenderLeaseTests {
    /// A transactional message due at `Fixtures.t0`, from the shop.
    static func message(_ store: Store, _ id: String, _ channel: Channel = .email, to recipient: String? = nil)
        -> OutboxMessage
    {
        OutboxMessage(
            storeID: store.id, messageID: id, channel: channel, category: .transactional,
            recipient: recipient ?? (channel == .email ? "\(id)@example.com" : "https://hooks.example/x"), subject: "s",
            text: "{}", headers: [MessageHeader("From", "Shop <shop@example.com>")], nextAttemptAt: Fixtures.t0,
            createdAt: Fixtures.t0)
    }

    @Test("deliveries stop starting at half the lease; the rest wait, untouched, for the next claim; nothing is sent twice", arguments: Backend.enabled)
    func halfLease(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let now = Fixtures.t0
            try await storage.enqueue((1...8).map { Self.message(store, "slow-\($0)") })
            let sent = Mutex<[String]>([])
            // Each delivery takes 300 ms; one at a time; a lease of 1 s allows starts for 500 ms.
            let slow = RecordingChannel { message in
                Thread.sleep(forTimeInterval: 0.3)
                sent.withLock { $0.append(message.idempotencyKey) }
                return .delivered(reply: "250 ok")
            }
            let clock = FixedClock(now)
            let sender = OutboxSenderService(
                storage: storage,
                channels: DeliveryChannels(email: slow, sms: NullChannel(), webhook: NullChannel(), webhookSecret: "w"),
                clock: clock, concurrency: 1, leaseMilliseconds: 1_000)
            let first = try await sender.sendBatch()
            #expect(first >= 1 && first < 8, "started \(first) of 8 within half the lease")
            let waiting = try await storage.outbox(storeID: store.id, status: .pending, limit: 100)
            #expect(waiting.count == 8 - first)
            #expect(waiting.allSatisfy { $0.attempts == 0 && $0.lastError == nil }, "the ones not started are given back untouched")
            let sql = try #require(storage as? any SQLBackend)
            let leased = try await sql.read([SQLStatement("SELECT COUNT(*) FROM outbox WHERE lease_until IS NOT NULL")])
            #expect(leased[0][0].int(0) == 0, "no lease is left on the ones given back")
            // Given back: the next claim (this sender or another) takes them at once, no lease to wait for.
            var total = first
            for _ in 0..<8 where total < 8 {
                total += try await sender.sendBatch()
            }
            #expect(total == 8)
            #expect(sent.withLock { $0 }.sorted() == (1...8).map { "slow-\($0)" }.sorted(), "each message sent exactly once")
            #expect(try await storage.outboxCounts(storeID: store.id)[.delivered] == 8)
        }
    }

    @Test("each channel has its own lane: a webhook is sent while a slow SMTP relay holds the email lane", arguments: Backend.enabled)
    func lanes(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let now = Fixtures.t0
            try await storage.enqueue([Self.message(store, "mail-1")])
            let relay = Mutex<Bool>(false)
            let slowEmail = RecordingChannel { _ in
                // The relay answers only once the test lets it.
                while !relay.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.02) }
                return .delivered(reply: "250 ok")
            }
            let hooks = Mutex<[String]>([])
            let webhook = RecordingChannel { message in
                hooks.withLock { $0.append(message.idempotencyKey) }
                return .delivered(reply: "201")
            }
            let sender = OutboxSenderService(
                storage: storage,
                channels: DeliveryChannels(email: slowEmail, sms: NullChannel(), webhook: webhook, webhookSecret: "w"),
                clock: FixedClock(now), leaseMilliseconds: 600_000, idleInterval: .milliseconds(20))
            let running = Task { try await sender.run() }
            // The email lane is stuck on the relay; the webhook queued after it goes out regardless.
            try await Task.sleep(for: .milliseconds(200))
            try await storage.enqueue([Self.message(store, "hook-1", .webhook)])
            var waited = 0
            while try await storage.outboxCounts(storeID: store.id)[.delivered] != 1 && waited < 3_000 {
                try await Task.sleep(for: .milliseconds(20))
                waited += 1
            }
            #expect(hooks.withLock { $0 } == ["hook-1"])
            #expect(try await storage.outboxCounts(storeID: store.id)[.delivered] == 1, "the webhook; the email is still on its way")
            relay.withLock { $0 = true }
            waited = 0
            while try await storage.outboxCounts(storeID: store.id)[.delivered] != 2 && waited < 3_000 {
                try await Task.sleep(for: .milliseconds(20))
                waited += 1
            }
            #expect(try await storage.outboxCounts(storeID: store.id)[.delivered] == 2)
            running.cancel()
            _ = try? await running.value
        }
    }

    @Test("outcomes the database would not take are kept and recorded before the next claim: a delivered message is not sent again")
    func unrecordedOutcomes() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let store = try await Fixtures.store(storage)
            let now = Fixtures.t0
            try await storage.enqueue((1...3).map { Self.message(store, "m\($0)") })
            let sent = Mutex<[String]>([])
            let email = RecordingChannel { message in
                sent.withLock { $0.append(message.idempotencyKey) }
                return .delivered(reply: "250 ok")
            }
            let clock = SteppingClock(now)
            let sender = OutboxSenderService(
                storage: storage,
                channels: DeliveryChannels(email: email, sms: NullChannel(), webhook: NullChannel(), webhookSecret: "w"),
                clock: clock, leaseMilliseconds: 1_000)
            // The database refuses to record outcomes (as one that went away after the sends would).
            let sqlite = try #require(storage as? SQLiteBackend)
            try await sqlite.pool.write { db in
                try db.execute(sql: "CREATE TRIGGER refuse BEFORE UPDATE OF status ON outbox BEGIN SELECT RAISE(ABORT, 'gone'); END")
            }
            await #expect(throws: (any Error).self) { _ = try await sender.sendBatch(channel: .email) }
            #expect(sent.withLock { $0.count } == 3)
            // The leases lapse while the database is away; then it is back.
            clock.advance(seconds: 5)
            await #expect(throws: (any Error).self, "still away: the outcomes stay kept, nothing is claimed") {
                _ = try await sender.sendBatch(channel: .email)
            }
            try await sqlite.pool.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
            #expect(try await sender.sendBatch(channel: .email) == 0, "recorded first, so nothing is due to claim")
            #expect(sent.withLock { $0 }.sorted() == ["m1", "m2", "m3"], "each sent once")
            #expect(try await storage.outboxCounts(storeID: store.id) == [.delivered: 3])
        }
    }
}
