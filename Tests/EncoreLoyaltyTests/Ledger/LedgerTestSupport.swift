import EncoreCore
import EncoreLoyalty
import Testing

/// The points-ledger suites, grouped so `swift test --filter LedgerTests` runs them all.
@Suite enum LedgerTests {}

extension LedgerTests {
    static let store: StoreID = 7

    /// Midnight UTC of day `n` after 2023-11-14 (any fixed origin will do).
    static func day(_ n: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: 1_700_000_000_000 + n * 86_400_000)
    }

    /// The key of event `id` from `source` in the test store.
    static func key(_ source: String, _ id: String, version: Int = 1) throws(LedgerError) -> PostingKey {
        try PostingKey(store: store, source: source, sourceID: id, ruleVersion: version)
    }

    /// What storage would hold for one customer: the book plus every posting ever inserted,
    /// checked the way storage's UNIQUE constraints would.
    struct Journal {
        var book: LotBook
        var postings: [Posting] = []
        var postingKeys: Set<String> = []
        var eventKeys: Set<String> = []

        init(customer: String = "c1", debt: Int64 = 0) throws {
            book = try LotBook(store: LedgerTests.store, customerKey: customer, debt: debt)
        }

        /// Stores `change` as storage would; a UNIQUE violation fails the test.
        @discardableResult
        mutating func record(_ change: LedgerChange) -> LedgerChange {
            for posting in change.postings {
                #expect(postingKeys.insert(posting.key).inserted, "posting key \(posting.key) inserted twice")
            }
            for key in change.eventKeys {
                #expect(eventKeys.insert(key).inserted, "event key \(key) recorded twice")
            }
            postings += change.postings
            return change
        }

        /// Earns `points` for order `id` on `day`, available on `available` and expiring on
        /// `expires` (days), and records the change.
        @discardableResult
        mutating func earn(
            _ id: String, _ points: Int64, on day: Int64 = 0, available: Int64? = 0, expires: Int64? = nil,
            partner: String? = nil
        ) throws -> LedgerChange {
            let change = try book.earn(
                LedgerTests.key("order", id), points: points, at: LedgerTests.day(day), source: "order:\(id)",
                availableAt: available.map(LedgerTests.day), expiresAt: expires.map(LedgerTests.day),
                partner: partner, reason: "order \(id)")
            return record(change)
        }

        /// Redeems `points` on `day` for redemption `id` and records the change.
        @discardableResult
        mutating func spend(_ id: String, _ points: Int64, on day: Int64 = 10) throws -> LedgerChange {
            record(try book.spend(LedgerTests.key("redemption", id), points: points, at: LedgerTests.day(day)))
        }

        /// Reverses `points` of the lot earned by order `order` for refund `id` and records it.
        @discardableResult
        mutating func reverse(
            _ id: String, order: String, _ points: Int64, policy: RefundShortfallPolicy, on day: Int64 = 20
        ) throws -> LedgerChange {
            let lotKey = try LedgerTests.key("order", order).text
            return record(
                try book.reverse(
                    LedgerTests.key("refund", id), lotKey: lotKey, points: points, policy: policy,
                    at: LedgerTests.day(day)))
        }

        /// The lot earned by order `id`.
        func lot(_ id: String) throws -> PointLot {
            try #require(book.lot(LedgerTests.key("order", id).text))
        }

        /// The verifier's findings over everything stored.
        func breaches(cached: [LoyaltyAccount: Int64] = [:]) -> [LedgerBreach] {
            LedgerVerifier().verify(books: [book], postings: postings, cachedBalances: cached)
        }

        /// The balance of `account` derived from the stored postings.
        func derived(_ account: LoyaltyAccount) -> Int64 {
            postings.reduce(0) { $0 + $1.effect(on: account) }
        }
    }
}

/// A small seeded generator (SplitMix64) so randomized tests repeat exactly.
struct LedgerRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`.
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int64(next() % width)
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int64) -> Bool { int(1...100) <= percent }
}
