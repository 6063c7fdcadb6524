import EncoreCore
import EncoreJourneys
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@testable import EncoreServer

@Suite("Predictions: the refresh, its events, segments and journeys")
struct PredictionRefreshTests {
    static let startDay = 19_723  // 2024-01-01
    static let today = startDay + 400

    static func at(_ day: Int, hour: Int64 = 12) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64(day) * 86_400_000 + hour * 3_600_000)
    }

    /// 150 customers: regulars buying every 20 days up to lately, lapsed ones who bought six times in
    /// two months and then stopped, one-time buyers. Imported history: it starts no journey itself.
    static func seed(_ storage: any EncoreStorage, _ store: Store) async throws {
        var customers: [Customer] = []
        var orders: [Order] = []
        for i in 0..<150 {
            let key = "c\(i)"
            var customer = Fixtures.customer(store, key: key)
            customer.timeZone = "UTC"
            customer.consents = [Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: Fixtures.t0)]
            customers.append(customer)
            let start = startDay + i % 60
            var days: [Int] = []
            switch i % 3 {
            case 0: days = Array(stride(from: start, through: today - i % 10, by: 20))
            case 1: days = (0..<6).map { start + 10 * $0 }
            default: days = [start + i]
            }
            for (n, day) in days.enumerated() {
                var order = Fixtures.order(store, key: "\(key)-\(n)", customer: key, total: Int64(2_000 + 300 * (i % 7) + 100 * n))
                order.placedAt = at(day)
                orders.append(order)
            }
        }
        _ = try await storage.ingest(
            IngestBatch(storeID: store.id, origin: .historical, customers: customers, orders: orders), now: at(today))
    }

    static func journey(_ storage: any EncoreStorage, _ store: Store, id: String, trigger: String, where conditions: [String])
        async throws
    {
        let yaml = """
            id: \(id)
            name: \(id)
            category: transactional
            trigger:
              event: \(trigger)
              where:
            \(conditions.map { "    - \($0)" }.joined(separator: "\n"))
            steps:
              - id: note
                send: { channel: email, template: \(id) }
            """
        let definition = try JourneyLoader.load(path: "\(id).yaml", text: yaml)
        let templates = [
            TemplateSource(name: id, part: .subject, path: "t/\(id).subject.mustache", text: "\(id) {{customer.rfm_segment}}"),
            TemplateSource(
                name: id, part: .html, path: "t/\(id).html.mustache",
                text: "<p>{{customer.p_alive}} {{customer.predicted_clv}} {{#customer.segments}}[{{.}}]{{/customer.segments}}</p>"),
            TemplateSource(
                name: id, part: .text, path: "t/\(id).text.mustache",
                text: "p={{customer.p_alive}} clv={{customer.predicted_clv}} decile={{customer.clv_decile}} {{#customer.segments}}[{{.}}]{{/customer.segments}}"),
        ]
        _ = try await storage.applyJourney(
            storeID: store.id, definition: definition, templates: templates, source: yaml, now: Fixtures.t0)
    }

    static func format(_ day: Int) -> String {
        String(Timestamp(millisecondsSinceEpoch: Int64(day) * 86_400_000).iso8601.prefix(10))
    }

    static let runtime = JourneyRuntime(fallbackSender: "shop@example.com") { link in
        "https://encore.example/\(link.purpose.rawValue)/\(link.storeID)/\(link.customerKey)"
    }

    /// The events of `type` about the seeded customers (and "c1" first).
    static func events(_ storage: any EncoreStorage, _ store: Store, type: String) async throws -> [Event] {
        var out: [Event] = []
        for i in 0..<150 {
            out += try await storage.customer(storeID: store.id, key: "c\(i)", eventLimit: 100)?.events.filter { $0.type == type } ?? []
        }
        return out
    }

    static func eventCount(_ storage: any EncoreStorage, _ store: Store, type: String) async throws -> Int {
        try await events(storage, store, type: type).count
    }

    @Test("a refresh stores every customer's figures, adds lapsing and replenishment events once per cycle, and journeys read them",
        arguments: Backend.enabled)
    func refresh(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await Self.seed(storage, store)
            try await Self.journey(storage, store, id: "lapsing-note", trigger: "customer.lapsing", where: ["customer.p_alive < 0.3"])
            try await Self.journey(
                storage, store, id: "reorder", trigger: "customer.replenishment_due", where: ["customer.days_to_next_purchase <= 0"])
            let refresher = PredictionRefresher(storage: storage)
            let now = Self.at(Self.today)
            let report = try await refresher.refresh(store: store, now: now)
            #expect(report.run.status == .fitted)
            #expect(report.run.customers == 150)
            let lapsing = report.events["customer.lapsing"] ?? 0
            let due = report.events["customer.replenishment_due"] ?? 0
            #expect(lapsing >= 20, "the lapsed customers")
            #expect(due >= 5, "regulars past their usual interval")
            #expect(report.rfmSegments.values.reduce(0, +) == 150)
            #expect(report.deciles.map(\.decile) == Array(1...10))
            #expect(try await Self.eventCount(storage, store, type: "customer.lapsing") == lapsing)

            // Each lapsed customer: low P(alive), and its event; each regular due: still likely active.
            for i in stride(from: 1, to: 150, by: 3) {
                let p = try #require(try await storage.prediction(storeID: store.id, customerKey: "c\(i)"))
                #expect(p.pAlive < 0.3, "c\(i) stopped ten months ago")
                #expect(p.refreshedAt == now)
            }
            let regular = try #require(try await storage.prediction(storeID: store.id, customerKey: "c0"))
            #expect(regular.pAlive > 0.5)
            #expect(regular.valueDecile != nil && regular.value != nil)
            let listed = try await storage.predictions(storeID: store.id, limit: 5)
            #expect(listed.count == 5)
            #expect(zip(listed, listed.dropFirst()).allSatisfy { ($0.value ?? 0) >= ($1.value ?? 0) })

            // Journeys start from the events and read the predictions in their context.
            let worked = try await storage.runJourneys(now: now.adding(seconds: 1), limit: 1_000, runtime: Self.runtime)
            #expect(worked.instancesStarted == lapsing + due)
            let messages = try await storage.outbox(storeID: store.id, status: nil, limit: 1_000)
            let notes = messages.filter { $0.subject?.hasPrefix("lapsing-note") == true }
            #expect(notes.count == lapsing)
            let note = try #require(notes.first { $0.customerKey == "c1" })
            let c1 = try #require(try await storage.prediction(storeID: store.id, customerKey: "c1"))
            #expect(note.subject == "lapsing-note \(c1.rfmSegment)")
            #expect(note.text.contains("p=\(String(format: "%.6f", c1.pAlive))"))
            #expect(note.text.contains("decile=\(c1.valueDecile ?? 0)"))
            #expect(note.text.contains("clv=$"), "the predicted value as money")
            #expect(messages.filter { $0.subject?.hasPrefix("reorder") == true }.count == due)

            // Refreshing again adds nothing: the same silence is announced once.
            let again = try await refresher.refresh(store: store, now: now.adding(seconds: 3_600))
            #expect(again.events.isEmpty, "\(again.events)")
            #expect(try await Self.eventCount(storage, store, type: "customer.lapsing") == lapsing)
            let runs = try await storage.predictionRuns(storeID: store.id, limit: 10)
            #expect(runs.map(\.status) == [.fitted, .fitted])
            #expect(runs.first?.model?.contains("\"bgnbd\"") == true)

            // c1 orders again: no longer lapsing; months later its new silence is a new cycle.
            var order = Fixtures.order(store, key: "c1-back", customer: "c1", total: 4_000)
            order.placedAt = Self.at(Self.today + 1)
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .historical, orders: [order]), now: Self.at(Self.today + 1))
            _ = try await refresher.refresh(store: store, now: Self.at(Self.today + 2))
            let back = try #require(try await storage.prediction(storeID: store.id, customerKey: "c1"))
            #expect(back.pAlive > c1.pAlive)
            let later = try await refresher.refresh(store: store, now: Self.at(Self.today + 600))
            #expect((later.events["customer.lapsing"] ?? 0) >= 1)
            let keys = try await Self.events(storage, store, type: "customer.lapsing")
                .filter { $0.customerKey == "c1" }.map(\.idempotencyKey).sorted()
            #expect(keys == ["customer.lapsing:c1:\(Self.format(Self.startDay + 1 + 50))", "customer.lapsing:c1:\(Self.format(Self.today + 1))"])
        }
    }

    @Test("custom segments: members move at each refresh, segment.entered and segment.left start journeys, bad filters never stored",
        arguments: Backend.enabled)
    func segments(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await Self.seed(storage, store)
            try await Self.journey(
                storage, store, id: "welcome-vip", trigger: "segment.entered", where: ["event.payload.segment == vip"])
            let vip = try CustomerSegment(
                id: "vip", name: "VIPs", where: "customer.orders_count >= 15 and customer.p_alive >= 0.5")
            #expect(try await storage.saveSegment(storeID: store.id, segment: vip, now: Fixtures.t0) == "created")
            #expect(try await storage.saveSegment(storeID: store.id, segment: vip, now: Fixtures.t0) == "unchanged")
            let gone = try CustomerSegment(id: "gone", name: "Gone", where: "customer.rfm_segment in [lost, hibernating]")
            _ = try await storage.saveSegment(storeID: store.id, segment: gone, now: Fixtures.t0)

            let refresher = PredictionRefresher(storage: storage)
            let now = Self.at(Self.today)
            let first = try await refresher.refresh(store: store, now: now)
            // The regulars from the first months, who ordered about 20 times, are the VIPs.
            let expected = Set(stride(from: 0, to: 150, by: 3).filter { i in
                Array(stride(from: Self.startDay + i % 60, through: Self.today - i % 10, by: 20)).count >= 15
            }.map { "c\($0)" })
            let members = try await storage.segmentMembers(storeID: store.id)
            #expect(members["vip"] == expected)
            #expect(first.segments["vip"] == expected.count)
            #expect(first.events["segment.entered"] == expected.count + (members["gone"]?.count ?? 0))
            let c0 = try #require(try await storage.prediction(storeID: store.id, customerKey: "c0"))
            #expect(c0.segments == ["vip"])
            let listed = try await storage.segments(storeID: store.id)
            #expect(listed.map(\.id) == ["gone", "vip"])
            #expect(listed.last?.members == expected.count && listed.last?.name == "VIPs")

            let worked = try await storage.runJourneys(now: now.adding(seconds: 1), limit: 1_000, runtime: Self.runtime)
            #expect(worked.instancesStarted == expected.count, "only entering vip starts the journey")
            let notes = try await storage.outbox(storeID: store.id, status: nil, limit: 1_000)
            #expect(Set(notes.compactMap(\.customerKey)) == expected)
            #expect(notes.allSatisfy { $0.text.contains("[vip]") }, "the journey's context lists the segments")

            // A stricter filter: the customers who no longer match leave, once.
            let stricter = try CustomerSegment(id: "vip", name: "VIPs", where: "customer.orders_count >= 19")
            #expect(try await storage.saveSegment(storeID: store.id, segment: stricter, now: Fixtures.t0) == "updated")
            let second = try await refresher.refresh(store: store, now: now.adding(seconds: 60))
            let remaining = try await storage.segmentMembers(storeID: store.id)["vip"] ?? []
            #expect(remaining.isSubset(of: expected) && remaining.count < expected.count)
            #expect(second.events["segment.left"] == expected.count - remaining.count)
            #expect(second.events["segment.entered"] == nil)
            let third = try await refresher.refresh(store: store, now: now.adding(seconds: 120))
            #expect(third.events.isEmpty)

            #expect(try await storage.deleteSegment(storeID: store.id, id: "vip"))
            #expect(try await !storage.deleteSegment(storeID: store.id, id: "vip"))
            #expect(try await storage.segmentMembers(storeID: store.id)["vip"] == nil)
            #expect(try await storage.segments(storeID: store.id).map(\.id) == ["gone"])
        }
    }

    @Test("the store's own lapsing threshold decides who is lapsing", arguments: Backend.enabled)
    func threshold(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            var store = try await Fixtures.store(storage)
            try await Self.seed(storage, store)
            store.settings.lapsingBelow = 0.000_001
            try await storage.updateSettings(storeID: store.id, settings: store.settings)
            let strict = try await PredictionRefresher(storage: storage).refresh(store: store, now: Self.at(Self.today))
            let predictions = try await storage.predictions(storeID: store.id, limit: 1_000)
            #expect((strict.events["customer.lapsing"] ?? 0) == predictions.filter { $0.pAlive < 0.000_001 }.count)
            #expect(predictions.contains { $0.pAlive < 0.3 && $0.pAlive >= 0.000_001 }, "lapsing by the default, not by this store's")
        }
    }

    @Test("a store the models cannot fit: the run is recorded with its reason and nothing else changes", arguments: Backend.enabled)
    func unfit(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            var order = Fixtures.order(store, key: "1", customer: "c1")
            order.placedAt = Self.at(Self.startDay)
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .historical, customers: [Fixtures.customer(store)], orders: [order]),
                now: Self.at(Self.startDay))
            let report = try await PredictionRefresher(storage: storage).refresh(store: store, now: Self.at(Self.today))
            #expect(report.run.status == .failed)
            #expect(report.run.reason?.contains("at least two customers") == true)
            #expect(report.run.customers == 1)
            let runs = try await storage.predictionRuns(storeID: store.id, limit: 5)
            #expect(runs.map(\.status) == [.failed] && runs.first?.reason == report.run.reason)
            #expect(try await storage.prediction(storeID: store.id, customerKey: "c1") == nil)
            #expect(try await storage.predictions(storeID: store.id, limit: 10).isEmpty)
        }
    }

    @Test("the service refreshes each store when due, once however many instances run, and then not until the next time",
        arguments: Backend.enabled)
    func service(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await Self.seed(storage, store)
            let other = try await Fixtures.store(storage, "empty")
            let now = Self.at(Self.today)
            let hourly = PredictionService(storage: storage, clock: FixedClock(now), schedule: .every(.seconds(3_600)))
            // Two instances at once: the claim lets one of them refresh each store.
            async let first = hourly.runOnce()
            async let second = hourly.runOnce()
            let reports = try await first + second
            #expect(reports.count == 2, "each of the two stores once")
            #expect(Set(reports.map(\.run.status)) == [.fitted, .failed])
            #expect(try await hourly.runOnce().isEmpty, "not due again for an hour")
            let later = PredictionService(storage: storage, clock: FixedClock(now.adding(seconds: 3_601)), schedule: .every(.seconds(3_600)))
            #expect(try await later.runOnce().count == 2)
            #expect(try await storage.predictionRuns(storeID: store.id, limit: 10).count == 2)
            #expect(try await storage.predictionRuns(storeID: other.id, limit: 10).count == 2)
        }
    }

    @Test("the daily schedule: the next 04:00 in the store's zone, across a DST change")
    func daily() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let schedule = PredictionSchedule.daily(hour: 4)
        let before = ISO8601.parse("2025-03-29T10:00:00Z")!  // Saturday; Sunday the clocks go forward
        #expect(schedule.next(after: before, zone: paris) == ISO8601.parse("2025-03-30T02:00:00Z")!)  // 04:00 CEST
        #expect(schedule.first(after: before, zone: paris) == schedule.next(after: before, zone: paris))
        let early = ISO8601.parse("2025-01-10T02:59:00Z")!  // 03:59 in Paris
        #expect(schedule.next(after: early, zone: paris) == ISO8601.parse("2025-01-10T03:00:00Z")!)
        let every = PredictionSchedule.every(.seconds(90))
        #expect(every.first(after: early, zone: paris) == early)
        #expect(every.next(after: early, zone: paris) == early.adding(seconds: 90))
    }
}
