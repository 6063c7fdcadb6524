import EncoreCore
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import EncoreServer

/// A clock the test moves.
final class SteppingClock: Clock {
    let instant: Mutex<Timestamp>
    init(_ start: Timestamp) { instant = Mutex(start) }
    func now() -> Timestamp { instant.withLock { $0 } }
    func advance(seconds: Int64) { instant.withLock { $0 = $0.adding(seconds: seconds) } }
}

@Suite("Smart receipt from memory: served again until anything is committed or its clock moves on")
struct ReceiptCacheTests {
    /// The receipt routes alone, with a cache the test can count, on a seeded SQLite store.
    func run(_ body: @Sendable (CareBrowser, PageCache, SteppingClock, String) async throws -> Void) async throws {
        try await withStorage(.sqlite) { storage, url in
            let store = try await CareBrowser.seed(storage)
            let clock = SteppingClock(CareBrowser.now)
            let pages = PageCache(watch: try #require(storage.commitWatch), capacityBytes: 1 << 20)
            let router = Router(context: EncoreRequestContext.self)
            let care = CareService(storage: storage, links: CareBrowser.links, clock: clock)
            ReceiptRoutes(
                care: care, signer: CareBrowser.signer, guardian: FormGuard(signer: CareBrowser.signer),
                limiter: RateLimiter(burst: 10, perMinute: 30), pages: pages
            ).register(on: router)
            try await Application(router: router).test(.router) { client in
                try await body(CareBrowser(storage: storage, store: store, client: client), pages, clock, url)
            }
        }
    }

    @Test("the same page twice is rendered once; a commit by another process shows at once")
    func commits() async throws {
        try await run { browser, pages, _, url in
            let link = browser.link(.receipt)
            let first = try await browser.get(link)
            let second = try await browser.get(link)
            #expect(first.status == .ok && second.text == first.text)
            #expect(second.headers[HTTPField.Name("Content-Security-Policy")!] != nil, "a copy has the page's headers")
            #expect(pages.counts == (1, 1))

            let other = try await openStorage(url: url)
            try await other.updateSettings(
                storeID: browser.store.id, settings: StoreSettings(displayName: "Other <Shop>", supportEmail: "help@acme.test"))
            try await other.close()
            let third = try await browser.get(link)
            #expect(third.text.contains("Other &lt;Shop&gt;") && !third.text.contains("Acme &lt;Coffee&gt;"))
            #expect(pages.counts == (1, 2))
        }
    }

    @Test("a vote through the page's form shows on the next view; the notice is a page of its own")
    func ownWrites() async throws {
        try await run { browser, pages, _, _ in
            let link = browser.link(.receipt)
            #expect(try await browser.get(link).text.contains("How likely"))
            let voted = try await browser.submit(from: link, to: link + "/nps", [("score", "9")])
            #expect(voted.status == .seeOther)
            let after = try await browser.get(voted.location ?? "")
            #expect(after.text.contains("Thank you! Your answer was recorded."))
            let plain = try await browser.get(link)
            #expect(!plain.text.contains("Thank you! Your answer was recorded.") && !plain.text.contains("How likely"))
            #expect(pages.counts.hits >= 1)
        }
    }

    @Test("the clock alone ends a copy: past its age, and a link that expired meanwhile is never served")
    func clock() async throws {
        try await run { browser, pages, clock, _ in
            // A link issued so that it expires 30 seconds from now.
            let days = Int64(JourneyLinks.route(.receipt).days)
            let link = browser.link(.receipt, at: CareBrowser.now.adding(seconds: 30 - days * 86_400))
            #expect(try await browser.get(link).status == .ok)
            #expect(try await browser.get(link).status == .ok)
            #expect(pages.counts.hits == 1)
            clock.advance(seconds: 31)
            let expired = try await browser.get(link)
            #expect(expired.status == .gone && !expired.text.contains("Item 1"))

            let fresh = browser.link(.receipt)
            _ = try await browser.get(fresh)
            clock.advance(seconds: 61)
            let hits = pages.counts.hits
            #expect(try await browser.get(fresh).status == .ok)
            #expect(pages.counts.hits == hits, "older than a minute: rendered again")
        }
    }
}
