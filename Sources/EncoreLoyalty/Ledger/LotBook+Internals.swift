import EncoreCore

/// The bookkeeping every operation shares: key checks, lot updates that keep the running
/// total and the FIFO walk in step, and posting construction.
extension LotBook {
    /// Throws unless `key` belongs to this book's store.
    func checkStore(_ key: PostingKey) throws(LedgerError) {
        guard key.store == store else {
            throw .invalidInput(
                field: "key", reason: "belongs to store \(key.store), but this book is for store \(store)")
        }
    }

    /// Changes the lot `key` with `body`, keeping `remainingTotal` and `closedInOrder` right;
    /// returns the new lot. The lot must exist.
    @discardableResult
    mutating func updateLot(_ key: String, _ body: (inout PointLot) -> Void) -> PointLot {
        guard var lot = lotsByKey[key] else { preconditionFailure("lot \(key) is not in the book") }
        let before = lot.remaining
        body(&lot)
        remainingTotal += lot.remaining - before
        if before > 0 && lot.remaining == 0 { closedInOrder += 1 }
        lotsByKey[key] = lot
        return lot
    }

    /// Adds a new lot, placing it in the FIFO walk when it has points left.
    mutating func insertLot(_ lot: PointLot) {
        lotsByKey[lot.key] = lot
        remainingTotal += lot.remaining
        guard lot.isOpen else { return }
        // Earnings mostly arrive in time order: appending is the common case.
        if let last = order.last, Self.isOlder(lot, lotsByKey[last]) {
            var low = order.startIndex
            var high = order.endIndex
            while low < high {
                let middle = (low + high) / 2
                if Self.isOlder(lotsByKey[order[middle]], lot) { low = middle + 1 } else { high = middle }
            }
            order.insert(lot.key, at: low)
        } else {
            order.append(lot.key)
        }
    }

    /// Drops closed lots from the front of the FIFO walk, and from the whole walk once they make
    /// up most of it (amortised O(1) per closed lot).
    mutating func compactIfNeeded() {
        while closedInOrder > 0, let first = order.first, lotsByKey[first]?.isOpen != true {
            order.removeFirst()
            closedInOrder -= 1
        }
        guard closedInOrder > 16, closedInOrder * 2 > order.count else { return }
        order = ArraySlice(order.filter { lotsByKey[$0]?.isOpen == true })
        closedInOrder = 0
    }

    /// The `index`-th posting of the event whose key text is `event`: `points` for `lot`, from
    /// the funding account to the customer for kinds that create lots, the other way otherwise.
    func posting(
        _ kind: PostingKind, event: String, index: Int, points: Int64, lot: PointLot, reason: String,
        at: Timestamp
    ) -> Posting {
        let customer = LoyaltyAccount.customer(customerKey)
        let funding = lot.fundingAccount
        return Posting(
            key: PostingKey.postingKey(eventText: event, index: index), eventKey: event, kind: kind,
            debit: kind.createsLot ? funding : customer, credit: kind.createsLot ? customer : funding,
            points: points, lotKey: lot.key, customerKey: customerKey, reason: reason, at: at)
    }
}
