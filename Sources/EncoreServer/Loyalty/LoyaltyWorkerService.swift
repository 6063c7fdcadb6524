import EncoreCore
import EncoreStore
import Logging
import ServiceLifecycle

/// Runs the loyalty worker until shutdown: batches of queued events at once again while there
/// is more, otherwise every `idleInterval`; the expiry sweep every `sweepInterval`. Several processes may run it against one PostgreSQL
/// database (claims skip each other's rows; the ledger locks each customer).
public struct LoyaltyWorkerService: Service {
    let processor: LoyaltyProcessor
    let batchSize: Int
    let idleInterval: Duration
    let sweepInterval: Duration
    let logger: Logger

    public init(
        storage: any EncoreStorage, clock: any Clock = SystemClock(), batchSize: Int = 500,
        idleInterval: Duration = .milliseconds(250), sweepInterval: Duration = .seconds(60),
        logger: Logger = Logger(label: "encore.loyalty")
    ) {
        self.sweepInterval = sweepInterval
        self.processor = LoyaltyProcessor(storage: storage, clock: clock)
        self.batchSize = batchSize
        self.idleInterval = idleInterval
        self.logger = logger
    }

    public func run() async throws {
        var failures = 0
        var lastSweep: ContinuousClock.Instant?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if lastSweep.map({ $0.duration(to: .now) >= sweepInterval }) ?? true {
                    let swept = try await processor.sweep()
                    lastSweep = .now
                    if swept.didWork {
                        logger.info(
                            "loyalty expiry", metadata: ["expired": "\(swept.expiredPoints)", "customers": "\(swept.customers)",
                                "warnings": "\(swept.warnings)"])
                    }
                }
                let report = try await processor.runOnce(limit: batchSize)
                failures = 0
                if report.didWork {
                    logger.debug(
                        "loyalty", metadata: ["events": "\(report.events)", "applied": "\(report.applied)",
                            "refused": "\(report.refused)", "tiers": "\(report.tierChanges)"])
                    continue
                }
                try await Task.sleep(for: idleInterval)
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                logger.error("loyalty worker failed; retrying", metadata: ["error": "\(error)", "failures": "\(failures)"])
                try? await Task.sleep(for: .milliseconds(min(10_000, 250 << min(failures, 6))))
            }
        }
    }
}
