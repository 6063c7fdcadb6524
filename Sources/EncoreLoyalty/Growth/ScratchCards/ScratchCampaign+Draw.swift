import EncoreCore

extension ScratchCampaign {
    /// Decides one card from `digest` = HMAC-SHA256(campaign seed, card id), computed by the caller.
    ///
    /// The first 8 bytes, big-endian, are a 64-bit roll u; the ticket is `(u * total) >> 64`, the
    /// high word of the full product, which is uniform over `0 ..< total` up to a bias below
    /// total / 2^64 (no modulo). Tickets fall to the prizes in list order, then to "no prize".
    /// The card shows "no prize", with the reason, when (checked in this order) the customer's or
    /// the campaign's card cap is already reached (whatever was drawn), the weights drew "no prize",
    /// the customer's or the campaign's prize cap is reached, or the prize costs more than the
    /// budget left.
    /// The same campaign, digest and usage always give the same outcome.
    /// - Throws: `InputError` for a digest under 8 bytes ("digest") or an invalid campaign
    ///   (its first validation error).
    public func draw(digest: some Collection<UInt8>, usage: ScratchUsage) throws(InputError) -> ScratchOutcome {
        guard digest.count >= 8 else { throw InputError(field: "digest", reason: "must hold at least 8 bytes") }
        if let error = validate().first { throw error }
        let roll = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let ticket = roll.multipliedFullWidth(by: totalWeight).high
        var drawn: ScratchPrize?
        var floor: UInt64 = 0
        for prize in prizes {
            floor += UInt64(prize.weight)
            if ticket < floor {
                drawn = prize
                break
            }
        }
        var outcome = ScratchOutcome(roll: roll, ticket: ticket, drawnKey: drawn?.key, prize: nil, reason: nil)
        outcome.reason = refusal(of: drawn, usage: usage)
        if outcome.reason == nil { outcome.prize = drawn }
        return outcome
    }

    /// Why `drawn` cannot be awarded under `usage`, or nil when it can.
    private func refusal(of drawn: ScratchPrize?, usage: ScratchUsage) -> ScratchNoPrizeReason? {
        if let cap = caps.cardsPerCustomer, usage.customerCards >= cap { return .customerCardCap }
        if let cap = caps.cardsOverall, usage.cardsIssued >= cap { return .campaignCardCap }
        guard let drawn else { return .noPrizeDrawn }
        if let cap = caps.prizesPerCustomer, usage.customerPrizes >= cap { return .customerPrizeCap }
        if let cap = caps.prizesOverall, usage.prizesAwarded >= cap { return .campaignPrizeCap }
        if usage.budgetSpent > budget - drawn.cost { return .budgetExhausted }  // cost <= budget: no overflow
        return nil
    }
}
