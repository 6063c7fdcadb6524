import EncoreCore
import EncoreStore
import NIOCore
import Synchronization

/// Rendered customer pages by their link, served again while nothing has been committed to the
/// database since they were rendered, and never past the moment the page itself would change
/// with the clock (its `validUntil`: a link expiring, a return window closing, the hour of its
/// form tokens) or `maximumAge`.
///
/// Correct across processes: the `CommitWatch` sees every commit to the database, by this
/// server, its workers or an `encore` command in another process, and a page is kept only with
/// the generation read *before* its data was read. Holds at most `capacityBytes` of pages,
/// dropping the oldest first, and only pages of the newest generation: once a commit is seen,
/// every older page could never be served again and is dropped at once, so a steady stream of
/// writes keeps the cache small instead of filling it with dead pages.
final class PageCache: Sendable {
    enum Lookup {
        case hit(ByteBuffer)
        /// Not cached (or no longer valid): render, then `store` with this generation if not nil.
        case miss(generation: Int64?)
    }

    private struct Entry {
        var page: ByteBuffer
        var validUntil: Timestamp
        var sequence: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Keys in the order they were stored, with the sequence number they were stored under.
        var order: [(key: String, sequence: UInt64)] = []
        var head = 0
        var bytes = 0
        var sequence: UInt64 = 0
        /// The generation of the last lookup: every entry was stored under it.
        var generation: Int64?
        var hits = 0
        var misses = 0

        mutating func remove(_ key: String) {
            if let old = entries.removeValue(forKey: key) { bytes -= old.page.capacity }
        }

        /// Moves to `current`: when it differs from the last one, something was committed and
        /// no entry can be served again (a watch never answers an earlier number twice).
        mutating func advance(to current: Int64) {
            guard current != generation else { return }
            generation = current
            entries = [:]
            order = []
            head = 0
            bytes = 0
        }
    }

    private let watch: any CommitWatch
    private let capacityBytes: Int
    private let maximumAgeSeconds: Int64
    private let state = Mutex(State())

    init(watch: any CommitWatch, capacityBytes: Int, maximumAgeSeconds: Int64 = 60) {
        self.watch = watch
        self.capacityBytes = capacityBytes
        self.maximumAgeSeconds = maximumAgeSeconds
    }

    /// The cached page for `key` if nothing was committed since it was rendered and it is still
    /// valid at `now`.
    func lookup(_ key: String, now: Timestamp) -> Lookup {
        guard let current = watch.generation() else { return .miss(generation: nil) }
        return state.withLock { state in
            state.advance(to: current)
            if let entry = state.entries[key] {
                if now < entry.validUntil {
                    state.hits += 1
                    return .hit(entry.page)
                }
                state.remove(key)
            }
            state.misses += 1
            return .miss(generation: current)
        }
    }

    /// Keeps `page` for `key`, rendered from data read after `generation` was looked up, until
    /// `validUntil` (or `maximumAge` after `now`, whichever comes first).
    func store(_ key: String, page: ByteBuffer, generation: Int64, now: Timestamp, validUntil: Timestamp) {
        // What the page's storage holds, which may be more than its bytes.
        let size = page.capacity
        guard size <= capacityBytes / 4 else { return }
        let until = min(validUntil, now.adding(seconds: maximumAgeSeconds))
        guard now < until else { return }
        state.withLock { state in
            // Rendered from data some later commit has changed: it would never be served.
            if state.generation == nil { state.generation = generation }
            guard generation == state.generation else { return }
            state.remove(key)
            state.sequence += 1
            state.entries[key] = Entry(page: page, validUntil: until, sequence: state.sequence)
            state.order.append((key, state.sequence))
            state.bytes += size
            while state.bytes > capacityBytes, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if state.entries[oldest.key]?.sequence == oldest.sequence { state.remove(oldest.key) }
            }
            // Forget the queue's dropped and replaced keys once they outnumber the live ones
            // (pages expire and are stored again while nothing is committed).
            if state.order.count - state.head > 2 * state.entries.count + 64 {
                state.order = state.order[state.head...].filter { state.entries[$0.key]?.sequence == $0.sequence }
                state.head = 0
            }
        }
    }

    /// Pages served from the cache and pages rendered, since start.
    var counts: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// What the cache holds: pages, their bytes, and the length of its eviction queue.
    var footprint: (pages: Int, bytes: Int, queued: Int) {
        state.withLock { ($0.entries.count, $0.bytes, $0.order.count - $0.head) }
    }
}
