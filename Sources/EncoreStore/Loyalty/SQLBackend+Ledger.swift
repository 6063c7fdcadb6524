import EncoreCore
import EncoreLoyalty

/// A ledger row that storage could not read back (a corrupt account code or kind).
struct LedgerRowError: Error, CustomStringConvertible {
    var description: String
}

extension SQLBackend {
    public func applyLedger(
        storeID: StoreID, customerKey: String, eventKey: PostingKey?, lotKeys: [String], now: Timestamp,
        operation: @escaping LedgerOperation
    ) async throws -> LedgerChange {
        let request = LedgerRequest(customerKey: customerKey, eventKey: eventKey, lotKeys: lotKeys, operation: operation)
        return try await applyLedger(storeID: storeID, requests: [request], now: now)[0].get()
    }

    public func applyLedger(storeID: StoreID, requests: [LedgerRequest], now: Timestamp) async throws
        -> [Result<LedgerChange, LedgerError>]
    {
        guard !requests.isEmpty else { return [] }
        // Per customer, in the order first named: the open lots, the debt, the batch's event keys
        // already applied, and the used-up lots the requests name.
        var customers: [String] = []
        var eventKeys: [String: [String]] = [:]
        var named: [String: Set<String>] = [:]
        for request in requests {
            if eventKeys[request.customerKey] == nil {
                customers.append(request.customerKey)
                eventKeys[request.customerKey] = []
            }
            if let key = request.eventKey { eventKeys[request.customerKey, default: []].append(key.text) }
            named[request.customerKey, default: []].formUnion(request.lotKeys)
        }
        let reads = Self.batchReads(storeID: storeID, customers: customers, eventKeys: eventKeys, named: named)
        let locks = Set(customers.map { Self.lockKey("loyalty:" + $0) }).sorted()
        let parts = LedgerParts(requests: requests, customers: customers)
        let (order, keys, lots) = (customers, eventKeys, named)
        let planned = try await pipelinedTransaction(
            locks: AdvisoryLocks(storeID: storeID, keys: locks), reads: reads,
            split: { rows in
                var books = Self.loadedBooks(
                    customers: order, eventKeys: keys, named: lots, reads: reads.count, rows: rows)
                return parts.customers.indices.map { part in
                    LedgerPart(requests: parts.requests(of: part), books: parts.customers[part].reduce(into: [:]) {
                        $0[$1] = books.removeValue(forKey: $1)
                    })
                }
            },
            plan: { part in try Self.planLedger(part, storeID: storeID, now: now) })
        return parts.merge(planned)
    }

    /// Runs a part's requests on its customers' books in order, and gathers the rows to write.
    /// A `LedgerError` is that request's result; the operation leaves the book as it was.
    static func planLedger(_ part: LedgerPart, storeID: StoreID, now: Timestamp) throws
        -> (statements: [SQLStatement], result: [Result<LedgerChange, LedgerError>])
    {
        var books: [String: LotBook] = [:]
        for (customerKey, loaded) in part.books {
            books[customerKey] = try LotBook(
                store: storeID, customerKey: customerKey,
                lots: loaded.lotRows.map { decodeLot($0, customerKey: customerKey) }, debt: loaded.debt,
                appliedKeys: loaded.appliedKeys)
        }
        var writes = LedgerWrites(storeID: storeID, now: now)
        var results: [Result<LedgerChange, LedgerError>] = []
        results.reserveCapacity(part.requests.count)
        for request in part.requests {
            let key = request.customerKey
            guard books[key] != nil else { preconditionFailure("every customer of a part has a book") }
            #if DEBUG
                let before = books[key]
            #endif
            do {
                // In place: the book's lots are not copied for every operation.
                let change = try request.operation(&books[key]!)
                if !change.isReplay, !change.isEmpty {
                    writes.add(customerKey: key, change: change, book: books[key]!)
                }
                results.append(.success(change))
            } catch let error as LedgerError {
                #if DEBUG
                    precondition(books[key] == before, "a ledger operation changed the book, then threw")
                #endif
                results.append(.failure(error))
            }
        }
        return (writes.statements(), results)
    }

    /// The statements that store one operation's change.
    static func ledgerWrites(storeID: StoreID, customerKey: String, change: LedgerChange, book: LotBook, now: Timestamp)
        -> [SQLStatement]
    {
        var writes = LedgerWrites(storeID: storeID, now: now)
        writes.add(customerKey: customerKey, change: change, book: book)
        return writes.statements()
    }

    public func loyaltyBalance(storeID: StoreID, customerKey: String, now: Timestamp) async throws -> LoyaltyBalance {
        let customer: [SQLValue] = [.int(storeID), .text(customerKey)]
        let rows = try await read([
            SQLStatement(
                "SELECT debt, spent, expired, reversed, applied_to_debt, shortfall FROM loyalty_accounts WHERE store_id = ? AND customer_key = ?",
                customer),
            Self.openLotsRead(storeID: storeID, customerKey: customerKey),
        ])
        let account = rows[0].first
        let lots = rows[1].map { Self.decodeLot($0, customerKey: customerKey) }.sorted {
            ($0.earnedAt, $0.key) < ($1.earnedAt, $1.key)
        }
        var balances = PointBalances(
            spent: account?.int(1) ?? 0, expired: account?.int(2) ?? 0, reversed: account?.int(3) ?? 0,
            appliedToDebt: account?.int(4) ?? 0, shortfall: account?.int(5) ?? 0, debt: account?.int(0) ?? 0)
        for lot in lots {
            if lot.isAvailable(at: now) { balances.available += lot.remaining } else { balances.pending += lot.remaining }
        }
        return LoyaltyBalance(customerKey: customerKey, balances: balances, openLots: lots)
    }

    public func verifyLedger(storeID: StoreID) async throws -> [LedgerBreach] {
        let store: [SQLValue] = [.int(storeID)]
        let rows = try await read([
            SQLStatement("SELECT \(Self.postingColumns) FROM loyalty_postings WHERE store_id = ?", store),
            SQLStatement("SELECT \(Self.lotColumns), customer_key FROM loyalty_lots WHERE store_id = ?", store),
            SQLStatement("SELECT customer_key, balance, debt FROM loyalty_accounts WHERE store_id = ?", store),
        ])
        let postings = try rows[0].map(Self.decodePosting)
        let lots = rows[1].map { Self.decodeLot($0, customerKey: $0.text(Self.lotColumnCount)) }
        let openFlags = rows[1].map { $0.int(13) == 1 }
        var debts: [String: Int64] = [:]
        var cached: [LoyaltyAccount: Int64] = [:]
        for row in rows[2] {
            debts[row.text(0)] = row.int(2)
            cached[.customer(row.text(0))] = row.int(1)
        }
        var breaches = LedgerVerifier().verify(postings: postings, lots: lots, debts: debts, cachedBalances: cached)
        // A lot's `open` flag decides which lots a balance read sees: it must match what is left.
        for (lot, open) in zip(lots, openFlags) where open != lot.isOpen {
            breaches.append(.lotStateInconsistent(lotKey: lot.key, reason: "its open flag does not match the points left"))
        }
        return breaches
    }

    /// A customer's open lots (the partial index), what a book and a balance start from.
    static func openLotsRead(storeID: StoreID, customerKey: String) -> SQLStatement {
        SQLStatement(
            "SELECT \(lotColumns) FROM loyalty_lots WHERE store_id = ? AND customer_key = ? AND open = 1",
            [.int(storeID), .text(customerKey)])
    }

    /// A customer's debt (no row: none).
    static func debtRead(storeID: StoreID, customerKey: String) -> SQLStatement {
        SQLStatement("SELECT debt FROM loyalty_accounts WHERE store_id = ? AND customer_key = ?", [.int(storeID), .text(customerKey)])
    }

    static var postingColumns: String { "posting_key, event_key, kind, debit, credit, points, lot_key, customer_key, reason, at" }

    static func decodePosting(_ row: SQLRow) throws -> Posting {
        guard let kind = PostingKind(rawValue: row.text(2)), let debit = LoyaltyAccount(code: row.text(3)),
            let credit = LoyaltyAccount(code: row.text(4))
        else { throw LedgerRowError(description: "posting '\(row.text(0))' has an unreadable kind or account") }
        return Posting(
            key: row.text(0), eventKey: row.text(1), kind: kind, debit: debit, credit: credit, points: row.int(5),
            lotKey: row.text(6), customerKey: row.text(7), reason: row.text(8),
            at: Timestamp(millisecondsSinceEpoch: row.int(9)))
    }

    static var lotColumns: String {
        "lot_key, source, funding, points, spent, expired, reversed, applied_to_debt, clawed_back, shortfall, earned_at, available_at, expires_at, open"
    }
    static var lotColumnCount: Int { 14 }

    static func decodeLot(_ row: SQLRow, customerKey: String) -> PointLot {
        PointLot(
            key: row.text(0), customerKey: customerKey, source: row.text(1),
            fundingAccount: LoyaltyAccount(code: row.text(2)) ?? .liability, points: row.int(3), spent: row.int(4),
            expired: row.int(5), reversed: row.int(6), appliedToDebt: row.int(7), clawedBack: row.int(8),
            shortfall: row.int(9), earnedAt: Timestamp(millisecondsSinceEpoch: row.int(10)),
            availableAt: row.optionalInt(11).map(Timestamp.init(millisecondsSinceEpoch:)),
            expiresAt: row.optionalInt(12).map(Timestamp.init(millisecondsSinceEpoch:)))
    }
}
