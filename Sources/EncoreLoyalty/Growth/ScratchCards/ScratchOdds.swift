/// The odds a campaign prints: per prize, for any prize, and the text lines for the card.
public struct ScratchOdds: Hashable, Sendable {
    /// One entry per prize, in campaign order.
    public var prizes: [ScratchPrizeOdds]
    /// The chance of winning any prize.
    public var anyPrize: ScratchPrizeOdds
    /// The lines to print: one per prize, the any-prize line, and a note that the budget and
    /// caps can turn a win into "no prize" (every campaign has a budget).
    public var lines: [String]
}

extension ScratchCampaign {
    /// The odds of each prize and of any prize, computed exactly from the weights (the budget
    /// and caps can only lower them, which the last line says). Assumes a valid campaign.
    public var odds: ScratchOdds {
        let total = max(totalWeight, 1)
        let prizeOdds = prizes.map {
            ScratchPrizeOdds(key: $0.key, label: $0.label, weight: UInt64(clamping: $0.weight), totalWeight: total)
        }
        let any = ScratchPrizeOdds(key: "", label: "Any prize", weight: min(prizeWeight, total), totalWeight: total)
        var lines = prizeOdds.map(\.line) + [any.line]
        lines.append(
            "Odds are per card. Prizes are limited: once the prize budget or a limit is reached, cards show no prize.")
        return ScratchOdds(prizes: prizeOdds, anyPrize: any, lines: lines)
    }
}

/// Exact decimal texts for odds, in integer arithmetic.
enum ScratchOddsText {
    /// numerator / denominator rounded half-up to an integer.
    static func rounded(_ numerator: UInt128, _ denominator: UInt128) -> UInt128 {
        (numerator * 2 + denominator) / (denominator * 2)
    }

    /// (numerator / denominator) / 100 with 2 decimals, half-up, trailing zeros dropped: "3.33", "4", "2.5".
    static func decimal(numerator: UInt128, denominator: UInt128) -> String {
        let hundredths = rounded(numerator, denominator)
        let whole = hundredths / 100
        let fraction = Int(hundredths % 100)
        if fraction == 0 { return "\(whole)" }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
