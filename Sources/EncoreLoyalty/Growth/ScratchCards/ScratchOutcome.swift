/// The decided outcome of one card, with what an auditor needs to reproduce it.
public struct ScratchOutcome: Hashable, Sendable {
    /// The first 8 bytes of the digest, big-endian.
    public var roll: UInt64
    /// The position the roll picked in `0 ..< totalWeight`: `(roll * totalWeight) >> 64`.
    public var ticket: UInt64
    /// The key of the prize the weights picked, nil for the "no prize" share.
    public var drawnKey: String?
    /// The prize awarded (shown on the card), nil when the card shows no prize.
    public var prize: ScratchPrize?
    /// Why there is no prize; nil when a prize is awarded.
    public var reason: ScratchNoPrizeReason?

    /// An outcome as given (for instance read back from storage); `draw` is the way to decide one.
    public init(roll: UInt64, ticket: UInt64, drawnKey: String?, prize: ScratchPrize?, reason: ScratchNoPrizeReason?) {
        self.roll = roll
        self.ticket = ticket
        self.drawnKey = drawnKey
        self.prize = prize
        self.reason = reason
    }

    /// True when the card shows a prize.
    public var isWin: Bool { prize != nil }
    /// What the award takes from the budget: the prize's cost, 0 without a prize.
    public var cost: Int64 { prize?.cost ?? 0 }
}
