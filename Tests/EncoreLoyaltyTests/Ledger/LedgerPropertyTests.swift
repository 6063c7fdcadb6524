import EncoreCore
import EncoreLoyalty
import Testing

extension LedgerTests {
    /// Thousands of random operations run the way storage runs them: a fresh book per operation
    /// from the stored open lots, the debt and the event's key, then the change persisted.
    @Suite struct LedgerPropertyTests {
        enum Operation {
            case earn(
                PostingKey, points: Int64, at: Timestamp, available: Timestamp?, expires: Timestamp?, partner: String?)
            case grant(PostingKey, points: Int64, at: Timestamp)
            case spend(PostingKey, points: Int64, at: Timestamp)
            case reverse(PostingKey, lot: String, points: Int64, at: Timestamp)
            case expireAll(PostingKey, at: Timestamp)
            case makeAvailable(lot: String, at: Timestamp)
            case expire(at: Timestamp)

            var eventKey: String? {
                switch self {
                case .earn(let key, _, _, _, _, _), .grant(let key, _, _), .spend(let key, _, _),
                    .reverse(let key, _, _, _), .expireAll(let key, _):
                    return key.text
                case .makeAvailable, .expire: return nil
                }
            }

            var name: String {
                switch self {
                case .earn: return "earn"
                case .grant: return "grant"
                case .spend: return "spend"
                case .reverse: return "reverse"
                case .expireAll: return "expireAll"
                case .makeAvailable: return "makeAvailable"
                case .expire: return "expire"
                }
            }

            var lotKey: String? {
                switch self {
                case .reverse(_, let lot, _, _), .makeAvailable(let lot, _): return lot
                default: return nil
                }
            }

            func run(on book: inout LotBook, policy: RefundShortfallPolicy) throws(LedgerError) -> LedgerChange {
                switch self {
                case .earn(let key, let points, let at, let available, let expires, let partner):
                    return try book.earn(
                        key, points: points, at: at, source: "order", availableAt: available, expiresAt: expires,
                        partner: partner)
                case .grant(let key, let points, let at):
                    return try book.grant(
                        key, points: points, at: at, source: "ticket", availableAt: at, expiresAt: nil)
                case .spend(let key, let points, let at):
                    return try book.spend(key, points: points, at: at)
                case .reverse(let key, let lot, let points, let at):
                    return try book.reverse(key, lotKey: lot, points: points, policy: policy, at: at)
                case .expireAll(let key, let at):
                    return try book.expireAll(key, at: at)
                case .makeAvailable(let lot, let at):
                    return try book.makeAvailable(lotKey: lot, at: at)
                case .expire(let at):
                    return book.expire(now: at)
                }
            }
        }

        /// The rows storage would hold.
        struct Storage {
            var lots: [String: PointLot] = [:]
            var lotKeys: [String: [String]] = [:]
            var openLots: [String: Set<String>] = [:]
            var debts: [String: Int64] = [:]
            var events: Set<String> = []
            var postings: [Posting] = []
            var postingKeys: Set<String> = []
            var accounts: [LoyaltyAccount: Int64] = [:]

            func book(for customer: String, operation: Operation) throws -> LotBook {
                var keys = openLots[customer] ?? []
                if let lot = operation.lotKey, lots[lot] != nil { keys.insert(lot) }
                let applied = operation.eventKey.map { events.contains($0) ? [$0] : [] } ?? []
                return try LotBook(
                    store: LedgerTests.store, customerKey: customer, lots: keys.compactMap { lots[$0] },
                    debt: debts[customer] ?? 0, appliedKeys: Set(applied))
            }

            mutating func persist(_ change: LedgerChange, customer: String) {
                for posting in change.postings {
                    #expect(postingKeys.insert(posting.key).inserted, "UNIQUE violation on \(posting.key)")
                    accounts[posting.debit, default: 0] -= posting.points
                    accounts[posting.credit, default: 0] += posting.points
                }
                postings += change.postings
                for key in change.eventKeys { #expect(events.insert(key).inserted, "event \(key) applied twice") }
                for lot in change.lots {
                    if lots.updateValue(lot, forKey: lot.key) == nil { lotKeys[customer, default: []].append(lot.key) }
                    if lot.isOpen {
                        openLots[customer, default: []].insert(lot.key)
                    } else {
                        openLots[customer]?.remove(lot.key)
                    }
                }
                debts[customer] = change.debt
            }

            func verify() -> [LedgerBreach] {
                LedgerVerifier().verify(
                    postings: postings, lots: Array(lots.values), debts: debts, cachedBalances: accounts)
            }
        }

        static let runs: [(UInt64, RefundShortfallPolicy)] = [
            (1, .negativeBalance), (2, .cappedShortfall), (3, .negativeBalance), (4, .cappedShortfall),
        ]

        @Test(arguments: runs)
        func randomOperationsKeepEveryInvariant(seed: UInt64, policy: RefundShortfallPolicy) throws {
            var random = LedgerRandom(seed: seed)
            var storage = Storage()
            var history: [(String, Operation)] = []
            var now = day(0)
            var counter = 0
            var outcomes: [String: Int] = [:]
            let customers = ["c0", "c1", "c2"]

            func nextKey(_ source: String) throws -> PostingKey {
                counter += 1
                return try key(source, "\(counter)", version: Int(random.int(0...2)))
            }

            for step in 0..<3_000 {
                now = now.adding(seconds: random.int(0...3) * 86_400 + random.int(0...3_600))
                let customer = customers[Int(random.int(0...2))]
                let lots = storage.lotKeys[customer] ?? []
                let roll = random.int(1...100)
                let operation: Operation
                switch roll {
                case 1...30:
                    let available: Timestamp? =
                        random.chance(15) ? nil : now.adding(seconds: random.int(0...40) * 86_400)
                    let expires: Timestamp? =
                        random.chance(30) ? nil : now.adding(seconds: random.int(20...200) * 86_400)
                    operation = .earn(
                        try nextKey("order"), points: random.int(1...500), at: now, available: available,
                        expires: expires, partner: random.chance(20) ? "p\(random.int(1...2))" : nil)
                case 31...35:
                    operation = .grant(try nextKey("goodwill"), points: random.int(1...100), at: now)
                case 36...60:
                    operation = .spend(try nextKey("redemption"), points: random.int(1...400), at: now)
                case 61...75 where !lots.isEmpty:
                    let lot = lots[Int(random.int(0...Int64(lots.count - 1)))]
                    operation = .reverse(try nextKey("refund"), lot: lot, points: random.int(1...600), at: now)
                case 76...80 where !lots.isEmpty:
                    let lot = lots[Int(random.int(0...Int64(lots.count - 1)))]
                    operation = .makeAvailable(lot: lot, at: now.adding(seconds: random.int(-5...20) * 86_400))
                case 81...88:
                    operation = .expire(at: now)
                case 89...90:
                    operation = .expireAll(try nextKey("inactivity"), at: now)
                default:
                    guard !history.isEmpty else { continue }
                    // Replay an earlier keyed event with exactly the same input.
                    let (owner, earlier) = history[Int(random.int(0...Int64(history.count - 1)))]
                    var book = try storage.book(for: owner, operation: earlier)
                    let before = book
                    let change = try earlier.run(on: &book, policy: policy)
                    #expect(change.isReplay && change.isEmpty, "step \(step): replay changed something")
                    #expect(book == before)
                    outcomes["replay", default: 0] += 1
                    continue
                }

                var book = try storage.book(for: customer, operation: operation)
                let spendable = book.spendable(at: now)
                let change: LedgerChange
                do {
                    change = try operation.run(on: &book, policy: policy)
                } catch {
                    switch (error, operation) {
                    case (.insufficientPoints(let available, let requested, _), .spend(_, let points, _)):
                        #expect(available == spendable && requested == points && points > spendable)
                    case (.invalidInput(let field, _), .makeAvailable):
                        #expect(field == "availableAt")
                    default:
                        Issue.record("step \(step): unexpected \(error)")
                    }
                    outcomes["refused", default: 0] += 1
                    continue
                }
                if case .spend(_, let points, _) = operation {
                    #expect(points <= spendable)
                    #expect(change.points == points)
                }
                storage.persist(change, customer: customer)
                if operation.eventKey != nil { history.append((customer, operation)) }
                outcomes[operation.name, default: 0] += 1
                if change.debtIncurred > 0 { outcomes["debt", default: 0] += 1 }
                if change.debtSettled > 0 { outcomes["settled", default: 0] += 1 }
                if change.shortfall > 0 { outcomes["shortfall", default: 0] += 1 }
                if book.balance < 0 { outcomes["negative", default: 0] += 1 }

                // Cheap checks after every step.
                #expect(storage.accounts[.customer(customer), default: 0] == book.balance, "step \(step)")
                #expect(book.debt >= 0)
                #expect(change.lots.allSatisfy { $0.remaining >= 0 && $0.reclaimable >= 0 })
                if policy == .cappedShortfall {
                    #expect(book.debt == 0)
                    #expect(book.balance >= 0)
                } else if book.balance < 0 {
                    #expect(book.debt > 0)
                }
                if step % 250 == 0 { #expect(storage.verify().isEmpty, "step \(step)") }
            }
            #expect(storage.verify().isEmpty)
            #expect(storage.accounts.values.reduce(0, +) == 0)
            // Every kind of operation and every refund outcome of the policy really happened.
            var expected = [
                "earn", "grant", "spend", "reverse", "makeAvailable", "expire", "expireAll", "replay", "refused",
            ]
            expected += policy == .negativeBalance ? ["debt", "settled", "negative"] : ["shortfall"]
            for kind in expected {
                #expect((outcomes[kind] ?? 0) > 0, "\(kind) never happened: \(outcomes)")
            }
            #expect(storage.postings.count > 1_000)
        }
    }
}
