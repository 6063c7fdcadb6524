/// When to try a failed delivery again: exponential backoff with deterministic jitter, a cap on
/// the delay, and a last attempt after which the message becomes a dead letter.
public struct RetryPolicy: Sendable, Equatable {
    /// Delay after the first failure, in milliseconds.
    public var baseDelay: Int64
    /// Longest delay between two attempts, in milliseconds.
    public var maxDelay: Int64
    /// Attempts in all, the first included.
    public var maxAttempts: Int

    public init(baseDelay: Int64 = 30_000, maxDelay: Int64 = 3_600_000, maxAttempts: Int = 10) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
    }

    /// The time of the next attempt after `attempts` failed ones, or nil when none is left.
    ///
    /// The delay is `baseDelay * 2^(attempts-1)`, capped at `maxDelay`, then scaled by a jitter
    /// factor in [0.5, 1.0) derived from the message id and attempt, so a burst of failures
    /// spreads out the same way on every run.
    public func nextAttempt(afterFailedAttempts attempts: Int, messageID: String, now: Timestamp) -> Timestamp? {
        guard attempts < maxAttempts else { return nil }
        let exponent = min(max(attempts - 1, 0), 30)
        let raw = baseDelay.multipliedReportingOverflow(by: Int64(1) << exponent)
        let delay = raw.overflow ? maxDelay : min(raw.partialValue, maxDelay)
        var hasher = StableHasher()
        hasher.combine(messageID)
        hasher.combine(Int64(attempts))
        let fraction = Double(hasher.value64 % 1_000_000) / 1_000_000
        let jittered = Int64(Double(delay) * (0.5 + fraction / 2))
        return Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + max(jittered, 1))
    }
}
