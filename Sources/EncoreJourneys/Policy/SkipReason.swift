/// Why the policy skipped a send; the raw values are what storage and the CLI record.
public enum SkipReason: String, Hashable, Sendable, Codable, CaseIterable {
    /// The address is on the suppression list: a hard bounce or complaint (every send), or
    /// unsubscribed (marketing sends).
    case suppressed
    /// A marketing send without the customer's marketing consent for the channel.
    case noConsent = "no_consent"
    /// The customer has no address for the channel.
    case noAddress = "no_address"
    /// The instance is in the journey's holdout.
    case holdout
    /// Inside quiet hours with action `skip`.
    case quietHours = "quiet_hours"
    /// The marketing frequency cap across all journeys.
    case frequencyCap = "frequency_cap"
    /// A survey send while the customer was asked another survey within the store's interval.
    case surveyThrottled = "survey_throttled"
}
