import EncoreCore

extension LotBook {
    /// Takes back up to `points` of the lot `lotKey` for a refund (full or partial), as one
    /// `reverse` posting.
    ///
    /// What is left of the lot (pending or available) is reversed first. For the rest, up to the
    /// lot's used points not yet reclaimed: under `negativeBalance` they are posted too and added
    /// to the customer's debt; under `cappedShortfall` they are not posted and are counted in
    /// the lot's and the change's `shortfall`. Anything beyond that (expired points, points
    /// already reversed, more than the lot held) is reported as `unreversible`. The event key is
    /// recorded even when no point could move, so a replay never counts twice.
    public mutating func reverse(
        _ key: PostingKey, lotKey: String, points: Int64, policy: RefundShortfallPolicy, at: Timestamp,
        reason: String = ""
    ) throws(LedgerError) -> LedgerChange {
        try LedgerError.checkPoints(points)
        try checkStore(key)
        let event = key.text
        if appliedKeys.contains(event) { return .replay(debt: debt) }
        guard let lot = lotsByKey[lotKey] else { throw .unknownLot(lotKey) }

        let fromRemaining = min(points, lot.remaining)
        let reclaimed = min(points - fromRemaining, lot.reclaimable)
        let unreversible = points - fromRemaining - reclaimed
        let charged = policy == .negativeBalance ? reclaimed : 0
        let forgiven = reclaimed - charged
        guard debt <= LedgerLimits.maxBalance - charged else {
            throw .invalidInput(
                field: "points", reason: "would take the customer's debt past \(LedgerLimits.maxBalance) points")
        }

        let updated = updateLot(lotKey) {
            $0.reversed += fromRemaining
            $0.clawedBack += charged
            $0.shortfall += forgiven
        }
        debt += charged
        appliedKeys.insert(event)
        compactIfNeeded()
        let moved = fromRemaining + charged
        let postings =
            moved > 0
            ? [posting(.reverse, event: event, index: 1, points: moved, lot: updated, reason: reason, at: at)] : []
        return LedgerChange(
            eventKeys: [event], postings: postings, lots: reclaimed + fromRemaining > 0 ? [updated] : [],
            debt: debt, debtIncurred: charged, shortfall: forgiven, unreversible: unreversible)
    }
}
