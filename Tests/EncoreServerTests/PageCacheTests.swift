import EncoreCore
import EncoreStore
import Foundation
import NIOCore
import Synchronization
import Testing

@testable import EncoreServer

/// A commit watch whose generation the test sets.
final class StubWatch: CommitWatch {
    let current = Mutex<Int64?>(1)
    func generation() -> Int64? { current.withLock { $0 } }
    func set(_ value: Int64?) { current.withLock { $0 = value } }
}

@Suite("Page cache: a rendered page is served again only while nothing changed")
struct PageCacheTests {
    let t0 = Timestamp(millisecondsSinceEpoch: 1_790_000_000_000)
    let page = ByteBuffer(string: "<p>receipt</p>")

    func generation(_ lookup: PageCache.Lookup) -> Int64?? {
        if case .miss(let generation) = lookup { return .some(generation) }
        return nil
    }

    func isHit(_ lookup: PageCache.Lookup, _ expected: ByteBuffer) -> Bool {
        if case .hit(let bytes) = lookup { return bytes == expected }
        return false
    }

    @Test("stored under the generation read before rendering; a commit since makes it a miss for good")
    func generations() {
        let watch = StubWatch()
        let cache = PageCache(watch: watch, capacityBytes: 1 << 20)
        #expect(generation(cache.lookup("a", now: t0)) == .some(1))
        cache.store("a", page: page, generation: 1, now: t0, validUntil: t0.adding(seconds: 3_600))
        #expect(isHit(cache.lookup("a", now: t0.adding(seconds: 1)), page))
        #expect(generation(cache.lookup("b", now: t0)) == .some(1), "another key is not served")
        watch.set(2)
        #expect(generation(cache.lookup("a", now: t0.adding(seconds: 2))) == .some(2))
        watch.set(1)
        #expect(generation(cache.lookup("a", now: t0.adding(seconds: 3))) == .some(1), "dropped, not kept for later")
        // A page read after a commit that the watch had not yet reported is stored as older: safe.
        cache.store("a", page: page, generation: 0, now: t0, validUntil: t0.adding(seconds: 3_600))
        #expect(generation(cache.lookup("a", now: t0.adding(seconds: 4))) == .some(1))
        #expect(cache.counts == (1, 5))
    }

    @Test("a commit drops every page at once, and a page rendered before it is not kept")
    func commitsEmptyTheCache() {
        let watch = StubWatch()
        let cache = PageCache(watch: watch, capacityBytes: 1 << 20)
        for key in ["a", "b", "c"] {
            #expect(generation(cache.lookup(key, now: t0)) == .some(1))
            cache.store(key, page: page, generation: 1, now: t0, validUntil: t0.adding(seconds: 60))
        }
        #expect(cache.footprint == (3, 3 * page.capacity, 3))
        // A render of "d" starts under generation 1; a commit lands; another request sees it.
        #expect(generation(cache.lookup("d", now: t0)) == .some(1))
        watch.set(2)
        #expect(generation(cache.lookup("e", now: t0)) == .some(2))
        #expect(cache.footprint == (0, 0, 0), "the pages of generation 1 could never be served: gone")
        cache.store("d", page: page, generation: 1, now: t0, validUntil: t0.adding(seconds: 60))
        #expect(cache.footprint == (0, 0, 0), "rendered from data older than the last commit seen")
        cache.store("e", page: page, generation: 2, now: t0, validUntil: t0.adding(seconds: 60))
        #expect(isHit(cache.lookup("e", now: t0), page))
        #expect(generation(cache.lookup("d", now: t0)) == .some(2))
    }

    @Test("while nothing is committed, pages that expire and are stored again keep the queue bounded")
    func quietQueue() {
        let cache = PageCache(watch: StubWatch(), capacityBytes: 1 << 20, maximumAgeSeconds: 60)
        for minute in 0..<10_000 {
            let now = t0.adding(seconds: Int64(minute) * 60)
            for key in ["a", "b"] {
                #expect(generation(cache.lookup(key, now: now)) == .some(1))
                cache.store(key, page: page, generation: 1, now: now, validUntil: now.adding(seconds: 3_600))
            }
        }
        #expect(cache.footprint.pages == 2)
        #expect(cache.footprint.queued <= 2 * 2 + 65, "queue of \(cache.footprint.queued) for 2 pages")
    }

    @Test("a watch that cannot answer serves nothing and asks not to store")
    func blindWatch() {
        let watch = StubWatch()
        let cache = PageCache(watch: watch, capacityBytes: 1 << 20)
        cache.store("a", page: page, generation: 1, now: t0, validUntil: t0.adding(seconds: 60))
        watch.set(nil)
        #expect(generation(cache.lookup("a", now: t0)) == .some(nil))
    }

    @Test("never served at or past the page's own deadline, nor past the maximum age")
    func deadlines() {
        let cache = PageCache(watch: StubWatch(), capacityBytes: 1 << 20, maximumAgeSeconds: 60)
        cache.store("short", page: page, generation: 1, now: t0, validUntil: t0.adding(seconds: 10))
        cache.store("long", page: page, generation: 1, now: t0, validUntil: t0.adding(seconds: 86_400))
        cache.store("past", page: page, generation: 1, now: t0, validUntil: t0)
        #expect(isHit(cache.lookup("short", now: t0.adding(seconds: 9)), page))
        #expect(!isHit(cache.lookup("short", now: t0.adding(seconds: 10)), page))
        #expect(isHit(cache.lookup("long", now: t0.adding(seconds: 59)), page))
        #expect(!isHit(cache.lookup("long", now: t0.adding(seconds: 60)), page), "maximum age")
        #expect(!isHit(cache.lookup("past", now: t0), page))
    }

    @Test("holds at most its capacity (counted as the pages' storage), dropping the oldest pages first; a page over a quarter of it is not kept")
    func capacity() {
        let kilobyte = ByteBuffer(repeating: UInt8(ascii: "x"), count: 1_000)
        let cache = PageCache(watch: StubWatch(), capacityBytes: 4 * kilobyte.capacity)
        let until = t0.adding(seconds: 60)
        for key in ["1", "2", "3", "4"] { cache.store(key, page: kilobyte, generation: 1, now: t0, validUntil: until) }
        cache.store("2", page: kilobyte, generation: 1, now: t0, validUntil: until)  // stored again: now the newest
        cache.store("5", page: kilobyte, generation: 1, now: t0, validUntil: until)
        #expect(!isHit(cache.lookup("1", now: t0), kilobyte), "the oldest went")
        for key in ["2", "3", "4", "5"] { #expect(isHit(cache.lookup(key, now: t0), kilobyte), "\(key) kept") }
        cache.store("6", page: kilobyte, generation: 1, now: t0, validUntil: until)
        #expect(!isHit(cache.lookup("3", now: t0), kilobyte), "then the next oldest")
        #expect(isHit(cache.lookup("2", now: t0), kilobyte), "the one stored again is younger")
        let big = ByteBuffer(repeating: 0, count: kilobyte.capacity + 1)
        cache.store("big", page: big, generation: 1, now: t0, validUntil: until)
        #expect(!isHit(cache.lookup("big", now: t0), big))
        // A small slice of a large buffer holds the whole storage: it counts as what it holds.
        var slice = ByteBuffer(repeating: 1, count: 4 * kilobyte.capacity)
        slice.moveReaderIndex(forwardBy: 4 * kilobyte.capacity - 10)
        cache.store("slice", page: slice, generation: 1, now: t0, validUntil: until)
        #expect(!isHit(cache.lookup("slice", now: t0), slice))
    }

    @Test("many tasks at once: every hit is the page stored for that key")
    func concurrent() async {
        let cache = PageCache(watch: StubWatch(), capacityBytes: 64 << 10)
        let now = t0
        let wrong = await withTaskGroup(of: Int.self) { group in
            for task in 0..<16 {
                group.addTask {
                    var wrong = 0
                    for round in 0..<2_000 {
                        let key = "k\((task * 31 + round) % 200)"
                        switch cache.lookup(key, now: now) {
                        case .hit(let bytes): if String(buffer: bytes) != key { wrong += 1 }
                        case .miss(let generation):
                            cache.store(key, page: ByteBuffer(string: key), generation: generation ?? 0, now: now, validUntil: now.adding(seconds: 60))
                        }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(wrong == 0)
        #expect(cache.counts.hits + cache.counts.misses == 32_000 && cache.counts.hits > 0)
    }
}
