import EncoreCore
import EncoreLoyalty
import Testing

extension LedgerTests {
    @Suite struct ReverseTests {
        @Test(arguments: RefundShortfallPolicy.allCases)
        func unspentPointsAreReversedInFull(policy: RefundShortfallPolicy) throws {
            var journal = try Journal()
            try journal.earn("1", 100, available: 30)
            let change = try journal.reverse("r1", order: "1", 100, policy: policy, on: 5)
            #expect(change.postings.map(\.points) == [100])
            #expect(change.postings.map(\.kind) == [.reverse])
            #expect(change.postings.first?.debit == .customer("c1"))
            #expect(change.postings.first?.credit == .liability)
            #expect(change.debtIncurred == 0 && change.shortfall == 0 && change.unreversible == 0)
            let lot = try journal.lot("1")
            #expect(lot.reversed == 100)
            #expect(lot.state(at: day(40)) == .reversed)
            #expect(journal.book.balance == 0)
            #expect(journal.book.balances(at: day(40)) == PointBalances(reversed: 100))
            #expect(journal.breaches().isEmpty)
        }

        @Test(arguments: RefundShortfallPolicy.allCases)
        func aPartialRefundReversesOnlyItsLines(policy: RefundShortfallPolicy) throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.reverse("r1", order: "1", 30, policy: policy)
            #expect(try journal.lot("1").remaining == 70)
            #expect(try journal.lot("1").state(at: day(40)) == .available)
            #expect(journal.breaches().isEmpty)
        }

        @Test func partlySpentUnderNegativeBalanceChargesTheDifference() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.spend("s1", 70)
            let change = try journal.reverse("r1", order: "1", 100, policy: .negativeBalance)
            #expect(change.postings.map(\.points) == [100])
            #expect(change.debtIncurred == 70)
            #expect(change.debt == 70)
            let lot = try journal.lot("1")
            #expect(lot.reversed == 30)
            #expect(lot.clawedBack == 70)
            #expect(journal.book.debt == 70)
            #expect(journal.book.balance == -70)
            #expect(journal.derived(.customer("c1")) == -70)
            #expect(journal.book.balances(at: day(40)).reversed == 100)
            #expect(journal.breaches().isEmpty)
        }

        @Test func partlySpentUnderCappedShortfallReversesOnlyWhatIsLeft() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.spend("s1", 70)
            let change = try journal.reverse("r1", order: "1", 100, policy: .cappedShortfall)
            #expect(change.postings.map(\.points) == [30])
            #expect(change.shortfall == 70)
            #expect(change.debtIncurred == 0)
            let lot = try journal.lot("1")
            #expect(lot.reversed == 30)
            #expect(lot.shortfall == 70)
            #expect(journal.book.debt == 0)
            #expect(journal.book.balance == 0)
            #expect(journal.book.balances(at: day(40)).shortfall == 70)
            #expect(journal.breaches().isEmpty)
        }

        @Test func fullySpentUnderCappedShortfallPostsNothingButIsRecorded() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.spend("s1", 100)
            let change = try journal.reverse("r1", order: "1", 60, policy: .cappedShortfall)
            #expect(change.postings.isEmpty)
            #expect(change.shortfall == 60)
            #expect(change.eventKeys == [try key("refund", "r1").text])
            #expect(try journal.lot("1").shortfall == 60)
            // A second refund can only claim what was not claimed yet.
            let second = try journal.reverse("r2", order: "1", 60, policy: .cappedShortfall)
            #expect(second.shortfall == 40)
            #expect(second.unreversible == 20)
            #expect(journal.breaches().isEmpty)
        }

        @Test func fullySpentUnderNegativeBalanceBecomesDebt() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.earn("2", 50, on: 1)
            try journal.spend("s1", 100)
            try journal.reverse("r1", order: "1", 100, policy: .negativeBalance)
            #expect(journal.book.debt == 100)
            #expect(journal.book.balance == -50)
            // The debt must be cleared before spending again.
            #expect(journal.book.spendable(at: day(30)) == 0)
            #expect(throws: LedgerError.insufficientPoints(available: 0, requested: 10, owed: 100)) {
                try journal.book.spend(key("redemption", "s2"), points: 10, at: day(30))
            }
            #expect(journal.breaches().isEmpty)
        }

        @Test func laterEarningsPayOffTheDebtFirst() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.spend("s1", 100)
            try journal.reverse("r1", order: "1", 100, policy: .negativeBalance)
            let small = try journal.earn("2", 40, on: 30, available: 30)
            #expect(small.debtSettled == 40)
            #expect(small.debt == 60)
            #expect(small.postings.map(\.points) == [40])
            #expect(try journal.lot("2").remaining == 0)
            #expect(journal.book.openLots.isEmpty)
            let large = try journal.earn("3", 100, on: 31, available: 31)
            #expect(large.debtSettled == 60)
            #expect(journal.book.debt == 0)
            #expect(try journal.lot("3").remaining == 40)
            #expect(journal.book.spendable(at: day(31)) == 40)
            #expect(journal.book.balance == 40)
            #expect(journal.book.balances(at: day(31)).appliedToDebt == 100)
            #expect(journal.breaches().isEmpty)
        }

        @Test func refundingALotThatPaidADebtBringsTheDebtBack() throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.spend("s1", 100)
            try journal.reverse("r1", order: "1", 100, policy: .negativeBalance)
            try journal.earn("2", 100, on: 30, available: 30)
            #expect(journal.book.debt == 0)
            let change = try journal.reverse("r2", order: "2", 100, policy: .negativeBalance, on: 32)
            #expect(change.debtIncurred == 100)
            #expect(journal.book.debt == 100)
            #expect(journal.breaches().isEmpty)
        }

        @Test(arguments: RefundShortfallPolicy.allCases)
        func repeatedPartialRefundsNeverTakeBackMoreThanTheLotHeld(policy: RefundShortfallPolicy) throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            try journal.spend("s1", 60)
            var total: Int64 = 0
            for index in 1...4 {
                let change = try journal.reverse("r\(index)", order: "1", 40, policy: policy)
                total += change.points + change.shortfall
            }
            #expect(total == 100)
            let lot = try journal.lot("1")
            #expect(lot.reversed + lot.clawedBack + lot.shortfall == 100)
            #expect(journal.breaches().isEmpty)
        }

        @Test func expiredPointsCannotBeReversedOrCharged() throws {
            var journal = try Journal()
            try journal.earn("1", 100, expires: 50)
            try journal.spend("s1", 30)
            journal.record(journal.book.expire(now: day(50)))
            let change = try journal.reverse("r1", order: "1", 100, policy: .negativeBalance, on: 60)
            #expect(change.debtIncurred == 30)
            #expect(change.unreversible == 70)
            #expect(journal.book.debt == 30)
            #expect(journal.breaches().isEmpty)
        }

        @Test func partnerFundedReversalsCreditThePartner() throws {
            var journal = try Journal()
            try journal.earn("1", 100, partner: "p9")
            let change = try journal.reverse("r1", order: "1", 40, policy: .negativeBalance)
            #expect(change.postings.first?.credit == .partner("p9"))
            #expect(journal.derived(.partner("p9")) == -60)
            #expect(journal.breaches().isEmpty)
        }

        @Test func unknownLotsAreRefused() throws {
            var journal = try Journal()
            #expect(throws: LedgerError.unknownLot("7|order|404|v1")) {
                try journal.reverse("r1", order: "404", 10, policy: .cappedShortfall)
            }
            #expect(journal.book.appliedKeys.isEmpty)
            #expect(LedgerError.unknownLot("x").field == "lotKey")
        }
    }
}
