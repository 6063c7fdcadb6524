import EncoreCore
import EncoreLoyalty
import EncoreStore

/// Fills a store with the deterministic demo history of `DemoGenerator`.
public enum DemoBuilder {
    /// What was built.
    public struct Summary: Sendable {
        public var store: Store
        public var apiKey: String
        public var stats: StoreStats
        /// The last days of the history, still to be replayed as live moments (nil without journeys).
        public var replay: DemoReplay?
    }

    /// Creates the store "demo" with an API key and writes the generated history, batch by batch.
    ///
    /// The "bought together" lists are computed from the history. With `journeys`, the shipped
    /// default journeys and the default loyalty program are published and the last `liveDays` of the
    /// history are held back as live moments (orders, each shipment checkpoint, refunds, returns,
    /// some NPS answers) in `Summary.replay`, to be replayed on a simulated clock, so the outbox
    /// ends up holding what those customers would have received.
    public static func build(
        storage: any EncoreStorage, seed: UInt64, customers: Int, end: Timestamp, storeName: String = "demo",
        journeys: Bool = false, liveDays: Int64 = 14
    ) async throws -> Summary {
        var store = try await storage.createStore(
            name: storeName, organisation: "Encore Demo", currency: .usd, timeZone: "America/Los_Angeles",
            webhookSecret: APIKeys.generate(), now: end)
        store.settings = StoreSettings(
            displayName: "Maple & Thread", senderEmail: "hello@maple-thread.example", supportEmail: "care@maple-thread.example",
            url: "https://maple-thread.example", brandColour: "#7a3e1d", contactName: "Maya Okafor")
        try await storage.updateSettings(storeID: store.id, settings: store.settings)
        let key = APIKeys.generate()
        try await storage.addAPIKey(storeID: store.id, keyHash: APIKeys.hash(key), prefix: APIKeys.prefix(key), now: end)
        var configuration = DemoConfiguration(end: end)
        configuration.seed = seed
        configuration.customers = customers
        let cutoff = end.adding(seconds: -liveDays * 86_400)
        let window = DemoLiveWindow(cutoff: cutoff, end: end)
        var moments: [DemoLiveWindow.Moment] = []
        for batch in DemoGenerator(configuration: configuration, storeID: store.id) {
            guard journeys else {
                _ = try await storage.ingest(batch, now: end)
                continue
            }
            let (history, live) = window.split(batch)
            _ = try await storage.ingest(history, now: end)
            moments += live
        }
        if journeys {
            try await JourneyPublisher.installDefaults(storeID: store.id, storage: storage, now: cutoff)
            // The default loyalty program, in force before the live days: their orders earn points.
            _ = try await storage.publishLoyaltyProgram(
                storeID: store.id, program: .defaults(currency: store.currency), source: LoyaltyProgram.defaultsYAML,
                now: cutoff.adding(seconds: -86_400))
        }
        _ = try await RecommendationBuilder(storage: storage, clock: FixedClock(end)).rebuild(storeID: store.id)
        let stats = try await storage.stats(storeID: store.id).first!
        return Summary(
            store: store, apiKey: key, stats: stats,
            replay: journeys ? DemoReplay(moments: moments, start: cutoff, end: end) : nil)
    }
}

/// The demo's last days as live moments, replayed in time order on a simulated clock with the
/// journey worker run at each moment and at each due timer, so every step fires at its due time,
/// and the loyalty worker after each moment.
public struct DemoReplay: Sendable {
    let moments: [DemoLiveWindow.Moment]
    public let start: Timestamp
    public let end: Timestamp

    init(moments: [DemoLiveWindow.Moment], start: Timestamp, end: Timestamp) {
        self.moments = moments.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)
        self.start = start
        self.end = end
    }

    public func run(storage: any EncoreStorage, runtime: JourneyRuntime) async throws {
        try await Self.replay(moments, from: start, to: end, storage: storage, runtime: runtime)
    }

    static func replay(
        _ moments: [DemoLiveWindow.Moment], from start: Timestamp, to end: Timestamp, storage: any EncoreStorage,
        runtime: JourneyRuntime
    ) async throws {
        // The clock jumps from one thing to do to the next: a moment to ingest, or the worker's
        // next due timer; the worker runs at each, so every step fires at its due time.
        var clock = start
        func run(until time: Timestamp) async throws {
            while let next = try await storage.nextJourneyWork(now: clock), next <= time {
                clock = max(next, clock)
                while try await storage.runJourneys(now: clock, limit: 1_000, runtime: runtime).didWork {}
            }
            clock = max(clock, time)
        }
        // The loyalty worker, on the same simulated clock, after each moment.
        func loyalty(at time: Timestamp) async throws {
            let processor = LoyaltyProcessor(storage: storage, clock: FixedClock(time))
            while try await processor.runOnce(limit: 1_000).didWork {}
        }
        for moment in moments where moment.at <= end {
            try Task.checkCancellation()
            try await run(until: moment.at)
            _ = try await storage.ingest(moment.batch, now: moment.at)
            try await loyalty(at: moment.at)
        }
        try await run(until: end)
        try await loyalty(at: end)
        _ = try await LoyaltyProcessor(storage: storage, clock: FixedClock(end)).sweep()
    }
}
