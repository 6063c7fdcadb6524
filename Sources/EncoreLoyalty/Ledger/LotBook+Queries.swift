import EncoreCore

extension LotBook {
    /// The open lots whose own expiry falls after `start` and no later than `end` (e.g. now and
    /// now + 30 days for "points expiring soon"), soonest first; lots already due are left to
    /// ``expire(now:)``.
    public func lotsExpiring(after start: Timestamp, through end: Timestamp) -> [PointLot] {
        var result: [PointLot] = []
        for lotKey in order {
            guard let lot = lotsByKey[lotKey], lot.isOpen, let expiresAt = lot.expiresAt,
                expiresAt > start, expiresAt <= end
            else { continue }
            result.append(lot)
        }
        return result.sorted { ($0.expiresAt ?? end, $0.earnedAt, $0.key) < ($1.expiresAt ?? end, $1.earnedAt, $1.key) }
    }

    /// The points of ``lotsExpiring(after:through:)``.
    public func pointsExpiring(after start: Timestamp, through end: Timestamp) -> Int64 {
        lotsExpiring(after: start, through: end).reduce(0) { $0 + $1.remaining }
    }

    /// The customer's points by state at `now`, over the loaded lots.
    public func balances(at now: Timestamp) -> PointBalances {
        var sums = [Int128](repeating: 0, count: 7)
        for lot in lotsByKey.values {
            if lot.isAvailable(at: now) {
                sums[1] += Int128(lot.remaining)
            } else {
                sums[0] += Int128(lot.remaining)
            }
            sums[2] += Int128(lot.spent)
            sums[3] += Int128(lot.expired)
            sums[4] += Int128(lot.reversed) + Int128(lot.clawedBack)
            sums[5] += Int128(lot.appliedToDebt)
            sums[6] += Int128(lot.shortfall)
        }
        let clamped = sums.map { Int64(clamping: $0) }
        return PointBalances(
            pending: clamped[0], available: clamped[1], spent: clamped[2], expired: clamped[3],
            reversed: clamped[4], appliedToDebt: clamped[5], shortfall: clamped[6], debt: debt)
    }
}
