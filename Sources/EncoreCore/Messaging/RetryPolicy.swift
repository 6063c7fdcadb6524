/// When to try a failed delivery again: exponential backoff with deterministic jitter, a cap on
/// the delay, and a limit of attempts and of age past both of which the message becomes a dead letter.
public struct RetryPolicy: Sendable, Equatable {
    /// Delay after the first failure, in milliseconds.
    public var baseDelay: Int64
    /// Longest delay between two attempts, in milliseconds.
    public var maxDelay: Int64
    /// Attempts in all, the first included, before a message may become a dead letter.
    public var maxAttempts: Int
    /// How long, in milliseconds from when it was queued, a message keeps being retried even
    /// after `maxAttempts` (at `maxDelay`): an outage of the relay or the endpoint longer than the
    /// attempts last (a few hours by default) delays mail but loses none, as a mail server's
    /// queue lifetime does. A message becomes a dead letter only when both are used up.
    public var maxAge: Int64

    public init(baseDelay: Int64 = 30_000, maxDelay: Int64 = 3_600_000, maxAttempts: Int = 10, maxAge: Int64 = 259_200_000) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
    }

    /// The time of the next attempt after `attempts` failed ones of a message queued at
    /// `queuedAt`, or nil when none is left (`maxAttempts` made and `maxAge` reached).
    ///
    /// The delay is `baseDelay * 2^(attempts-1)`, capped at `maxDelay`, then scaled by a jitter
    /// factor in [0.5, 1.0) derived from the message id and attempt, so a burst of failures
    /// spreads out the same way on every run.
    public func nextAttempt(afterFailedAttempts attempts: Int, messageID: String, queuedAt: Timestamp, now: Timestamp)
        -> Timestamp?
    {
        guard attempts < maxAttempts || now.millisecondsSinceEpoch - queuedAt.millisecondsSinceEpoch < maxAge else {
            return nil
        }
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
