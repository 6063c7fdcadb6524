import EncoreCore
import EncoreLoyalty
import Testing

extension LedgerTests {
    @Suite struct InputValidationTests {
        static let badPoints: [Int64] = [0, -1, Int64.min, LedgerLimits.maxPoints + 1, Int64.max]

        enum Operation: CaseIterable { case earn, grant, spend, reverse }

        /// Runs `operation` with `points` on `book`; the error's field, or nil when accepted.
        static func refusal(_ operation: Operation, points: Int64, book: inout LotBook, lotKey: String) -> LedgerError?
        {
            do {
                switch operation {
                case .earn:
                    _ = try book.earn(
                        key("order", "2"), points: points, at: day(0), source: "order:2", availableAt: day(0),
                        expiresAt: nil)
                case .grant:
                    _ = try book.grant(
                        key("goodwill", "2"), points: points, at: day(0), source: "ticket:2", availableAt: day(0),
                        expiresAt: nil)
                case .spend:
                    _ = try book.spend(key("redemption", "s1"), points: points, at: day(10))
                case .reverse:
                    _ = try book.reverse(
                        key("refund", "r1"), lotKey: lotKey, points: points, policy: .negativeBalance, at: day(10))
                }
                return nil
            } catch {
                return error
            }
        }

        @Test(arguments: badPoints)
        func everyOperationRejectsBadPoints(points: Int64) throws {
            var journal = try Journal()
            try journal.earn("1", 100)
            let before = journal.book
            let lotKey = try journal.lot("1").key
            for operation in Operation.allCases {
                let error = try #require(Self.refusal(operation, points: points, book: &journal.book, lotKey: lotKey))
                #expect(error.field == "points")
                #expect(error.description.contains(String(points)))
            }
            #expect(journal.book == before)
        }

        @Test func theLargestAllowedAmountWorks() throws {
            var journal = try Journal()
            try journal.earn("1", LedgerLimits.maxPoints)
            try journal.earn("2", LedgerLimits.maxPoints, on: 1)
            try journal.spend("s1", LedgerLimits.maxPoints)
            try journal.reverse("r1", order: "1", LedgerLimits.maxPoints, policy: .negativeBalance)
            #expect(journal.book.debt == LedgerLimits.maxPoints)
            #expect(journal.book.balance == 0)
            #expect(journal.breaches().isEmpty)
        }

        @Test func balancesBeyondTheLimitAreRefusedNotOverflowed() throws {
            let perLot = LedgerLimits.maxPoints
            let lots = (0..<Int(LedgerLimits.maxBalance / perLot)).map { index in
                PointLot(
                    key: "l\(index)", customerKey: "c1", source: "import", points: perLot, earnedAt: day(0),
                    availableAt: day(0), expiresAt: nil)
            }
            var book = try LotBook(store: store, customerKey: "c1", lots: lots)
            #expect(book.balance == LedgerLimits.maxBalance)
            do {
                _ = try book.earn(
                    key("order", "x"), points: 1, at: day(1), source: "order:x", availableAt: nil, expiresAt: nil)
                Issue.record("passed the balance limit")
            } catch {
                #expect(error.field == "points")
            }
            #expect(throws: LedgerError.self) {
                try LotBook(
                    store: store, customerKey: "c1",
                    lots: lots + [
                        PointLot(
                            key: "one-more", customerKey: "c1", source: "import", points: 1, earnedAt: day(0),
                            availableAt: nil, expiresAt: nil)
                    ])
            }
        }

        @Test func keysFromAnotherStoreAreRefused() throws {
            var journal = try Journal()
            let foreign = try PostingKey(store: 8, source: "order", sourceID: "1")
            do {
                _ = try journal.book.earn(
                    foreign, points: 5, at: day(0), source: "order:1", availableAt: nil, expiresAt: nil)
                Issue.record("accepted another store's key")
            } catch {
                #expect(error.field == "key")
                #expect(error.reason.contains("store 8"))
            }
            #expect(throws: LedgerError.self) { try journal.book.expireAll(foreign, at: day(0)) }
        }

        static func earnRefusal(
            _ book: inout LotBook, source: String = "o", partner: String? = nil, at: Int64 = 0, expires: Int64? = nil
        ) -> String? {
            do {
                _ = try book.earn(
                    key("o", "1"), points: 5, at: day(at), source: source, availableAt: nil,
                    expiresAt: expires.map(day), partner: partner)
                return nil
            } catch {
                return error.field
            }
        }

        @Test func earningRejectsBadFields() throws {
            var book = try LotBook(store: store, customerKey: "c1")
            #expect(Self.earnRefusal(&book, source: "") == "source")
            #expect(Self.earnRefusal(&book, partner: "") == "partner")
            #expect(Self.earnRefusal(&book, at: 3, expires: 3) == "expiresAt")
            #expect(Self.earnRefusal(&book, at: 3, expires: 2) == "expiresAt")
            #expect(book.lots.isEmpty)
            #expect(book.appliedKeys.isEmpty)
            #expect(Self.earnRefusal(&book) == nil)
            #expect(book.lots.count == 1)
        }

        @Test func booksRefuseInconsistentLots() throws {
            func lot(
                _ key: String = "l", customer: String = "c1", points: Int64 = 10, spent: Int64 = 0,
                clawedBack: Int64 = 0, funding: LoyaltyAccount = .liability
            ) -> PointLot {
                PointLot(
                    key: key, customerKey: customer, source: "s", fundingAccount: funding, points: points, spent: spent,
                    clawedBack: clawedBack, earnedAt: day(0), availableAt: day(0), expiresAt: nil)
            }
            let cases: [([PointLot], Int64, String)] = [
                ([lot(customer: "c2")], 0, "lots[0].customerKey"),
                ([lot(), lot()], 0, "lots[1].key"),
                ([lot("")], 0, "lots[0].key"),
                ([lot(points: 0)], 0, "lots[0].points"),
                ([lot(spent: -1)], 0, "lots[0].spent"),
                ([lot(spent: 11)], 0, "lots[0].spent"),
                ([lot(clawedBack: 5)], 0, "lots[0]"),
                ([lot(funding: .customer("c9"))], 0, "lots[0].fundingAccount"),
                ([], -1, "debt"),
            ]
            for (lots, debt, field) in cases {
                do {
                    _ = try LotBook(store: store, customerKey: "c1", lots: lots, debt: debt)
                    Issue.record("accepted \(field)")
                } catch {
                    #expect(error.field == field)
                }
            }
            #expect(throws: LedgerError.invalidInput(field: "customerKey", reason: "must not be empty")) {
                try LotBook(store: store, customerKey: "")
            }
        }
    }
}
