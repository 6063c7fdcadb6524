import EncoreCore

extension LotBook {
    /// Expires what is left of every lot whose `expiresAt` has come by `now` (pending lots
    /// included), one `expire` posting per lot under the lot's own key
    /// (``PostingKey/lotExpiry(store:lotKey:)``). Running it again changes nothing.
    public mutating func expire(now: Timestamp, reason: String = "points expired") -> LedgerChange {
        var postings: [Posting] = []
        var lots: [PointLot] = []
        var keys: [String] = []
        for lotKey in order {
            guard let lot = lotsByKey[lotKey], lot.isDueToExpire(at: now) else { continue }
            let key = PostingKey.lotExpiry(store: store, lotKey: lotKey)
            let text = key.text
            guard !appliedKeys.contains(text) else { continue }
            let points = lot.remaining
            let updated = updateLot(lotKey) { $0.expired += points }
            postings.append(
                posting(.expire, event: text, index: 1, points: points, lot: updated, reason: reason, at: now))
            lots.append(updated)
            keys.append(text)
            appliedKeys.insert(text)
        }
        compactIfNeeded()
        return LedgerChange(eventKeys: keys, postings: postings, lots: lots, debt: debt)
    }

    /// Expires every point left, pending or available, at once (the whole-balance expiry after
    /// a period of inactivity): one `expire` posting per open lot, keyed `key#1`, `key#2`, ...
    /// The debt is untouched. A replay changes nothing.
    public mutating func expireAll(_ key: PostingKey, at: Timestamp, reason: String = "inactivity")
        throws(LedgerError) -> LedgerChange
    {
        try checkStore(key)
        let event = key.text
        if appliedKeys.contains(event) { return .replay(debt: debt) }
        var postings: [Posting] = []
        var lots: [PointLot] = []
        for lotKey in order {
            guard let lot = lotsByKey[lotKey], lot.isOpen else { continue }
            let points = lot.remaining
            let updated = updateLot(lotKey) { $0.expired += points }
            postings.append(
                posting(
                    .expire, event: event, index: postings.count + 1, points: points, lot: updated, reason: reason,
                    at: at))
            lots.append(updated)
        }
        appliedKeys.insert(event)
        compactIfNeeded()
        return LedgerChange(eventKeys: [event], postings: postings, lots: lots, debt: debt)
    }
}
