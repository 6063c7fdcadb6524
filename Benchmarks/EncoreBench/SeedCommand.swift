import ArgumentParser
import EncoreCore
import EncoreJourneys
import EncoreStore
import Foundation

/// Seeds N instances of the shipped order confirmation (one transactional email step), each with
/// its own customer and order (2 lines), whose timers fall due over `--window-ms` from a base
/// time. The scheduler command shifts them to "now" when it starts, so one seeded database can
/// be copied and run several times.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Seed journey instances with due timers (not timed).")

    @Option(help: "Database URL (sqlite://... or postgres://...).") var database: String
    @Option(help: "Journey instances to seed.") var instances: Int = 1_000_000
    @Option(help: "Due times spread evenly over this many milliseconds (0: all due at once).") var windowMs: Int = 0

    /// Seeded times are relative to this instant; `scheduler` adds (start - base).
    static let base = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)  // 2026-01-01T00:00:00Z
    static let chunk = 100_000

    func run() async throws {
        let db = try await BenchDatabase.open(database)
        let clock = ContinuousClock()
        let started = clock.now
        try await Self.seed(db, instances: instances, windowMs: windowMs)
        try await db.storage.close()
        print("seeded \(instances) instances (window \(windowMs) ms) in \(clock.now - started)")
    }

    static func seed(_ db: BenchDatabase, instances: Int, windowMs: Int) async throws {
        let storage = db.storage
        let store = try await storage.createStore(
            name: "bench", organisation: nil, currency: .usd, timeZone: "UTC", webhookSecret: nil, now: base)
        let file = DefaultJourneys.files.first { $0.path.contains("order-confirmation") }!
        let definition = try JourneyLoader.load(path: file.path, text: file.text)
        _ = try await storage.applyJourney(
            storeID: store.id, definition: definition, templates: [], source: file.text, now: base)
        let lines = (1...2).map { i in
            LineItem(key: "\(i)", sku: "SKU-\(i)", title: "Organic cotton tee \(i)", category: "apparel", quantity: 1, unitPrice: 2_450)
        }
        let order = Order(
            storeID: store.id, key: "o0", number: "#0", customerKey: "c0", placedAt: base, currency: .usd,
            subtotal: 4_900, shipping: 500, total: 5_400, lines: lines)
        let customer = Customer(
            storeID: store.id, key: "c0", email: "c0@example.com", firstName: "Ada", lastName: "Lovelace", timeZone: "UTC",
            locale: "en-US", createdAt: base)
        _ = try await storage.ingest(
            IngestBatch(storeID: store.id, origin: .historical, customers: [customer], orders: [order]), now: base)

        let state = JourneyInstanceState(
            journeyID: definition.id, customerKey: "c0", subject: "order:o0", startedAt: base, heldOut: false)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let template = String(decoding: try encoder.encode(state), as: UTF8.self)
        let s = "t.store_id = \(store.id)"
        let window = Int64(windowMs)
        let n = Int64(instances)
        var from = 1
        while from <= instances {
            let to = min(instances, from + chunk - 1)
            try await db.clone(
                "customers", filter: "\(s) AND t.customer_key = 'c0'",
                replacing: ["customer_key": "'c' || n", "email": "'c' || n || '@example.com'"], from: from, to: to)
            try await db.clone(
                "orders", filter: "\(s) AND t.order_key = 'o0'",
                replacing: ["order_key": "'o' || n", "customer_key": "'c' || n", "number": "'#' || n"], from: from, to: to)
            try await db.clone(
                "line_items", filter: "\(s) AND t.order_key = 'o0'", replacing: ["order_key": "'o' || n"], from: from,
                to: to)
            // Due offset of instance n: (n - 1) * window / N milliseconds after the base.
            let due = "\(base.millisecondsSinceEpoch) + (n - 1) * CAST(\(window) AS BIGINT) / \(n)"
            let stateSQL = "REPLACE(REPLACE(?, '\"c0\"', '\"c' || n || '\"'), '\"order:o0\"', '\"order:o' || n || '\"')"
            _ = try await db.sql.write([
                SQLStatement(
                    """
                    \(db.series(from, to)) INSERT INTO journey_instances (store_id, instance_key, journey_id, version,
                    customer_key, subject, order_key, status, holdout, state, trigger_event_id, log_seq, started_at, updated_at)
                    SELECT \(store.id), 'i' || n, ?, 1, 'c' || n, 'order:o' || n, 'o' || n, 'active', 0, \(stateSQL), NULL, 0,
                    \(due), \(due) FROM g
                    """, [.text(definition.id), .text(template)]),
                SQLStatement(
                    "\(db.series(from, to)) INSERT INTO journey_timers (store_id, instance_key, due_at) SELECT \(store.id), 'i' || n, \(due) FROM g"
                ),
            ])
            from = to + 1
        }
        if db.postgres {
            _ = try await db.sql.write([SQLStatement("ANALYZE")])
        }
    }
}
