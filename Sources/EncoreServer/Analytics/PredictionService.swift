import EncoreCore
import EncoreStore
import Foundation
import Logging
import ServiceLifecycle

/// When the server refreshes a store's predictions.
public enum PredictionSchedule: Sendable, Hashable {
    /// Once a day at this hour of the store's time zone (the first at the next such hour).
    case daily(hour: Int)
    /// Every interval, the first at once.
    case every(Duration)

    /// The first refresh of a store the server has never refreshed.
    func first(after now: Timestamp, zone: TimeZone) -> Timestamp {
        switch self {
        case .daily: next(after: now, zone: zone)
        case .every: now
        }
    }

    /// The refresh after one made at `now`.
    func next(after now: Timestamp, zone: TimeZone) -> Timestamp {
        switch self {
        case .daily(let hour):
            let today = LocalDay.of(now, in: zone)
            for day in today...(today + 2) {
                let at = LocalDay.instant(day: day, hour: hour, in: zone)
                if at > now { return at }
            }
            return Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + 86_400_000)
        case .every(let interval):
            let ms = interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000
            return Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + max(1, ms))
        }
    }
}

/// Refreshes every store's predictions on its schedule until shutdown: each store is claimed
/// under a lease first, so several server processes on one PostgreSQL database refresh it once.
public struct PredictionService: Service {
    let storage: any EncoreStorage
    let clock: any Clock
    let schedule: PredictionSchedule
    let checkInterval: Duration
    let logger: Logger

    public init(
        storage: any EncoreStorage, clock: any Clock = SystemClock(), schedule: PredictionSchedule = .daily(hour: 4),
        checkInterval: Duration = .seconds(300), logger: Logger = Logger(label: "encore.predictions")
    ) {
        self.storage = storage
        self.clock = clock
        self.schedule = schedule
        self.checkInterval = checkInterval
        self.logger = logger
    }

    public func run() async throws {
        await repeatUntilShutdown(every: checkInterval, logger: logger, failure: "predictions refresh failed; trying again later") {
            try await runOnce()
        }
    }

    /// Refreshes each store that is due now; returns the reports of those refreshed.
    @discardableResult
    public func runOnce() async throws -> [PredictionRefreshReport] {
        var reports: [PredictionRefreshReport] = []
        for store in try await storage.stores() {
            let zone = store.zone
            let now = clock.now()
            guard
                try await storage.claimPredictionRefresh(
                    storeID: store.id, now: now, firstAt: schedule.first(after: now, zone: zone), lease: 3_600_000)
            else { continue }
            let report: PredictionRefreshReport
            do {
                report = try await PredictionRefresher(storage: storage).refresh(store: store, now: now)
            } catch {
                // Released for another try at the next check rather than held for the lease.
                try? await storage.finishPredictionRefresh(storeID: store.id, next: now)
                throw error
            }
            try await storage.finishPredictionRefresh(storeID: store.id, next: schedule.next(after: clock.now(), zone: zone))
            logger.info(
                "predictions", metadata: ["store": "\(store.name)", "status": "\(report.run.status.rawValue)",
                    "customers": "\(report.run.customers)", "events": "\(report.events)"])
            reports.append(report)
        }
        return reports
    }
}
