import EncoreCore
import EncoreLoyalty
import Testing

extension LedgerTests {
    @Suite struct VerifierTests {
        @Test func aCleanLedgerHasNoBreaches() throws {
            let fixture = try VerifierFixture()
            #expect(fixture.debts == ["ann": 70, "bob": 0])
            #expect(fixture.postings.count == 10)
            #expect(Set(fixture.postings.map(\.kind)) == Set(PostingKind.allCases))
            #expect(fixture.verify().isEmpty)
            #expect(fixture.verify(cached: fixture.balances).isEmpty)
            #expect(fixture.balances.values.reduce(0, +) == 0)
            #expect(LedgerVerifier().verify(postings: [], lots: []).isEmpty)
        }

        @Test func cachedBalancesThatDoNotSumToZeroAreUnbalanced() throws {
            let fixture = try VerifierFixture()
            var cached = fixture.balances
            cached[.liability, default: 0] += 5
            let breaches = fixture.verify(cached: cached)
            let derived = fixture.balances[.liability] ?? 0
            #expect(
                breaches == [
                    .cachedBalanceMismatch(account: .liability, cached: derived + 5, derived: derived),
                    .unbalanced(total: 5),
                ])
            // A partial cache is compared account by account only.
            #expect(fixture.verify(cached: [.customer("ann"): 999]).count == 1)
        }

        @Test func aWrongCachedCustomerBalanceIsReported() throws {
            let fixture = try VerifierFixture()
            let breaches = fixture.verify(cached: [.customer("bob"): 50])
            #expect(breaches == [.cachedBalanceMismatch(account: .customer("bob"), cached: 50, derived: 5)])
        }

        @Test(arguments: [Int64(0), -7, LedgerLimits.maxPoints + 1])
        func postingsWithBadPointsAreReported(points: Int64) throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(of: .spend, lot: "order:9")
            fixture.postings[index].points = points
            #expect(fixture.verify().contains(.invalidPoints(postingKey: fixture.postings[index].key, points: points)))
        }

        @Test func aPostingBetweenOneAccountIsReported() throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(of: .spend, lot: "order:9")
            fixture.postings[index].credit = .customer("bob")
            let breaches = fixture.verify()
            #expect(breaches.contains(.sameAccount(postingKey: fixture.postings[index].key, account: .customer("bob"))))
            #expect(
                breaches.contains(
                    .wrongAccounts(
                        postingKey: fixture.postings[index].key, expectedDebit: .customer("bob"),
                        expectedCredit: .liability)))
        }

        @Test func duplicateKeysAreReported() throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(of: .earn, lot: "order:9")
            var copy = fixture.postings[index]
            copy.points = 1
            copy.lotKey = fixture.lots[try fixture.index(ofLot: "ticket:1")].key
            copy.kind = .adjust
            fixture.postings.append(copy)
            #expect(fixture.verify().contains(.duplicateKey(copy.key)))
        }

        @Test func postingsForMissingLotsAreReported() throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(of: .earn, lot: "order:9")
            fixture.postings[index].lotKey = "ghost"
            let breaches = fixture.verify()
            #expect(breaches.contains(.unknownLot(postingKey: fixture.postings[index].key, lotKey: "ghost")))
            #expect(breaches.contains { if case .lotCounterMismatch(_, "points", 80, 0) = $0 { true } else { false } })
        }

        @Test func postingsToTheWrongFundingAccountAreReported() throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(of: .spend, lot: "order:2")
            fixture.postings[index].credit = .liability
            let breaches = fixture.verify()
            #expect(
                breaches == [
                    .wrongAccounts(
                        postingKey: fixture.postings[index].key, expectedDebit: .customer("ann"),
                        expectedCredit: .partner("brand-b"))
                ])
        }

        @Test func postingsFiledUnderAnotherCustomerAreReported() throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(of: .earn, lot: "order:1")
            fixture.postings[index].customerKey = "bob"
            #expect(
                fixture.verify() == [
                    .wrongAccounts(
                        postingKey: fixture.postings[index].key, expectedDebit: .liability,
                        expectedCredit: .customer("ann"))
                ])
        }

        @Test func duplicateLotsAreReported() throws {
            var fixture = try VerifierFixture()
            fixture.lots.append(fixture.lots[0])
            #expect(fixture.verify().contains(.duplicateLot(fixture.lots[0].key)))
        }

        @Test func negativeLotCountersAreReported() throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(ofLot: "order:3")
            fixture.lots[index].expired = -5
            fixture.lots[index].spent = 5
            fixture.lots[index].availableAt = day(50)
            let key = fixture.lots[index].key
            let breaches = fixture.verify()
            #expect(breaches.contains(.negativeLotCounter(lotKey: key, counter: "expired", value: -5)))
        }

        @Test func overdrawnLotsAreReported() throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(ofLot: "order:9")
            fixture.lots[index].reversed = 70
            #expect(
                fixture.verify().contains(.lotOverdrawn(lotKey: fixture.lots[index].key, points: 80, consumed: 150)))
        }

        @Test func lotCountersThatDisagreeWithPostingsAreReported() throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(ofLot: "order:9")
            fixture.lots[index].spent = 19
            fixture.lots[index].expired = 61
            let key = fixture.lots[index].key
            let breaches = fixture.verify()
            #expect(
                breaches == [
                    .lotCounterMismatch(lotKey: key, counter: "spent", lot: 19, postings: 20),
                    .lotCounterMismatch(lotKey: key, counter: "expired", lot: 61, postings: 60),
                ])
        }

        @Test func inconsistentLotStatesAreReported() throws {
            let fixture = try VerifierFixture()
            let spentLot = try fixture.index(ofLot: "order:9")
            let pendingLot = try fixture.index(ofLot: "order:3")
            let cases: [(String, (inout VerifierFixture) -> Void)] = [
                ("still pending", { $0.lots[spentLot].availableAt = nil }),
                ("before it became available", { $0.lots[spentLot].availableAt = day(6) }),
                ("not after it was earned", { $0.lots[pendingLot].expiresAt = day(21) }),
                ("reclaims", { $0.lots[spentLot].shortfall = 21 }),
                ("funded by a customer", { $0.lots[pendingLot].fundingAccount = .customer("x") }),
            ]
            for (phrase, corrupt) in cases {
                var copy = fixture
                corrupt(&copy)
                let reasons = copy.verify().compactMap { breach -> String? in
                    if case .lotStateInconsistent(_, let reason) = breach { return reason }
                    return nil
                }
                #expect(reasons.count == 1 && reasons.allSatisfy { $0.contains(phrase) }, "\(phrase): \(reasons)")
            }
        }

        @Test func anEmptyLotIsReported() throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(ofLot: "ticket:1")
            fixture.lots[index].points = 0
            #expect(
                fixture.verify().contains(
                    .lotStateInconsistent(
                        lotKey: fixture.lots[index].key, reason: "holds 0 points; a lot must hold at least one")))
        }

        @Test func aWrongDebtIsReportedWithTheBalanceItBreaks() throws {
            var fixture = try VerifierFixture()
            fixture.debts["ann"] = 30
            #expect(
                fixture.verify() == [
                    .debtMismatch(customerKey: "ann", recorded: 30, fromLots: 70),
                    .customerBalanceMismatch(customerKey: "ann", postings: -30, lots: 10),
                ])
        }

        @Test func aNegativeDebtIsReported() throws {
            var fixture = try VerifierFixture()
            fixture.debts["bob"] = -3
            #expect(fixture.verify().contains(.negativeDebt(customerKey: "bob", debt: -3)))
        }

        @Test func aMissingPostingBreaksTheCustomerBalance() throws {
            var fixture = try VerifierFixture()
            let index = try fixture.index(of: .expire, lot: "order:9")
            let removed = fixture.postings.remove(at: index)
            let breaches = fixture.verify()
            #expect(breaches.contains(.customerBalanceMismatch(customerKey: "bob", postings: 65, lots: 5)))
            #expect(
                breaches.contains(.lotCounterMismatch(lotKey: removed.lotKey, counter: "expired", lot: 60, postings: 0))
            )
        }

        @Test func everyBreachReadsAsASentence() {
            let breaches: [LedgerBreach] = [
                .unbalanced(total: 5), .invalidPoints(postingKey: "k", points: 0),
                .sameAccount(postingKey: "k", account: .liability), .duplicateKey("k"),
                .unknownLot(postingKey: "k", lotKey: "l"),
                .wrongAccounts(postingKey: "k", expectedDebit: .liability, expectedCredit: .customer("c")),
                .duplicateLot("l"), .negativeLotCounter(lotKey: "l", counter: "spent", value: -1),
                .lotOverdrawn(lotKey: "l", points: 1, consumed: 2),
                .lotCounterMismatch(lotKey: "l", counter: "spent", lot: 1, postings: 2),
                .lotStateInconsistent(lotKey: "l", reason: "odd"),
                .customerBalanceMismatch(customerKey: "c", postings: 1, lots: 2),
                .debtMismatch(customerKey: "c", recorded: 1, fromLots: 2), .negativeDebt(customerKey: "c", debt: -1),
                .cachedBalanceMismatch(account: .partner("p"), cached: 1, derived: 2),
            ]
            #expect(Set(breaches.map(\.description)).count == breaches.count)
            #expect(LedgerBreach.unbalanced(total: 5).description == "account balances sum to 5 instead of 0")
            #expect(
                LedgerBreach.lotCounterMismatch(lotKey: "l", counter: "spent", lot: 1, postings: 2).description
                    == "lot 'l' records spent = 1 but its postings add up to 2")
            #expect(
                LedgerBreach.cachedBalanceMismatch(account: .partner("p"), cached: 1, derived: 2).description
                    == "account partner:p is cached at 1 but its postings add up to 2")
        }
    }
}
