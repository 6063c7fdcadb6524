import EncoreCore
import EncoreLoyalty
import Testing

extension LedgerTests {
    @Suite struct ExpiryTests {
        @Test func eachLotExpiresAtItsOwnTime() throws {
            var journal = try Journal()
            try journal.earn("1", 100, on: 0, expires: 100)
            try journal.earn("2", 50, on: 10, expires: 200)
            try journal.earn("3", 20, on: 20, expires: nil)
            try journal.spend("s1", 40, on: 30)

            #expect(journal.record(journal.book.expire(now: day(99))).postings.isEmpty)
            let first = journal.record(journal.book.expire(now: day(100)))
            #expect(first.postings.map(\.points) == [60])
            #expect(first.postings.map(\.kind) == [.expire])
            #expect(first.postings.first?.at == day(100))
            #expect(first.postings.first?.credit == .liability)
            let lotKey = try journal.lot("1").key
            #expect(first.eventKeys == [PostingKey.lotExpiry(store: store, lotKey: lotKey).text])
            #expect(try journal.lot("1").state(at: day(100)) == .expired)
            #expect(journal.book.balance == 70)

            let second = journal.record(journal.book.expire(now: day(10_000)))
            #expect(second.postings.map(\.points) == [50])
            #expect(try journal.lot("3").remaining == 20)
            #expect(journal.book.balances(at: day(10_000)) == PointBalances(available: 20, spent: 40, expired: 110))
            #expect(journal.breaches().isEmpty)
        }

        @Test func expiringAgainChangesNothing() throws {
            var journal = try Journal()
            try journal.earn("1", 100, expires: 10)
            journal.record(journal.book.expire(now: day(10)))
            let before = journal.book
            #expect(journal.book.expire(now: day(11)).isEmpty)
            #expect(journal.book == before)
        }

        @Test func pendingPointsExpireToo() throws {
            var journal = try Journal()
            try journal.earn("1", 100, available: nil, expires: 10)
            let change = journal.record(journal.book.expire(now: day(10)))
            #expect(change.postings.map(\.points) == [100])
            #expect(journal.breaches().isEmpty)
        }

        @Test func aMostlySpentLotThatExpiresIsStillCalledSpent() throws {
            var journal = try Journal()
            try journal.earn("1", 100, expires: 50)
            try journal.spend("s1", 90)
            journal.record(journal.book.expire(now: day(50)))
            #expect(try journal.lot("1").state(at: day(50)) == .spent)
            #expect(try journal.lot("1").expired == 10)
        }

        @Test func wholeBalanceExpiryTakesEveryLotAtOnce() throws {
            var journal = try Journal()
            try journal.earn("1", 100, on: 0)
            try journal.earn("2", 50, on: 1, available: nil)
            try journal.earn("3", 25, on: 2, expires: 400)
            try journal.spend("s1", 30)
            let change = journal.record(try journal.book.expireAll(key("inactivity", "2025-01"), at: day(365)))
            #expect(change.postings.map(\.points) == [70, 50, 25])
            #expect(change.postings.map(\.key) == (1...3).map { "7|inactivity|2025-01|v1#\($0)" })
            #expect(change.postings.allSatisfy { $0.kind == .expire && $0.reason == "inactivity" })
            #expect(journal.book.openLots.isEmpty)
            #expect(journal.book.balance == 0)
            #expect(journal.breaches().isEmpty)
        }

        @Test func wholeBalanceExpiryLeavesTheDebt() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.earn("2", 40, on: 1)
            try journal.spend("s1", 100)
            try journal.reverse("r1", order: "1", 100, policy: .negativeBalance)
            journal.record(try journal.book.expireAll(key("inactivity", "x"), at: day(365)))
            #expect(journal.book.debt == 100)
            #expect(journal.book.balance == -100)
            #expect(journal.breaches().isEmpty)
        }

        @Test func expiringSoonListsOnlyLotsInsideTheWindow() throws {
            var journal = try Journal()
            try journal.earn("due", 10, on: 0, expires: 100)
            try journal.earn("edge", 20, on: 0, expires: 130)
            try journal.earn("inside", 30, on: 1, expires: 110)
            try journal.earn("later", 40, on: 2, expires: 131)
            try journal.earn("never", 50, on: 3, expires: nil)
            try journal.earn("spent", 5, on: -1, expires: 120)
            try journal.spend("s1", 5)
            let soon = journal.book.lotsExpiring(after: day(100), through: day(130))
            #expect(soon.map(\.source) == ["order:inside", "order:edge"])
            #expect(journal.book.pointsExpiring(after: day(100), through: day(130)) == 50)
            #expect(journal.book.pointsExpiring(after: day(99), through: day(131)) == 100)
        }
    }
}
