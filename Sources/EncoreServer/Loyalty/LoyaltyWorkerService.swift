import EncoreCore
import EncoreStore
import Logging
import ServiceLifecycle

/// Runs the loyalty worker until shutdown: batches of queued events at once again while there
/// is more, otherwise every `idleInterval`; the expiry sweep every `sweepInterval`; every store's
/// "bought together" lists at start and every `recommendationInterval`. Several processes may run it against one PostgreSQL
/// database (claims skip each other's rows; the ledger locks each customer).
public struct LoyaltyWorkerService: Service {
    let processor: LoyaltyProcessor
    let batchSize: Int
    let idleInterval: Duration
    let sweepInterval: Duration
    let recommendationInterval: Duration
    let recommendations: RecommendationBuilder
    let storage: any EncoreStorage
    let logger: Logger
    let metrics: ServerMetrics?

    public init(
        storage: any EncoreStorage, clock: any Clock = SystemClock(), batchSize: Int = 500,
        idleInterval: Duration = .milliseconds(250), sweepInterval: Duration = .seconds(60),
        recommendationInterval: Duration = .seconds(6 * 3_600), logger: Logger = Logger(label: "encore.loyalty"),
        metrics: ServerMetrics? = nil
    ) {
        self.sweepInterval = sweepInterval
        self.recommendationInterval = recommendationInterval
        self.recommendations = RecommendationBuilder(storage: storage, clock: clock)
        self.storage = storage
        self.processor = LoyaltyProcessor(storage: storage, clock: clock)
        self.batchSize = batchSize
        self.idleInterval = idleInterval
        self.logger = logger
        self.metrics = metrics
    }

    public func run() async throws {
        var failures = 0
        var lastSweep: ContinuousClock.Instant?
        var lastRecommendations: ContinuousClock.Instant?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if lastRecommendations.map({ $0.duration(to: .now) >= recommendationInterval }) ?? true {
                    lastRecommendations = .now
                    for store in try await storage.stores() {
                        let report = try await recommendations.rebuild(storeID: store.id)
                        logger.info(
                            "recommendations", metadata: ["store": "\(store.name)", "baskets": "\(report.baskets)",
                                "products": "\(report.productsWithNeighbours)"])
                    }
                }
                if lastSweep.map({ $0.duration(to: .now) >= sweepInterval }) ?? true {
                    let swept = try await processor.sweep()
                    lastSweep = .now
                    if swept.didWork {
                        logger.info(
                            "loyalty expiry", metadata: ["expired": "\(swept.expiredPoints)", "customers": "\(swept.customers)",
                                "warnings": "\(swept.warnings)", "birthdays": "\(swept.birthdays)"])
                    }
                }
                let (processor, limit) = (self.processor, batchSize)
                let report = try await boundedBatch("loyalty") { try await processor.runOnce(limit: limit) }
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
                metrics?.recordWorkerFailure("loyalty")
                logger.error("loyalty worker failed; retrying", metadata: ["error": "\(error)", "failures": "\(failures)"])
                try? await Task.sleep(for: .milliseconds(min(10_000, 250 << min(failures, 6))))
            }
        }
    }
}
