import EncoreCore
import EncoreJourneys
import EncoreMessaging
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import EncoreServer

/// One sample of a Prometheus exposition: a name, its labels and its value.
struct Sample: Equatable {
    var name: String
    var labels: [String: String]
    var value: Double

    /// Parses the exposition text's samples (comments skipped); label values hold no escapes here.
    static func parse(_ text: String) -> [Sample] {
        text.split(separator: "\n").compactMap { line -> Sample? in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...])
            else { return nil }
            let series = line[..<space]
            guard let open = series.firstIndex(of: "{") else { return Sample(name: String(series), labels: [:], value: value) }
            var labels: [String: String] = [:]
            let inner = series[series.index(after: open)..<series.index(before: series.endIndex)]
            for pair in inner.split(separator: "\",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                labels[String(parts[0])] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            return Sample(name: String(series[..<open]), labels: labels, value: value)
        }
    }
}

extension [Sample] {
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
    }
}

/// Lines a log handler wrote, kept for a test to read.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [[String: Any]] {
        lines.withLock { $0 }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
    var raw: [String] { lines.withLock { $0 } }
}

@Suite("Server: /metrics, request ids and JSON logs")
struct ObservabilityTests {
    /// A read bound that a database shared by the whole parallel suite meets (the default 5 s is
    /// for a scrape in production; a CI machine running every test at once can take longer).
    static let loadedDatabase: Duration = .seconds(120)
    static func patient() -> Observability { Observability(databaseReadTimeout: loadedDatabase) }

    static let now = Fixtures.t0.adding(seconds: 3_600)

    static func scrape(_ client: some TestClientProtocol, token: String? = nil) async throws -> [Sample] {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            return Sample.parse(String(buffer: response.body))
        }
    }

    @Test("requests are counted and timed by route pattern and status; a link's token never appears", arguments: Backend.enabled)
    func requestCounts(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let app = Application(router: buildRouter(storage: storage, clock: FixedClock(Self.now), observability: Self.patient()))
            try await app.test(.router) { client in
                for _ in 0..<2 { try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) } }
                try await client.execute(uri: "/no-such-page", method: .get) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/r/secret-token-value-123", method: .get) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/stats", method: .get) { #expect($0.status == .unauthorized) }
                let text = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
                #expect(!text.contains("secret-token-value-123"))
                let samples = Sample.parse(text)
                let total = "encore_http_requests_total"
                #expect(samples.value(total, ["method": "GET", "route": "/healthz", "status": "200"]) == 2)
                #expect(samples.value(total, ["route": "NotFound", "status": "404"]) == 1)
                #expect(samples.value(total, ["route": "/r/{token}", "status": "404"]) == 1)
                #expect(samples.value(total, ["route": "/v1/stats", "status": "401"]) == 1)
                let duration = "encore_http_request_duration_seconds"
                #expect(samples.value(duration + "_count", ["route": "/healthz"]) == 2)
                #expect(samples.value(duration + "_bucket", ["route": "/healthz", "le": "+Inf"]) == 2)
                #expect((samples.value(duration + "_sum", ["route": "/healthz"]) ?? -1) >= 0)
                #expect((samples.value("process_resident_memory_bytes") ?? 0) > 1_000_000)
                #expect(samples.value("encore_database_up") == 1)
                // The scrape itself is counted by the next one.
                let again = try await Self.scrape(client)
                #expect(again.value(total, ["route": "/metrics", "status": "200"]) == 1)
            }
        }
    }

    @Test("memory: SQLite's own count, and the receipt pages kept (SQLite only: PostgreSQL has no commit watch)", arguments: Backend.enabled)
    func memoryGauges(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await CareBrowser.seed(storage)
            let router = buildRouter(
                storage: storage, clock: FixedClock(CareBrowser.now), links: CareBrowser.signer,
                baseURL: "http://encore.test", observability: Self.patient())
            try await Application(router: router).test(.router) { client in
                let browser = CareBrowser(storage: storage, store: store, client: client)
                let receipt = try await browser.get(browser.link(.receipt))
                #expect(receipt.status == .ok)
                let samples = try await Self.scrape(client)
                switch backend {
                case .sqlite:
                    #expect((samples.value("encore_storage_memory_bytes") ?? 0) > 100_000, "page caches and statements")
                    #expect(samples.value("encore_page_cache_pages") == 1)
                    #expect((samples.value("encore_page_cache_bytes") ?? 0) >= Double(receipt.text.utf8.count))
                case .postgres:
                    #expect(samples.value("encore_storage_memory_bytes") == nil)
                    #expect(samples.value("encore_page_cache_pages") == nil)
                }
            }
        }
    }

    @Test("queue depth, due count and lag of the outbox per channel, the journey and loyalty inboxes, as the database holds them", arguments: Backend.enabled)
    func queueGauges(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            func message(_ id: String, _ channel: Channel, due: Timestamp, status: OutboxStatus = .pending) -> OutboxMessage {
                OutboxMessage(
                    storeID: store.id, messageID: id, channel: channel, category: .transactional, recipient: "a@example.com",
                    subject: "s", text: "t", status: status, nextAttemptAt: due, createdAt: Fixtures.t0)
            }
            try await storage.enqueue([
                message("late", .email, due: Self.now.adding(seconds: -90)),
                message("later", .email, due: Self.now.adding(seconds: 600)),
                message("done", .email, due: Self.now.adding(seconds: -900), status: .delivered),
                message("text", .sms, due: Self.now.adding(seconds: -10)),
            ])
            // A journey on order.placed, then a live order: its event waits in the journey inbox.
            let definition = try JourneyLoader.load(path: "thanks.yaml", text: AdminPagesTests.yaml)
            _ = try await storage.applyJourney(
                storeID: store.id, definition: definition, templates: AdminPagesTests.templates("thanks"),
                source: AdminPagesTests.yaml, now: Fixtures.t0)
            var order = Fixtures.order(store, key: "o1", customer: "c1")
            order.placedAt = Self.now.adding(seconds: -30)
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, customers: [Fixtures.customer(store)], orders: [order]),
                now: Self.now.adding(seconds: -30))
            let sql = try #require(storage as? any SQLBackend)
            let counts = try await sql.read([
                SQLStatement("SELECT COUNT(*) FROM journey_inbox"), SQLStatement("SELECT COUNT(*) FROM loyalty_inbox"),
            ])
            let journeyInbox = Double(counts[0][0].int(0))
            let loyaltyInbox = Double(counts[1][0].int(0))
            #expect(journeyInbox > 0)

            let app = Application(router: buildRouter(storage: storage, clock: FixedClock(Self.now), observability: Self.patient()))
            try await app.test(.router) { client in
                let samples = try await Self.scrape(client)
                #expect(samples.value("encore_outbox_depth", ["channel": "email"]) == 2)
                #expect(samples.value("encore_outbox_due", ["channel": "email"]) == 1)
                #expect(samples.value("encore_outbox_lag_seconds", ["channel": "email"]) == 90)
                #expect(samples.value("encore_outbox_depth", ["channel": "sms"]) == 1)
                #expect(samples.value("encore_outbox_lag_seconds", ["channel": "sms"]) == 10)
                #expect(samples.value("encore_outbox_depth", ["channel": "webhook"]) == 0)
                #expect(samples.value("encore_outbox_lag_seconds", ["channel": "webhook"]) == 0)
                #expect(samples.value("encore_journey_inbox_depth") == journeyInbox)
                #expect(samples.value("encore_journey_inbox_lag_seconds") == 30)
                #expect(samples.value("encore_loyalty_inbox_depth") == loyaltyInbox)
                #expect(samples.value("encore_journey_timers_depth") == 0)
                #expect(samples.value("encore_journey_timers_lag_seconds") == 0)
            }
        }
    }

    @Test("with a token, /metrics answers 401 without it or with another, 200 with it", arguments: Backend.enabled)
    func metricsToken(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let token = "scrape-token-0123456789"
            let app = Application(router: buildRouter(storage: storage, observability: Observability(metricsToken: token, databaseReadTimeout: Self.loadedDatabase)))
            try await app.test(.router) { client in
                for header in [nil, "Bearer wrong-token-0123456789", "Basic \(token)", token] {
                    var headers: HTTPFields = [:]
                    if let header { headers[.authorization] = header }
                    try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
                        #expect(response.status == .unauthorized)
                        #expect(String(buffer: response.body).contains("\"field\":\"Authorization\""))
                        #expect(!String(buffer: response.body).contains("encore_"))
                    }
                }
                let samples = try await Self.scrape(client, token: token)
                #expect(samples.value("encore_database_up") == 1)
            }
        }
    }

    @Test("a database that does not answer: /metrics still answers, with encore_database_up 0", arguments: Backend.enabled)
    func databaseDown(_ backend: Backend) async throws {
        try await withStorage(backend) { _, url in
            let closed = try await openStorage(url: url)
            try await closed.close()
            let app = Application(router: buildRouter(storage: closed))
            try await app.test(.router) { client in
                let samples = try await Self.scrape(client)
                #expect(samples.value("encore_database_up") == 0)
                #expect(samples.value("encore_outbox_depth", ["channel": "email"]) == nil)
            }
        }
    }

    @Test("X-Request-Id: a safe one is kept and echoed, an unsafe or over-long one replaced, a missing one made")
    func requestIDs() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let app = Application(router: buildRouter(storage: storage))
            try await app.test(.router) { client in
                let field = HTTPField.Name("X-Request-Id")!
                func id(_ given: String?, uri: String = "/healthz") async throws -> String? {
                    var headers: HTTPFields = [:]
                    if let given { headers[field] = given }
                    return try await client.execute(uri: uri, method: .get, headers: headers) { $0.headers[field] }
                }
                #expect(try await id("req-42:a.b_c") == "req-42:a.b_c")
                #expect(try await id("req-42", uri: "/nowhere") == "req-42", "error answers carry it too")
                for bad in ["has space", "quote\"d", String(repeating: "a", count: 129), "ünï"] {
                    let answered = try #require(try await id(bad))
                    #expect(answered != bad && !answered.isEmpty)
                    #expect(RequestObservationMiddleware<EncoreRequestContext>.acceptedID(answered) == answered)
                }
                let made = try #require(try await id(nil))
                #expect(!made.isEmpty)
                #expect(try await id(nil) != made, "each request gets its own")
            }
        }
    }

    @Test("access log: one JSON line per request with its id, route pattern, status and duration; lines logged inside carry the id")
    func accessLog() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let lines = LogLines()
            let logger = Logger(label: "encore") { label in
                JSONLogHandler(label: label, now: { Fixtures.t0 }, sink: { lines.append($0) })
            }
            let router = buildRouter(storage: storage, observability: Observability(accessLog: true))
            let app = Application(router: router, logger: logger)
            try await app.test(.router) { client in
                var headers: HTTPFields = [:]
                headers[HTTPField.Name("X-Request-Id")!] = "trace-7"
                try await client.execute(uri: "/healthz", method: .get, headers: headers) { #expect($0.status == .ok) }
                try await client.execute(uri: "/r/some-secret-token", method: .get) { #expect($0.status == .notFound) }
            }
            let requests = lines.all.filter { $0["message"] as? String == "request" }
            #expect(requests.count == 2)
            let first = try #require(requests.first { $0["route"] as? String == "/healthz" })
            #expect(first["request_id"] as? String == "trace-7")
            #expect(first["status"] as? String == "200")
            #expect(first["method"] as? String == "GET")
            #expect(first["level"] as? String == "info")
            #expect(first["label"] as? String == "encore")
            #expect(first["time"] as? String == ISO8601.format(Fixtures.t0))
            #expect(Double(first["duration_ms"] as? String ?? "") != nil)
            #expect(first["hb.request.id"] == nil)
            #expect(!lines.raw.joined().contains("some-secret-token"), "paths are never logged, only route patterns")
        }
    }

    @Test("the outbox sender counts deliveries by channel and result, and its failed passes")
    func deliveryCounts() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let store = try await Fixtures.store(storage)
            let now = Self.now
            try await storage.enqueue(
                ["ok-1", "ok-2", "bounce-1", "later-1"].map { id in
                    OutboxMessage(
                        storeID: store.id, messageID: id, channel: .email, category: .transactional,
                        recipient: "\(id)@example.com", subject: "s", text: "t",
                        headers: [MessageHeader("From", "Shop <shop@example.com>")], nextAttemptAt: now, createdAt: now)
                })
            let email = RecordingChannel { message in
                switch message.idempotencyKey {
                case "bounce-1": .permanent(reason: "550 no such user")
                case "later-1": .transient(reason: "451 try later")
                default: .delivered(reply: "250 ok")
                }
            }
            let metrics = ServerMetrics()
            let sender = OutboxSenderService(
                storage: storage,
                channels: DeliveryChannels(email: email, sms: NullChannel(), webhook: NullChannel(), webhookSecret: "w"),
                clock: FixedClock(now), metrics: metrics)
            #expect(try await sender.sendBatch() == 4)
            let samples = Sample.parse(metrics.recordedText())
            let sent = "encore_messages_sent_total"
            #expect(samples.value(sent, ["channel": "email", "result": "delivered"]) == 2)
            #expect(samples.value(sent, ["channel": "email", "result": "permanent"]) == 1)
            #expect(samples.value(sent, ["channel": "email", "result": "transient"]) == 1)
            metrics.recordWorkerFailure("outbox")
            #expect(Sample.parse(metrics.recordedText()).value("encore_worker_failures_total", ["worker": "outbox"]) == 1)
        }
    }

    @Test("a deadline answers nil by its time while the operation hangs, and the operation's answer when it is first")
    func deadline() async throws {
        let started = ContinuousClock.now
        let hung: Result<Int, any Error>? = await withDeadline(.milliseconds(100)) {
            try await Task.sleep(for: .seconds(3_600))
            return 1
        }
        // Answered by the deadline, not the hour-long operation (the bound is loose: a loaded
        // machine's test pool can be slow to run the timer).
        #expect(hung == nil)
        #expect(ContinuousClock.now - started < .seconds(600))
        let quick = await withDeadline(.seconds(30)) { 7 }
        #expect((try? quick?.get()) == 7)
        struct Boom: Error {}
        let failed: Result<Int, any Error>? = await withDeadline(.seconds(30)) { throw Boom() }
        if case .failure(let error)? = failed { #expect(error is Boom) } else { Issue.record("expected the failure") }
    }
}

@Suite("JSONLogHandler")
struct JSONLogHandlerTests {
    @Test("one valid JSON object per line: fixed fields, metadata merged and nested, text escaped, request id renamed")
    func lines() throws {
        let lines = LogLines()
        let provider = Logger.MetadataProvider { ["tenant": "from-provider"] }
        var logger = Logger(label: "encore.test") { label in
            JSONLogHandler(label: label, metadataProvider: provider, now: { Fixtures.t0 }, sink: { lines.append($0) })
        }
        logger.logLevel = .notice
        logger[metadataKey: "hb.request.id"] = "r-1"
        logger.info("below the level")
        logger.warning(
            "quote \" backslash \\ newline \n tab \t bell \u{7} é",
            metadata: ["n": .stringConvertible(42), "list": ["a", "b"], "map": ["k": "v", "z": ["1"]], "message": "clash"])
        #expect(lines.raw.count == 1)
        #expect(!lines.raw[0].contains("\n"))
        let line = try #require(lines.all.first)
        #expect(line["time"] as? String == ISO8601.format(Fixtures.t0))
        #expect(line["level"] as? String == "warning")
        #expect(line["label"] as? String == "encore.test")
        #expect(line["message"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7} é")
        #expect(line["request_id"] as? String == "r-1")
        #expect(line["tenant"] as? String == "from-provider")
        #expect(line["n"] as? String == "42")
        #expect(line["list"] as? [String] == ["a", "b"])
        let map = try #require(line["map"] as? [String: Any])
        #expect(map["k"] as? String == "v")
        #expect(map["z"] as? [String] == ["1"])
        #expect(line["source"] as? String != nil)
    }
}
