import EncoreCore

extension LotBook {
    /// Redeems `points`, taking them from available lots oldest first (by earnedAt, then key);
    /// one `spend` posting per lot consumed. Pending lots are never touched.
    ///
    /// Throws ``LedgerError/insufficientPoints(available:requested:owed:)`` when `points` is more
    /// than the spendable amount (available minus debt). A replay changes nothing, even when
    /// the points would no longer suffice. Only the lots consumed (and any lots skipped before
    /// them) are looked at.
    public mutating func spend(_ key: PostingKey, points: Int64, at: Timestamp, reason: String = "")
        throws(LedgerError) -> LedgerChange
    {
        try LedgerError.checkPoints(points)
        try checkStore(key)
        let event = key.text
        if appliedKeys.contains(event) { return .replay(debt: debt) }

        // Find the oldest available lots that cover the request plus the debt; stop early.
        let needed = points + debt
        var found: Int64 = 0
        var candidates: [String] = []
        var consumedCover: Int64 = 0
        for lotKey in order {
            guard let lot = lotsByKey[lotKey], lot.isAvailable(at: at) else { continue }
            found += lot.remaining
            if consumedCover < points {
                candidates.append(lotKey)
                consumedCover += lot.remaining
            }
            if found >= needed { break }
        }
        guard found >= needed else {
            throw .insufficientPoints(available: max(0, found - debt), requested: points, owed: debt)
        }

        var left = points
        var postings: [Posting] = []
        var lots: [PointLot] = []
        postings.reserveCapacity(candidates.count)
        lots.reserveCapacity(candidates.count)
        for lotKey in candidates {
            guard let lot = lotsByKey[lotKey] else { continue }
            let take = min(lot.remaining, left)
            let updated = updateLot(lotKey) { $0.spent += take }
            postings.append(
                posting(
                    .spend, event: event, index: postings.count + 1, points: take, lot: updated, reason: reason, at: at)
            )
            lots.append(updated)
            left -= take
        }
        appliedKeys.insert(event)
        compactIfNeeded()
        return LedgerChange(eventKeys: [event], postings: postings, lots: lots, debt: debt)
    }
}
