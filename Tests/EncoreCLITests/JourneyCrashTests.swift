import EncoreCore
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

/// Exactly-once delivery as a user would see it: kill -9 in the middle of sending or of journey
/// processing, and two servers on one database, every customer must end with one confirmation
/// (a message resent after a crash keeps its Message-ID, so a receiver can drop the repeat).
@Suite("Journeys CLI: crashes and concurrent servers", .serialized)
struct JourneyCrashTests {
    static let orders = 300

    /// POSTs `count` orders, 8 at a time, spread round-robin over `servers`.
    static func postOrders(_ servers: [ServerProcess], count: Int = orders, prefix: String = "K") async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                let server = servers[index % servers.count]
                group.addTask {
                    try await server.order(
                        orderJSON(id: "\(prefix)\(index)", email: "\(prefix.lowercased())\(index)@example.com"))
                }
            }
            while next < min(8, count) { add() }
            while try await group.next() != nil {
                if next < count { add() }
            }
        }
    }

    /// Every customer got their confirmation, exactly one distinct Message-ID each; a repeat is
    /// allowed only with the same Message-ID, and only when `repeatsAllowed`.
    static func expectExactlyOnce(
        _ mails: [ReceivedEmail], count: Int = orders, prefix: String = "K", repeatsAllowed: Bool
    ) {
        var idsByRecipient: [String: Set<String>] = [:]
        for mail in mails { idsByRecipient[mail.to, default: []].insert(mail.messageID) }
        #expect(Set(idsByRecipient.keys) == Set((0..<count).map { "\(prefix.lowercased())\($0)@example.com" }))
        let conflicting = idsByRecipient.filter { $0.value.count != 1 }
        #expect(conflicting.isEmpty, "customers with more than one Message-ID: \(conflicting)")
        #expect(Set(mails.map(\.messageID)).count == count)
        if !repeatsAllowed {
            #expect(mails.count == count, "no duplicates at all")
        }
    }

    @Test(
        "kill -9 while sending, restart: one confirmation per customer (repeats only under the same Message-ID)",
        arguments: Backend.enabled)
    func killWhileSending(_ backend: Backend) async throws {
        try await JourneySandbox.with(backend) { sandbox in
            try sandbox.apply([try TestJourneys.confirmation(sandbox)])
            let sink = try await sandbox.smtpSink()
            // The orders arrive while no worker runs, so the restarted server finds a full backlog.
            let intake = try await sandbox.serve(["--no-workers"], name: "intake")
            try await Self.postOrders([intake])
            intake.process.stop()
            let environment = ["ENCORE_OUTBOX_LEASE_MS": "2000", "ENCORE_RETRY_BASE_MS": "200"]
            let first = try await sandbox.serve(["--smtp-url", sink.url], environment: environment, name: "first")
            try await sink.waitFor(3, timeout: .seconds(60))
            first.process.kill9()
            let atKill = sink.messages().count
            #expect(atKill < Self.orders, "killed mid-batch (\(atKill) had arrived)")
            let outbox = try await sandbox.outbox()
            #expect(outbox.count == Self.orders, "every send was queued before the kill")
            _ = try await sandbox.serve(["--smtp-url", sink.url], environment: environment, name: "second")
            try await poll("every message delivered after the restart", timeout: .seconds(60)) {
                try await sandbox.outbox().allSatisfy { $0.status == .delivered }
            }
            Self.expectExactlyOnce(sink.messages(), repeatsAllowed: true)
        }
    }

    @Test(
        "kill -9 during journey processing, repeatedly, then a clean run: one confirmation per customer",
        arguments: Backend.enabled)
    func killWhileProcessing(_ backend: Backend) async throws {
        try await JourneySandbox.with(backend) { sandbox in
            try sandbox.apply([try TestJourneys.confirmation(sandbox)])
            let sink = try await sandbox.smtpSink()
            let intake = try await sandbox.serve(["--no-workers"], name: "intake")
            try await Self.postOrders([intake])
            intake.process.stop()
            let environment = ["ENCORE_OUTBOX_LEASE_MS": "2000", "ENCORE_RETRY_BASE_MS": "200"]
            // Three servers die at three points of the work: at start-up, the moment the worker's
            // first transaction (events to instances) has committed, so inside or just before the
            // second (instances to steps to queued messages), and as sending begins.
            let instances = {
                try await sandbox.storage.journeyInstances(
                    storeID: sandbox.store.id, journeyID: "confirm", subject: nil, limit: 1_000
                ).count
            }
            let points: [(String, () async throws -> Bool)] = [
                ("start-up", { true }),
                ("instances started", { try await instances() > 0 }),
                ("messages queued", { try await !sandbox.outbox().isEmpty }),
            ]
            for (round, (point, reached)) in points.enumerated() {
                let server = try await sandbox.serve(
                    ["--smtp-url", sink.url], environment: environment, name: "round\(round)")
                try await poll(point, timeout: .seconds(60), every: .milliseconds(2)) { try await reached() }
                server.process.kill9()
                let queued = try await sandbox.outbox().count
                #expect(
                    queued == 0 || queued == Self.orders,
                    "steps commit whole, with their messages (\(queued) after \(point))")
            }
            _ = try await sandbox.serve(["--smtp-url", sink.url], environment: environment, name: "final")
            try await poll("every message delivered", timeout: .seconds(60)) {
                let outbox = try await sandbox.outbox()
                return outbox.count == Self.orders && outbox.allSatisfy { $0.status == .delivered }
            }
            Self.expectExactlyOnce(sink.messages(), repeatsAllowed: true)
            #expect(try await instances() == Self.orders, "one instance per order, however often the worker died")
        }
    }

    @Test("two servers on one PostgreSQL, orders to both: exactly one confirmation each", .enabled(if: postgresEnabled))
    func twoServers() async throws {
        try await JourneySandbox.with(.postgres) { sandbox in
            try sandbox.apply([try TestJourneys.confirmation(sandbox)])
            let sink = try await sandbox.smtpSink()
            let one = try await sandbox.serve(["--smtp-url", sink.url], name: "one")
            let two = try await sandbox.serve(["--smtp-url", sink.url], name: "two")
            try await Self.postOrders([one, two], prefix: "P")
            try await sink.waitFor(Self.orders, timeout: .seconds(60))
            try await poll("the outbox drained", timeout: .seconds(60)) {
                try await sandbox.outbox().allSatisfy { $0.status == .delivered }
            }
            try await Task.sleep(for: .milliseconds(500))
            Self.expectExactlyOnce(sink.messages(), prefix: "P", repeatsAllowed: false)
            #expect(one.process.isRunning && two.process.isRunning)
        }
    }
}
