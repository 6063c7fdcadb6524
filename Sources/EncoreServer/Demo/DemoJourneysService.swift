import EncoreCore
import EncoreStore
import Logging
import ServiceLifecycle

/// The demo's journey worker: first replays the demo's last days on a simulated clock (so the
/// server is up at once while the mailbox fills), then runs the live worker on the real clock.
/// The live worker must not start before the replay ends: it would fire the simulated timers at
/// today's time.
public struct DemoJourneysService: Service {
    let replay: DemoReplay
    let storage: any EncoreStorage
    let runtime: JourneyRuntime
    let worker: JourneyWorkerService
    let logger: Logger

    public init(
        replay: DemoReplay, storage: any EncoreStorage, runtime: JourneyRuntime, worker: JourneyWorkerService,
        logger: Logger
    ) {
        self.replay = replay
        self.storage = storage
        self.runtime = runtime
        self.worker = worker
        self.logger = logger
    }

    public func run() async throws {
        let started = ContinuousClock.now
        do {
            try await replay.run(storage: storage, runtime: runtime)
            logger.info("demo journeys replayed", metadata: ["elapsed": "\(ContinuousClock.now - started)"])
        } catch is CancellationError {
            return
        }
        try await worker.run()
    }
}
