/// Checks every invariant of the ledger over postings, lots and debts, in one pass over each
/// (linear time), and lists every breach found.
///
/// Double-entry postings (one debit, one credit, one amount) always sum to zero, so the
/// "sum to zero" rule is checked where it can fail: on cached balances that cover every account.
/// All sums are computed in 128 bits, so corrupt data cannot overflow.
public struct LedgerVerifier: Sendable {
    /// A verifier.
    public init() {}

    /// Every breach found, empty when the data is clean. `debts` maps customer keys to their
    /// recorded debt (missing: 0); `cachedBalances` are the balances storage keeps per account,
    /// each compared to the one derived from postings.
    public func verify(
        postings: [Posting], lots: [PointLot], debts: [String: Int64] = [:],
        cachedBalances: [LoyaltyAccount: Int64] = [:]
    ) -> [LedgerBreach] {
        var breaches: [LedgerBreach] = []
        var lotsByKey: [String: PointLot] = Dictionary(minimumCapacity: lots.count)
        for lot in lots where lotsByKey.updateValue(lot, forKey: lot.key) != nil {
            breaches.append(.duplicateLot(lot.key))
        }
        var tally = Tally()
        checkPostings(postings, lotsByKey: lotsByKey, tally: &tally, breaches: &breaches)
        for lot in lotsByKey.values.sorted(by: { $0.key < $1.key }) {
            checkLot(lot, sums: tally.lots[lot.key] ?? LotSums(), breaches: &breaches)
        }
        checkCustomers(lots: lotsByKey.values, debts: debts, tally: tally, breaches: &breaches)
        checkCache(cachedBalances, tally: tally, breaches: &breaches)
        return breaches
    }

    /// Verifies the lots and debts held by `books` against `postings`.
    public func verify(
        books: [LotBook], postings: [Posting], cachedBalances: [LoyaltyAccount: Int64] = [:]
    ) -> [LedgerBreach] {
        var debts: [String: Int64] = [:]
        for book in books { debts[book.customerKey, default: 0] += book.debt }
        return verify(
            postings: postings, lots: books.flatMap { Array($0.lotsByKey.values) }, debts: debts,
            cachedBalances: cachedBalances)
    }

    /// Sums gathered from the postings.
    struct Tally {
        var accounts: [LoyaltyAccount: Int128] = [:]
        var lots: [String: LotSums] = [:]
    }

    /// Per-lot sums of postings by kind, and the earliest spend.
    struct LotSums {
        var earned: Int128 = 0
        var spent: Int128 = 0
        var expired: Int128 = 0
        var reversed: Int128 = 0
        var firstSpend: Posting?
    }

    private func checkPostings(
        _ postings: [Posting], lotsByKey: [String: PointLot], tally: inout Tally, breaches: inout [LedgerBreach]
    ) {
        var keys = Set<String>(minimumCapacity: postings.count)
        for posting in postings {
            if !keys.insert(posting.key).inserted { breaches.append(.duplicateKey(posting.key)) }
            if posting.points <= 0 || posting.points > LedgerLimits.maxPoints {
                breaches.append(.invalidPoints(postingKey: posting.key, points: posting.points))
            }
            if posting.debit == posting.credit {
                breaches.append(.sameAccount(postingKey: posting.key, account: posting.debit))
            }
            let points = Int128(posting.points)
            tally.accounts[posting.debit, default: 0] -= points
            tally.accounts[posting.credit, default: 0] += points
            guard let lot = lotsByKey[posting.lotKey] else {
                breaches.append(.unknownLot(postingKey: posting.key, lotKey: posting.lotKey))
                continue
            }
            let customer = LoyaltyAccount.customer(lot.customerKey)
            let (debit, credit) =
                posting.kind.createsLot ? (lot.fundingAccount, customer) : (customer, lot.fundingAccount)
            if posting.debit != debit || posting.credit != credit || posting.customerKey != lot.customerKey {
                breaches.append(.wrongAccounts(postingKey: posting.key, expectedDebit: debit, expectedCredit: credit))
            }
            var sums = tally.lots[lot.key] ?? LotSums()
            switch posting.kind {
            case .earn, .adjust: sums.earned += points
            case .spend:
                sums.spent += points
                if sums.firstSpend.map({ posting.at < $0.at }) ?? true { sums.firstSpend = posting }
            case .expire: sums.expired += points
            case .reverse: sums.reversed += points
            }
            tally.lots[lot.key] = sums
        }
    }

    private func checkCustomers(
        lots: Dictionary<String, PointLot>.Values, debts: [String: Int64], tally: Tally,
        breaches: inout [LedgerBreach]
    ) {
        var fromLots: [String: (remaining: Int128, debt: Int128)] = [:]
        for lot in lots {
            var entry = fromLots[lot.customerKey] ?? (0, 0)
            entry.remaining +=
                Int128(lot.points) - Int128(lot.spent) - Int128(lot.expired) - Int128(lot.reversed)
                - Int128(lot.appliedToDebt)
            entry.debt += Int128(lot.clawedBack) - Int128(lot.appliedToDebt)
            fromLots[lot.customerKey] = entry
        }
        var customers = Set(fromLots.keys).union(debts.keys)
        for account in tally.accounts.keys {
            if case .customer(let key) = account { customers.insert(key) }
        }
        for customer in customers.sorted() {
            let recorded = debts[customer] ?? 0
            let entry = fromLots[customer] ?? (0, 0)
            if recorded < 0 { breaches.append(.negativeDebt(customerKey: customer, debt: recorded)) }
            if Int128(recorded) != entry.debt {
                breaches.append(
                    .debtMismatch(customerKey: customer, recorded: recorded, fromLots: Int64(clamping: entry.debt)))
            }
            let derived = tally.accounts[.customer(customer)] ?? 0
            let expected = entry.remaining - Int128(recorded)
            if derived != expected {
                breaches.append(
                    .customerBalanceMismatch(
                        customerKey: customer, postings: Int64(clamping: derived), lots: Int64(clamping: expected)))
            }
        }
    }

    private func checkCache(
        _ cached: [LoyaltyAccount: Int64], tally: Tally, breaches: inout [LedgerBreach]
    ) {
        guard !cached.isEmpty else { return }
        var total: Int128 = 0
        for (account, value) in cached.sorted(by: { $0.key < $1.key }) {
            total += Int128(value)
            let derived = tally.accounts[account] ?? 0
            if Int128(value) != derived {
                breaches.append(
                    .cachedBalanceMismatch(account: account, cached: value, derived: Int64(clamping: derived)))
            }
        }
        let coversAll = tally.accounts.keys.allSatisfy { cached[$0] != nil }
        if coversAll && total != 0 { breaches.append(.unbalanced(total: Int64(clamping: total))) }
    }
}
