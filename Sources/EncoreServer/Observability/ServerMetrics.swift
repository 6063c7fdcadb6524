import EncoreCore
import EncoreStore
import Foundation
import Prometheus

/// The figures `/metrics` shows, in Prometheus's registry: HTTP requests by route and status,
/// their latencies, deliveries by channel and result, worker failures, and (read at each scrape)
/// the queues' depth and lag and the process's memory.
///
/// Labels never carry store names, customer data or raw paths: a route is its pattern
/// (`/r/{token}`), so a scrape shows no secret and the number of series stays bounded.
public final class ServerMetrics: Sendable {
    /// The registry everything is recorded in.
    public let registry: PrometheusCollectorRegistry
    private let started = Date()

    /// Latency buckets from 1 ms to 10 s.
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2_500), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// Counts one answered request and records how long it took.
    public func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "encore", metricName: "http_requests", unitName: "total",
                helpText: "HTTP requests answered, by method, route pattern and status."),
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "encore", metricName: "http_request_duration", unitName: "seconds",
                helpText: "Time from a request's head to its response, by method and route pattern."),
            labels: [("method", method), ("route", route)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// Counts one delivery attempt by channel and what it came to (delivered, transient, permanent).
    public func recordDelivery(channel: Channel, outcome: DeliveryOutcome) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "encore", metricName: "messages_sent", unitName: "total",
                helpText: "Delivery attempts by channel and result (delivered, transient, permanent)."),
            labels: [("channel", channel.rawValue), ("result", outcome.resultLabel)]
        ).increment()
    }

    /// Counts a background worker's failed pass (it retries on its own).
    public func recordWorkerFailure(_ worker: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "encore", metricName: "worker_failures", unitName: "total",
                helpText: "Failed passes of a background worker, which then retries with backoff."),
            labels: [("worker", worker)]
        ).increment()
    }

    /// Sets the queue gauges from a fresh reading; `up` says whether the database answered.
    func recordQueues(_ health: QueueHealth?) {
        gauge("database_up", "1 when the database answered this scrape's queue reading, else 0.").set(
            Double(health == nil ? 0 : 1))
        guard let health else { return }
        for channel in Channel.allCases where channel != .push {
            let queue = health.outbox[channel] ?? .init()
            record(queue, name: "outbox", labels: [("channel", channel.rawValue)], what: "Pending outbox messages")
        }
        record(health.journeyTimers, name: "journey_timers", labels: [], what: "Journey timers (the scheduler's queue)")
        record(health.journeyInbox, name: "journey_inbox", labels: [], what: "Live events not yet read by the journey worker")
        record(health.loyaltyInbox, name: "loyalty_inbox", labels: [], what: "Events not yet applied to the loyalty ledger")
    }

    /// Sets the memory gauges of the storage and the page cache, those that are known.
    func recordMemory(_ memory: MemoryFigures) {
        if let bytes = memory.storageBytes {
            gauge("storage_memory_bytes", "Memory the storage holds in this process (SQLite's page caches and statements), in bytes.")
                .set(Double(bytes))
        }
        if let cache = memory.pageCache {
            gauge("page_cache_bytes", "Memory held by rendered receipt pages kept for reuse, in bytes.").set(Double(cache.bytes))
            gauge("page_cache_pages", "Rendered receipt pages kept for reuse.").set(Double(cache.pages))
        }
    }

    /// Sets the process gauges: resident memory and uptime.
    func recordProcess() {
        if let resident = ProcessMemory.residentBytes() {
            gauge("process_resident_memory_bytes", "Resident memory of this process, in bytes.", namespaced: false)
                .set(Double(resident))
        }
        gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.", namespaced: false)
            .set(started.timeIntervalSince1970)
    }

    /// The text a scrape answers with (Prometheus exposition format 0.0.4).
    public func exposition(queues: QueueHealth?, memory: MemoryFigures = MemoryFigures()) -> String {
        recordQueues(queues)
        recordMemory(memory)
        recordProcess()
        return registry.emitToString()
    }

    /// What has been recorded so far, as exposition text, without reading queues or the process.
    public func recordedText() -> String { registry.emitToString() }

    private func record(_ queue: QueueHealth.Queue, name: String, labels: [(String, String)], what: String) {
        registry.makeGauge(
            descriptor: .init(namespace: "encore", metricName: name + "_depth", unitName: "", helpText: what + ", due or not."),
            labels: labels
        ).set(Double(queue.depth))
        registry.makeGauge(
            descriptor: .init(namespace: "encore", metricName: name + "_due", unitName: "", helpText: what + " whose time has come."),
            labels: labels
        ).set(Double(queue.due))
        registry.makeGauge(
            descriptor: .init(
                namespace: "encore", metricName: name + "_lag", unitName: "seconds",
                helpText: what + ": how long the oldest due one has waited (0 when none is due)."),
            labels: labels
        ).set(Double(queue.lagMilliseconds) / 1_000)
    }

    private func gauge(_ name: String, _ help: String, namespaced: Bool = true) -> Gauge {
        registry.makeGauge(
            descriptor: .init(namespace: namespaced ? "encore" : nil, metricName: name, unitName: "", helpText: help),
            labels: [])
    }
}

extension DeliveryOutcome {
    /// The `result` label of a delivery: delivered, transient or permanent.
    var resultLabel: String {
        switch self {
        case .delivered: "delivered"
        case .transient: "transient"
        case .permanent: "permanent"
        }
    }
}

/// Memory that parts of the server hold and count themselves, read at each scrape; nil parts are
/// not reported.
public struct MemoryFigures: Sendable {
    /// What the storage holds in the process (`EncoreStorage.memoryInUse`).
    public var storageBytes: Int?
    /// The receipt page cache: its pages, the bytes they hold and its eviction queue's length.
    public var pageCache: (pages: Int, bytes: Int, queued: Int)?

    public init(storageBytes: Int? = nil, pageCache: (pages: Int, bytes: Int, queued: Int)? = nil) {
        self.storageBytes = storageBytes
        self.pageCache = pageCache
    }
}

