import EncoreCore

/// The holdout draw: a stable hash of (journey id, customer key), so a customer is always in or
/// always out of a journey's holdout, on every machine and across versions of the journey.
public enum Holdout {
    /// Whether the customer is held out of the journey at `percent` (0-100).
    public static func isHeldOut(journeyID: String, customerKey: String, percent: Int) -> Bool {
        guard percent > 0 else { return false }
        var hasher = StableHasher()
        hasher.combine("holdout")
        hasher.combine(journeyID)
        hasher.combine(customerKey)
        return hasher.value64 % 10_000 < UInt64(min(percent, 100)) * 100
    }
}
