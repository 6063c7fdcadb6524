import EncoreCore
import EncoreStore
import Logging
import ServiceLifecycle

/// Runs the journey worker until shutdown: processes new events and due steps in batches, at
/// once again while there is more work, otherwise every `idleInterval`. Several processes may
/// run it against one PostgreSQL database; SQLite has one writer.
public struct JourneyWorkerService: Service {
    let storage: any EncoreStorage
    let runtime: JourneyRuntime
    let clock: any Clock
    let batchSize: Int
    let idleInterval: Duration
    let logger: Logger
    let metrics: ServerMetrics?

    public init(
        storage: any EncoreStorage, runtime: JourneyRuntime, clock: any Clock = SystemClock(), batchSize: Int = 500,
        idleInterval: Duration = .milliseconds(200), logger: Logger = Logger(label: "encore.journeys"),
        metrics: ServerMetrics? = nil
    ) {
        self.storage = storage
        self.runtime = runtime
        self.clock = clock
        self.batchSize = batchSize
        self.idleInterval = idleInterval
        self.logger = logger
        self.metrics = metrics
    }

    public func run() async throws {
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let (storage, runtime, now, limit) = (self.storage, self.runtime, clock.now(), batchSize)
                let report = try await boundedBatch("journey") {
                    try await storage.runJourneys(now: now, limit: limit, runtime: runtime)
                }
                failures = 0
                if report.didWork {
                    logger.debug(
                        "journeys", metadata: ["events": "\(report.eventsProcessed)", "steps": "\(report.stepsRun)",
                            "queued": "\(report.messagesQueued)"])
                }
                if report.didWork || report.moreDue { continue }
                try await Task.sleep(for: idleInterval)
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                metrics?.recordWorkerFailure("journeys")
                logger.error("journey worker failed; retrying", metadata: ["error": "\(error)", "failures": "\(failures)"])
                try? await Task.sleep(for: .milliseconds(min(10_000, 250 << min(failures, 6))))
            }
        }
    }
}
