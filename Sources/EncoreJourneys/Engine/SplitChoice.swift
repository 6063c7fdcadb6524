import EncoreCore

/// The split draw: a stable hash of (journey id, customer key, step id), so re-running an
/// instance (or a dry run) picks the same arm.
public enum SplitChoice {
    /// The arm chosen for the customer; weights are relative.
    public static func choose(_ arms: [SplitArm], journeyID: String, customerKey: String, stepID: String) -> SplitArm? {
        let total = arms.reduce(0) { $0 + max(0, $1.weight) }
        guard total > 0 else { return arms.first }
        var hasher = StableHasher()
        hasher.combine("split")
        hasher.combine(journeyID)
        hasher.combine(customerKey)
        hasher.combine(stepID)
        var point = Int(hasher.value64 % UInt64(total))
        for arm in arms where arm.weight > 0 {
            if point < arm.weight { return arm }
            point -= arm.weight
        }
        return arms.last
    }
}
