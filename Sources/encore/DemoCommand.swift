import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import EncoreCore
import EncoreServer
import EncoreStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a realistic demo store in a fresh SQLite file and serve it.",
        discussion: """
            The store is deterministic for a given --seed and --end: customers acquired over 18 months,
            repeat purchases and drop-out following a BG/NBD-like process, shipments with delays and
            exceptions, returns and refunds. The file is replaced on every run.
            """)
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Number of customers.") var customers: Int = 5000
    @Option(help: "Port to serve on.") var port: Int = 8080
    @Option(help: "Address to bind.") var hostname: String = "127.0.0.1"
    @Option(
        help: "Database for the demo: a sqlite:// file (replaced on each run) or an empty postgres:// database.")
    var database: String = "sqlite://encore-demo.sqlite"
    @Option(help: "The simulated 'now', YYYY-MM-DD (default: today, UTC).") var end: String?
    @Flag(help: "Build the store, print the summary and exit without serving.") var noServe = false
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (1...1_000_000).contains(customers) else { throw ValidationError("--customers must be 1 to 1000000") }
        if let end, ISO8601.parse(end) == nil { throw ValidationError("--end '\(end)' is not a YYYY-MM-DD date") }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let logger = try logging.bootstrap(ProcessInfo.processInfo.environment)
        // Only a demo database is ever replaced: a SQLite file holding nothing but a previous demo
        // store is deleted and rebuilt; anything else is refused, never wiped.
        var storage: any EncoreStorage
        do {
            storage = try await openStorage(url: database, durable: false)
        } catch {
            throw ValidationError("cannot open \(redacted(database)): \(error)")
        }
        let names = try await storage.stores().map(\.name)
        if names.contains(where: { $0 != "demo" }) {
            try await storage.close()
            throw ValidationError(
                "\(redacted(database)) holds stores other than 'demo' (\(names.joined(separator: ", "))); use another --database")
        }
        if !names.isEmpty {
            try await storage.close()
            guard !database.hasPrefix("postgres") else {
                throw ValidationError("\(redacted(database)) already has a store 'demo'; use an empty database")
            }
            let file = try sqlitePath(from: database)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
            storage = try await openStorage(url: database, durable: false)
        }
        let now = SystemClock().now().millisecondsSinceEpoch
        let endTime = end.flatMap(ISO8601.parse) ?? Timestamp(millisecondsSinceEpoch: now - now % 86_400_000)
        let messaging = try await MessagingSetup.make(
            storage: storage, baseURL: "http://\(hostname == "0.0.0.0" ? "localhost" : hostname):\(port)", smtpURL: nil,
            smsURL: nil, now: endTime, logger: logger)
        let runtime = messaging.links.runtime()
        let summary = try await DemoBuilder.build(
            storage: storage, seed: seed, customers: customers, end: endTime, journeys: true)
        if noServe, let replay = summary.replay {
            try await replay.run(storage: storage, runtime: runtime)
        }
        let elapsed = ContinuousClock.now - started
        let s = try await storage.stats(storeID: summary.store.id).first ?? summary.stats
        let replaying = !noServe && summary.replay != nil
        print(
            "demo store '\(s.store)' ready in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))): \(s.customers) customers, \(s.orders) orders, \(s.lineItems) line items, \(s.shipments) shipments\(replaying ? " so far" : "")"
        )
        print("database: \(redacted(database))")
        print("API key (store '\(s.store)'): \(summary.apiKey)")
        let adminPassword = String(APIKeys.generate().dropFirst(4).prefix(20))
        _ = try await AdminUsers.create(
            storage: storage, email: "admin@demo.example", organisation: "Encore Demo", password: adminPassword,
            now: endTime)
        print("admin login: admin@demo.example / \(adminPassword)")
        if replaying {
            print("journeys: the shop's last 14 days are replaying through the default journeys in the background; the mailbox fills as they run")
        } else {
            let funnels = try await storage.journeyFunnels(storeID: summary.store.id)
            print(
                "journeys: \(funnels.reduce(0) { $0 + $1.entered }) instances over the last 14 days, \(funnels.reduce(0) { $0 + $1.sent }) messages in the local mailbox"
            )
        }
        guard !noServe else {
            try await storage.close()
            return
        }
        print("Encore demo running at http://\(hostname == "0.0.0.0" ? "localhost" : hostname):\(port)/")
        print("  try: curl -H 'Authorization: Bearer \(summary.apiKey)' http://localhost:\(port)/v1/stats")
        print("  admin pages: http://localhost:\(port)/admin (the emails customers got: /admin/stores/\(summary.store.id)/mailbox)")
        // Standard output may be a pipe or a file (fully buffered): the URL and key must show now.
        fflush(nil)  // all C streams; naming `stdout` is not concurrency-safe
        let clock = SystemClock()
        let observability = Observability()
        let app = buildApplication(
            storage: storage, configuration: ServerConfiguration(hostname: hostname, port: port), clock: clock,
            links: messaging.links.signer, baseURL: messaging.links.baseURL, services: demoServices(summary, messaging, storage, runtime, clock, logger, observability.metrics),
            observability: observability, logger: logger)
        try await app.runService()
        try await storage.close()
    }

    /// The outbox sender, the journey worker behind the replay of the demo's last days, and the
    /// purchase histories' refresh.
    private func demoServices(
        _ summary: DemoBuilder.Summary, _ messaging: MessagingSetup, _ storage: any EncoreStorage,
        _ runtime: JourneyRuntime, _ clock: any EncoreCore.Clock, _ logger: Logger, _ metrics: ServerMetrics
    ) -> [any Service] {
        let live = messaging.services(storage: storage, clock: clock, logger: logger, metrics: metrics)
        guard let replay = summary.replay else { return live }
        let worker = JourneyWorkerService(storage: storage, runtime: runtime, clock: clock, logger: logger)
        return [
            DemoJourneysService(replay: replay, storage: storage, runtime: runtime, worker: worker, logger: logger),
            OutboxSenderService(
                storage: storage, channels: messaging.channels, clock: clock, logger: logger, metrics: metrics),
            PurchaseHistoryService(storage: storage, logger: logger),
        ]
    }
}
