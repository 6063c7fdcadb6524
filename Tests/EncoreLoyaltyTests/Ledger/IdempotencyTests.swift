import EncoreCore
import EncoreLoyalty
import Testing

extension LedgerTests {
    @Suite struct IdempotencyTests {
        @Test func replayingEveryKindOfEventChangesNothing() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.earn("2", 50, on: 1)
            try journal.spend("s1", 120)
            try journal.reverse("r1", order: "1", 100, policy: .negativeBalance)
            journal.record(try journal.book.expireAll(key("inactivity", "i1"), at: day(300)))
            let settled = journal.book
            let balances = journal.book.balances(at: day(400))

            let replays: [LedgerChange] = [
                try journal.book.earn(
                    key("order", "1"), points: 100, at: day(0), source: "order:1", availableAt: day(0), expiresAt: nil),
                try journal.book.grant(
                    key("order", "2"), points: 50, at: day(1), source: "order:2", availableAt: day(1), expiresAt: nil),
                try journal.book.spend(key("redemption", "s1"), points: 120, at: day(10)),
                try journal.book.reverse(
                    key("refund", "r1"), lotKey: journal.lot("1").key, points: 100, policy: .negativeBalance,
                    at: day(20)),
                try journal.book.expireAll(key("inactivity", "i1"), at: day(300)),
            ]
            for change in replays {
                #expect(change.isReplay)
                #expect(change.isEmpty)
                #expect(change.debt == settled.debt)
            }
            #expect(journal.book == settled)
            #expect(journal.book.balances(at: day(400)) == balances)
            #expect(journal.breaches().isEmpty)
        }

        @Test func aReplayIsRecognisedAfterReloadingFromStorage() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.spend("s1", 30)
            // Storage reloads the open lots, the debt and the event's key when it was recorded.
            var reloaded = try LotBook(
                store: store, customerKey: "c1", lots: journal.book.openLots, debt: journal.book.debt,
                appliedKeys: [try key("redemption", "s1").text])
            let replay = try reloaded.spend(key("redemption", "s1"), points: 30, at: day(10))
            #expect(replay.isReplay)
            #expect(reloaded.lot(try journal.lot("1").key)?.spent == 30)
            #expect(reloaded.hasApplied(try key("redemption", "s1")))
        }

        @Test func anEarningIsRecognisedByItsLotEvenWithoutKeys() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            var reloaded = try LotBook(store: store, customerKey: "c1", lots: journal.book.lots)
            let replay = try reloaded.earn(
                key("order", "1"), points: 100, at: day(0), source: "order:1", availableAt: day(0), expiresAt: nil)
            #expect(replay.isReplay)
            #expect(reloaded.balance == 100)
        }

        @Test func aReplayedSpendIsANoOpEvenWhenPointsNoLongerSuffice() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.spend("s1", 100)
            let replay = try journal.book.spend(key("redemption", "s1"), points: 100, at: day(10))
            #expect(replay.isReplay)
            #expect(journal.book.balance == 0)
        }

        @Test func aRefundThatMovedNoPointsIsStillNotCountedTwice() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.spend("s1", 100)
            let first = try journal.reverse("r1", order: "1", 40, policy: .cappedShortfall)
            #expect(first.postings.isEmpty && first.shortfall == 40)
            let replay = try journal.book.reverse(
                key("refund", "r1"), lotKey: journal.lot("1").key, points: 40, policy: .cappedShortfall, at: day(20))
            #expect(replay.isReplay && replay.shortfall == 0)
            #expect(try journal.lot("1").shortfall == 40)
        }

        @Test func newRuleVersionsAreNewEvents() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            let change = try journal.book.earn(
                key("order", "1", version: 2), points: 10, at: day(0), source: "order:1", availableAt: day(0),
                expiresAt: nil)
            #expect(!change.isReplay)
            #expect(journal.book.balance == 110)
        }

        @Test func sameEventInTwoBooksProducesTheSamePostings() throws {
            // Two racing transactions compute identical posting keys, so the UNIQUE constraint keeps one.
            var first = try Journal()
            var second = try Journal()
            try first.earn("1", 100)
            try second.earn("1", 100)
            let a = try first.spend("s1", 60)
            let b = try second.spend("s1", 60)
            #expect(a.postings.map(\.key) == b.postings.map(\.key))
            #expect(a == b)
        }
    }
}
