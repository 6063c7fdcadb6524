import EncoreCore
import EncoreMessaging
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Outbox sender: a slow server never keeps a sender sending past half its lease")
struct OutboxSenderLeaseTests {
    @Test("deliveries stop starting at half the lease; the rest wait, untouched, for the next claim; nothing is sent twice", arguments: Backend.enabled)
    func halfLease(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let now = Fixtures.t0
            try await storage.enqueue(
                (1...8).map { index in
                    OutboxMessage(
                        storeID: store.id, messageID: "slow-\(index)", channel: .email, category: .transactional,
                        recipient: "r\(index)@example.com", subject: "s", text: "t",
                        headers: [MessageHeader("From", "Shop <shop@example.com>")], nextAttemptAt: now, createdAt: now)
                })
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
}

