import EncoreCore
import Yams

/// Reads `tiers:`.
extension ProgramReader {
    mutating func readTiers(_ node: Node) -> TierPolicy? {
        guard
            let fields = ProgramFields(
                node, what: "tiers", allowed: ["basis", "window_months", "downgrade", "levels"], required: ["levels"],
                sink: &sink)
        else { return nil }
        let basisWritten = fields["basis"] != nil
        let basis = choice(fields, "basis", TierBasis.self)
        let window = count(fields, "window_months", in: 1...120) ?? 12
        let downgrade = choice(fields, "downgrade", DowngradePolicy.self) ?? .anniversary
        guard let levelsNode = fields["levels"], let items = items(levelsNode, what: "tiers.levels") else { return nil }
        if items.isEmpty { sink.error(at: levelsNode, "tiers.levels needs at least one tier") }
        // A wrong basis was reported; thresholds are then not checked.
        let thresholdBasis = basisWritten ? basis : .spend
        var tiers: [Tier] = []
        var keyLines: [String: Int] = [:]
        var previous: (threshold: Int64, text: String)?
        for (index, item) in items.enumerated() {
            let what = "tiers.levels[\(index)]"
            guard
                let level = ProgramFields(
                    item, what: what, allowed: ["key", "name", "threshold", "multiplier"],
                    required: ["key", "name", "threshold", "multiplier"], sink: &sink)
            else { continue }
            let key = identifier(level, "key")
            if let key {
                if let first = keyLines[key] {
                    sink.error(line: level.line("key"), "\(what): duplicate tier key '\(key)' (first at line \(first))")
                } else {
                    keyLines[key] = level.line("key")
                }
            }
            let name = name(level, "name")
            let multiplier = readMultiplier(level)
            var threshold: Int64?
            if let thresholdBasis {
                threshold = readThreshold(level, basis: thresholdBasis, first: index == 0, previous: previous)
                if let threshold { previous = (threshold, level.text("threshold", sink: &sink) ?? "") }
            }
            if let key, let name, let threshold, let multiplier {
                tiers.append(Tier(key: key, name: name, threshold: threshold, multiplier: multiplier))
            }
        }
        return TierPolicy(basis: basis ?? .spend, windowMonths: window, downgrade: downgrade, tiers: tiers)
    }

    private mutating func readMultiplier(_ level: ProgramFields) -> Multiplier? {
        guard let text = level.text("multiplier", sink: &sink) else { return nil }
        guard let multiplier = Multiplier(parsing: text), (1000...100_000).contains(multiplier.perMille) else {
            sink.error(
                line: level.line("multiplier"),
                "\(level.what): multiplier must be a number from 1 to 100 with at most 3 decimals, not '\(text)'")
            return nil
        }
        return multiplier
    }

    /// An amount (basis spend) or whole points (basis points): 0 for the first tier, above the
    /// previous tier's otherwise.
    private mutating func readThreshold(
        _ level: ProgramFields, basis: TierBasis, first: Bool, previous: (threshold: Int64, text: String)?
    ) -> Int64? {
        let value: Int64?
        switch basis {
        case .spend: value = amount(level, "threshold")
        case .points: value = integer(level, "threshold", in: 0...1_000_000_000_000)
        }
        guard let value, let text = level.text("threshold", sink: &sink) else { return nil }
        if first && value != 0 {
            sink.error(
                line: level.line("threshold"),
                "\(level.what): the first tier's threshold must be 0, so that every customer has a tier, not '\(text)'")
            return nil
        }
        if let previous, value <= previous.threshold {
            sink.error(
                line: level.line("threshold"),
                "\(level.what): threshold '\(text)' must be above the previous tier's '\(previous.text)'")
            return nil
        }
        return value
    }
}
