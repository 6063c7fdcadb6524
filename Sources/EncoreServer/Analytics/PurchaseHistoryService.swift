import EncoreCore
import EncoreStore
import Logging
import ServiceLifecycle

/// Keeps every store's purchase histories packed until shutdown: each `interval`, the customers
/// whose orders, refunds or returns changed since are rebuilt (SQLite; a no-op on PostgreSQL).
/// The figures are right without it (a stale history is read from the orders); it keeps the
/// dashboard and `encore metrics` reading one packed row per customer.
public struct PurchaseHistoryService: Service {
    let storage: any EncoreStorage
    let interval: Duration
    let logger: Logger

    public init(storage: any EncoreStorage, interval: Duration = .seconds(60), logger: Logger = Logger(label: "encore.histories")) {
        self.storage = storage
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        // A graceful shutdown also stops a long pass (the first after an upgrade takes a while),
        // between two of its transactions: the rest stays stale for the next start.
        await repeatUntilShutdown(every: interval, logger: logger, failure: "purchase histories refresh failed; trying again later") {
            _ = try await cancelWhenGracefulShutdown { try await runOnce() }
        }
    }

    /// Refreshes every store's stale histories; returns how many were rebuilt per store name
    /// (stores with none left out). A store whose refresh fails is logged and skipped, so the
    /// stores after it are still refreshed; cancellation stops the pass.
    @discardableResult
    public func runOnce() async throws -> [String: Int] {
        var rebuilt: [String: Int] = [:]
        for store in try await storage.stores() {
            let count: Int
            do {
                count = try await storage.refreshPurchaseHistories(storeID: store.id)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                logger.error("purchase histories refresh failed", metadata: ["store": "\(store.name)", "error": "\(error)"])
                continue
            }
            guard count > 0 else { continue }
            rebuilt[store.name] = count
            logger.info("purchase histories", metadata: ["store": "\(store.name)", "rebuilt": "\(count)"])
        }
        return rebuilt
    }
}
