import EncoreCore
import EncoreLoyalty
import Testing

extension LedgerTests {
    @Suite struct SpendTests {
        @Test func spendingTakesTheOldestLotsFirst() throws {
            var journal = try Journal()
            try journal.earn("a", 30, on: 1)
            try journal.earn("b", 40, on: 2)
            try journal.earn("c", 50, on: 3)
            let change = try journal.spend("r1", 60)
            #expect(change.postings.map(\.points) == [30, 30])
            #expect(change.postings.map(\.lotKey) == [try journal.lot("a").key, try journal.lot("b").key])
            #expect(change.postings.map(\.key) == ["7|redemption|r1|v1#1", "7|redemption|r1|v1#2"])
            #expect(change.postings.allSatisfy { $0.debit == .customer("c1") && $0.credit == .liability })
            #expect(try journal.lot("a").spent == 30)
            #expect(try journal.lot("a").state(at: day(10)) == .spent)
            #expect(try journal.lot("b").remaining == 10)
            #expect(try journal.lot("c").remaining == 50)
            #expect(journal.book.balances(at: day(10)) == PointBalances(available: 60, spent: 60))
            #expect(journal.breaches().isEmpty)
        }

        @Test func lotsEarnedAtTheSameTimeGoByKey() throws {
            var journal = try Journal()
            try journal.earn("z", 10, on: 1)
            try journal.earn("m", 10, on: 1)
            let change = try journal.spend("r1", 10)
            #expect(change.postings.map(\.lotKey) == [try journal.lot("m").key])
        }

        @Test func aPartialSpendLeavesTheRestOfTheLot() throws {
            var journal = try Journal()
            try journal.earn("a", 100)
            try journal.spend("r1", 35)
            try journal.spend("r2", 15)
            #expect(try journal.lot("a").spent == 50)
            #expect(try journal.lot("a").remaining == 50)
            #expect(try journal.lot("a").state(at: day(10)) == .available)
            #expect(journal.breaches().isEmpty)
        }

        @Test func pendingLotsAreSkippedEvenWhenOlder() throws {
            var journal = try Journal()
            try journal.earn("old-pending", 100, on: 1, available: 60)
            try journal.earn("new-available", 40, on: 2, available: 2)
            let change = try journal.spend("r1", 30, on: 10)
            #expect(change.lots.map(\.source) == ["order:new-available"])
            #expect(try journal.lot("old-pending").remaining == 100)
            #expect(throws: LedgerError.insufficientPoints(available: 10, requested: 11, owed: 0)) {
                try journal.book.spend(key("redemption", "r2"), points: 11, at: day(10))
            }
        }

        @Test func insufficientPointsSayWhatIsAvailable() throws {
            var journal = try Journal()
            try journal.earn("a", 70)
            do {
                _ = try journal.book.spend(key("redemption", "r1"), points: 100, at: day(10))
                Issue.record("overspent")
            } catch {
                #expect(error == .insufficientPoints(available: 70, requested: 100, owed: 0))
                #expect(error.field == "points")
                #expect(error.description == "points: only 70 points can be spent, 100 requested")
            }
            // Nothing changed, and the same key can still be used once points suffice.
            #expect(try journal.lot("a").spent == 0)
            #expect(journal.book.appliedKeys.count == 1)
            try journal.spend("r1", 70)
            #expect(journal.book.balance == 0)
        }

        @Test func spendingExactlyEverythingClosesEveryLot() throws {
            var journal = try Journal()
            for index in 1...5 { try journal.earn("o\(index)", Int64(index) * 10, on: Int64(index)) }
            try journal.spend("r1", 150)
            #expect(journal.book.openLots.isEmpty)
            #expect(journal.book.balance == 0)
            #expect(journal.breaches().isEmpty)
        }

        @Test func spendingTouchesOnlyTheLotsItConsumes() throws {
            var journal = try Journal()
            for index in 0..<20_000 { try journal.earn("o\(index)", 10, on: Int64(index / 100)) }
            let before = journal.book.lots
            let change = try journal.spend("r1", 25, on: 400)
            #expect(change.lots.count == 3)
            #expect(change.postings.map(\.points) == [10, 10, 5])
            let after = journal.book.lots
            #expect(zip(before, after).filter { $0 != $1 }.count == 3)
            // Many small redemptions stay linear overall: each closes lots the next one skips.
            for index in 0..<4_000 { try journal.spend("s\(index)", 49, on: 400) }
            #expect(journal.book.balance == 200_000 - 25 - 4_000 * 49)
            #expect(journal.breaches().isEmpty)
        }
    }
}
