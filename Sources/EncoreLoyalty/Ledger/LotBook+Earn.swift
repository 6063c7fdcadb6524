import EncoreCore

extension LotBook {
    /// Earns `points` into a new pending lot keyed by `key.text`, funded by the program's
    /// liability or, for an allied brand's offer, by `partner`'s account.
    ///
    /// The lot becomes spendable at `availableAt` (nil: not known yet; set it later with
    /// ``makeAvailable(lotKey:at:)``; a time before `at` means at once) and expires at
    /// `expiresAt` (nil: never; otherwise it must be after `at`). A debt is paid off from the new
    /// points first. A replay (the key applied or the lot already loaded) changes nothing.
    public mutating func earn(
        _ key: PostingKey, points: Int64, at: Timestamp, source: String, availableAt: Timestamp?,
        expiresAt: Timestamp?, partner: String? = nil, reason: String = ""
    ) throws(LedgerError) -> LedgerChange {
        if let partner, partner.isEmpty {
            throw .invalidInput(field: "partner", reason: "must not be empty when given")
        }
        return try addLot(
            .earn, key: key, points: points, at: at, source: source, availableAt: availableAt,
            expiresAt: expiresAt, funding: partner.map(LoyaltyAccount.partner) ?? .liability, reason: reason)
    }

    /// Grants `points` by hand (a merchant's goodwill), posted as `adjust` and funded by the
    /// liability; otherwise exactly like ``earn(_:points:at:source:availableAt:expiresAt:partner:reason:)``.
    public mutating func grant(
        _ key: PostingKey, points: Int64, at: Timestamp, source: String, availableAt: Timestamp?,
        expiresAt: Timestamp?, reason: String = ""
    ) throws(LedgerError) -> LedgerChange {
        try addLot(
            .adjust, key: key, points: points, at: at, source: source, availableAt: availableAt,
            expiresAt: expiresAt, funding: .liability, reason: reason)
    }

    /// Sets when the lot `lotKey` becomes spendable (e.g. once delivery fixes the return
    /// window). Setting the same time again changes nothing; moving it later is refused once
    /// points of the lot were spent. A time before the earning means at once. No posting.
    public mutating func makeAvailable(lotKey: String, at availableAt: Timestamp) throws(LedgerError)
        -> LedgerChange
    {
        guard let lot = lotsByKey[lotKey] else { throw .unknownLot(lotKey) }
        let time = max(availableAt, lot.earnedAt)
        if lot.availableAt == time { return LedgerChange(debt: debt) }
        if lot.spent > 0, let current = lot.availableAt, time > current {
            throw .invalidInput(
                field: "availableAt",
                reason: "lot '\(lotKey)' was already spent from; its availability cannot move later")
        }
        let updated = updateLot(lotKey) { $0.availableAt = time }
        return LedgerChange(lots: [updated], debt: debt)
    }

    private mutating func addLot(
        _ kind: PostingKind, key: PostingKey, points: Int64, at: Timestamp, source: String,
        availableAt: Timestamp?, expiresAt: Timestamp?, funding: LoyaltyAccount, reason: String
    ) throws(LedgerError) -> LedgerChange {
        try LedgerError.checkPoints(points)
        try checkStore(key)
        guard !source.isEmpty else { throw .invalidInput(field: "source", reason: "must not be empty") }
        if let expiresAt, expiresAt <= at {
            throw .invalidInput(
                field: "expiresAt", reason: "must be after the earning time \(at), got \(expiresAt)")
        }
        let lotKey = key.text
        if appliedKeys.contains(lotKey) || lotsByKey[lotKey] != nil { return .replay(debt: debt) }
        guard remainingTotal <= LedgerLimits.maxBalance - points else {
            throw .invalidInput(
                field: "points", reason: "would take the customer past \(LedgerLimits.maxBalance) points")
        }
        let settled = min(points, debt)
        let lot = PointLot(
            key: lotKey, customerKey: customerKey, source: source, fundingAccount: funding, points: points,
            appliedToDebt: settled, earnedAt: at, availableAt: availableAt.map { max($0, at) },
            expiresAt: expiresAt)
        debt -= settled
        insertLot(lot)
        appliedKeys.insert(lotKey)
        return LedgerChange(
            eventKeys: [lotKey],
            postings: [posting(kind, event: lotKey, index: 1, points: points, lot: lot, reason: reason, at: at)],
            lots: [lot], debt: debt, debtSettled: settled)
    }
}
