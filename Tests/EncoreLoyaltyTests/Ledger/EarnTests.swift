import EncoreCore
import EncoreLoyalty
import Testing

extension LedgerTests {
    @Suite struct EarnTests {
        @Test func earningCreatesALotAndOneBalancedPosting() throws {
            var journal = try Journal()
            let change = try journal.earn("1001", 120, on: 1, available: 31, expires: 366)
            let posting = try #require(change.postings.first)
            #expect(change.postings.count == 1)
            #expect(posting.kind == .earn)
            #expect(posting.debit == .liability)
            #expect(posting.credit == .customer("c1"))
            #expect(posting.points == 120)
            #expect(posting.key == "7|order|1001|v1#1")
            #expect(posting.eventKey == "7|order|1001|v1")
            #expect(posting.lotKey == posting.eventKey)
            #expect(posting.at == day(1))
            #expect(change.eventKeys == ["7|order|1001|v1"])
            #expect(!change.isReplay)

            let lot = try journal.lot("1001")
            #expect(change.lots == [lot])
            #expect(lot.points == 120)
            #expect(lot.remaining == 120)
            #expect(lot.source == "order:1001")
            #expect(lot.availableAt == day(31))
            #expect(lot.expiresAt == day(366))
            #expect(journal.derived(.customer("c1")) == 120)
            #expect(journal.derived(.liability) == -120)
            #expect(journal.derived(.customer("c1")) + journal.derived(.liability) == 0)
            #expect(journal.book.balance == 120)
            #expect(journal.breaches().isEmpty)
        }

        @Test func pointsStayPendingUntilAvailableAt() throws {
            var journal = try Journal()
            try journal.earn("1", 50, on: 0, available: 30)
            let lot = try journal.lot("1")
            #expect(lot.state(at: day(29)) == .pending)
            #expect(lot.state(at: day(30)) == .available)
            #expect(journal.book.balances(at: day(29)) == PointBalances(pending: 50))
            #expect(journal.book.balances(at: day(30)) == PointBalances(available: 50))
            #expect(journal.book.spendable(at: day(29)) == 0)
            #expect(journal.book.spendable(at: day(30)) == 50)
        }

        @Test func unknownAvailabilityStaysPendingUntilSet() throws {
            var journal = try Journal()
            try journal.earn("1", 50, on: 0, available: nil)
            let lotKey = try journal.lot("1").key
            #expect(try journal.lot("1").state(at: day(1_000)) == .pending)
            #expect(throws: LedgerError.insufficientPoints(available: 0, requested: 10, owed: 0)) {
                try journal.book.spend(key("redemption", "r1"), points: 10, at: day(1_000))
            }

            let change = try journal.book.makeAvailable(lotKey: lotKey, at: day(40))
            #expect(change.postings.isEmpty)
            #expect(change.lots.map(\.availableAt) == [day(40)])
            #expect(try journal.lot("1").state(at: day(39)) == .pending)
            #expect(try journal.lot("1").state(at: day(40)) == .available)
            // The same time again changes nothing.
            #expect(try journal.book.makeAvailable(lotKey: lotKey, at: day(40)).isEmpty)
            // A time before the earning means at once.
            _ = try journal.book.makeAvailable(lotKey: lotKey, at: day(-5))
            #expect(try journal.lot("1").availableAt == day(0))
            #expect(throws: LedgerError.unknownLot("nope")) {
                try journal.book.makeAvailable(lotKey: "nope", at: day(1))
            }
        }

        @Test func availabilityCannotMoveLaterOnceSpentFrom() throws {
            var journal = try Journal()
            try journal.earn("1", 50, on: 0, available: 10)
            try journal.spend("r1", 20, on: 12)
            let lotKey = try journal.lot("1").key
            do {
                _ = try journal.book.makeAvailable(lotKey: lotKey, at: day(15))
                Issue.record("moved availability after a spend")
            } catch {
                #expect(error.field == "availableAt")
            }
            // Earlier is harmless.
            _ = try journal.book.makeAvailable(lotKey: lotKey, at: day(5))
            #expect(try journal.lot("1").availableAt == day(5))
            #expect(journal.breaches().isEmpty)
        }

        @Test func availableBeforeEarningMeansAtOnce() throws {
            var journal = try Journal()
            try journal.earn("1", 10, on: 5, available: 1)
            #expect(try journal.lot("1").availableAt == day(5))
        }

        @Test func partnerFundedEarningsDebitThePartner() throws {
            var journal = try Journal()
            let change = try journal.earn("1", 80, partner: "brand-b")
            #expect(change.postings.map(\.debit) == [.partner("brand-b")])
            #expect(try journal.lot("1").fundingAccount == .partner("brand-b"))
            try journal.earn("2", 20)
            try journal.spend("r1", 90)
            // Spending credits back each lot's own funding account.
            #expect(journal.derived(.partner("brand-b")) == 0)
            #expect(journal.derived(.liability) == -10)
            #expect(journal.derived(.customer("c1")) == 10)
            #expect(journal.breaches().isEmpty)
        }

        @Test func grantsArePostedAsAdjustments() throws {
            var journal = try Journal()
            let change = journal.record(
                try journal.book.grant(
                    key("goodwill", "ticket-4"), points: 25, at: day(2), source: "ticket:4", availableAt: day(2),
                    expiresAt: nil, reason: "sorry for the delay"))
            #expect(change.postings.map(\.kind) == [.adjust])
            #expect(change.postings.first?.reason == "sorry for the delay")
            #expect(journal.book.spendable(at: day(2)) == 25)
            #expect(journal.breaches().isEmpty)
        }

        @Test func earningsMayArriveOutOfOrder() throws {
            var journal = try Journal()
            try journal.earn("late", 10, on: 9, available: 9)
            try journal.earn("early", 10, on: 1, available: 1)
            try journal.earn("middle", 10, on: 5, available: 5)
            #expect(journal.book.openLots.map(\.source) == ["order:early", "order:middle", "order:late"])
            let change = try journal.spend("r1", 15, on: 10)
            #expect(change.lots.map(\.source) == ["order:early", "order:middle"])
        }
    }
}
