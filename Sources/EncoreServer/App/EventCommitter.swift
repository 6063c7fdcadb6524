import EncoreCore
import EncoreStore
import Synchronization

/// Group commit for event appends: concurrent requests share one transaction.
///
/// Each request still gets its 2xx only after its events are committed (durable), but with 64
/// clients in flight one commit (one fsync) carries up to 64 requests instead of one. If a
/// shared commit fails (say one request reuses an idempotency key with other content), the
/// requests are retried one by one, so each gets its own answer and none fails for another.
final class EventCommitter: Sendable {
    typealias Waiter = (batch: IngestBatch, continuation: CheckedContinuation<IngestResult, any Error>)

    private struct State {
        var pending: [Waiter] = []
        var flushing = false
    }

    private let storage: any EncoreStorage
    private let clock: any Clock
    /// A lock, not an actor: a request only appends itself and goes to sleep, so it should not pay
    /// for a hop onto an actor's executor.
    private let state = Mutex(State())
    /// Most events merged into one transaction.
    private let maxEventsPerCommit = 5_000

    init(storage: any EncoreStorage, clock: any Clock) {
        self.storage = storage
        self.clock = clock
    }

    /// Appends the batch's events; returns once they are committed.
    func append(_ batch: IngestBatch) async throws -> IngestResult {
        try await withCheckedThrowingContinuation { continuation in
            let startFlusher = state.withLock { state -> Bool in
                state.pending.append((batch, continuation))
                if state.flushing { return false }
                state.flushing = true
                return true
            }
            if startFlusher { Task { await self.flush() } }
        }
    }

    /// Commits what is pending, group after group, until nothing is left.
    private func flush() async {
        while true {
            let work = state.withLock { state -> [Waiter]? in
                if state.pending.isEmpty {
                    state.flushing = false
                    return nil
                }
                var take = 0
                var events = 0
                while take < state.pending.count,
                    take == 0 || events + state.pending[take].batch.events.count <= maxEventsPerCommit
                {
                    events += state.pending[take].batch.events.count
                    take += 1
                }
                let work = Array(state.pending.prefix(take))
                state.pending.removeFirst(take)
                return work
            }
            guard let work else { return }
            await commit(work)
        }
    }

    private func commit(_ work: [Waiter]) async {
        let byStore = Dictionary(grouping: work.indices, by: { work[$0].batch.storeID })
        for (storeID, indices) in byStore {
            if indices.count == 1 {
                let item = work[indices[0]]
                do {
                    item.continuation.resume(returning: try await storage.ingest(item.batch, now: clock.now()))
                } catch {
                    item.continuation.resume(throwing: error)
                }
                continue
            }
            var merged = IngestBatch(storeID: storeID)
            for index in indices { merged.events += work[index].batch.events }
            do {
                let result = try await storage.ingest(merged, now: clock.now())
                var offset = 0
                for index in indices {
                    let count = work[index].batch.events.count
                    var own = IngestResult()
                    own.eventIDs = Array(result.eventIDs[offset..<offset + count])
                    offset += count
                    work[index].continuation.resume(returning: own)
                }
            } catch {
                for index in indices {
                    do {
                        work[index].continuation.resume(
                            returning: try await storage.ingest(work[index].batch, now: clock.now()))
                    } catch {
                        work[index].continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}
