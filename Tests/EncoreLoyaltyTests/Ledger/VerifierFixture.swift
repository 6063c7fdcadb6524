import EncoreCore
import EncoreLoyalty
import Testing

extension LedgerTests {
    /// A clean ledger touching every kind of posting, two customers and a partner, for the
    /// verifier tests to corrupt one way at a time.
    struct VerifierFixture {
        var postings: [Posting]
        var lots: [PointLot]
        var debts: [String: Int64]

        init() throws {
            var ann = try Journal(customer: "ann")
            try ann.earn("1", 100, on: 0, expires: 300)
            try ann.earn("2", 60, on: 1, partner: "brand-b")
            try ann.spend("s1", 120, on: 10)
            try ann.reverse("r1", order: "1", 100, policy: .negativeBalance, on: 20)
            try ann.earn("3", 30, on: 21, available: 50)
            var bob = try Journal(customer: "bob")
            try bob.earn("9", 80, on: 0, expires: 100)
            try bob.spend("s9", 20, on: 5)
            bob.record(bob.book.expire(now: day(100)))
            bob.record(
                try bob.book.grant(
                    key("goodwill", "g1"), points: 5, at: day(101), source: "ticket:1", availableAt: nil,
                    expiresAt: nil))
            postings = ann.postings + bob.postings
            lots = ann.book.lots + bob.book.lots
            debts = ["ann": ann.book.debt, "bob": bob.book.debt]
        }

        func verify(cached: [LoyaltyAccount: Int64] = [:]) -> [LedgerBreach] {
            LedgerVerifier().verify(postings: postings, lots: lots, debts: debts, cachedBalances: cached)
        }

        func index(ofLot source: String) throws -> Int {
            try #require(lots.firstIndex { $0.source == source })
        }

        func index(of kind: PostingKind, lot source: String) throws -> Int {
            let lot = lots[try index(ofLot: source)]
            return try #require(postings.firstIndex { $0.kind == kind && $0.lotKey == lot.key })
        }

        /// The derived balance of every account.
        var balances: [LoyaltyAccount: Int64] {
            var result: [LoyaltyAccount: Int64] = [:]
            for posting in postings {
                result[posting.debit, default: 0] -= posting.points
                result[posting.credit, default: 0] += posting.points
            }
            return result
        }
    }
}
