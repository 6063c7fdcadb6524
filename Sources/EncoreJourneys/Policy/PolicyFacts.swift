import EncoreCore

/// What the policy needs to know about the customer at the moment of an advance, gathered by
/// storage: reachability, suppression, marketing consent per channel, and the customer's recent
/// marketing sends across all journeys (for the frequency cap). Re-read it before every advance.
public struct PolicyFacts: Hashable, Sendable {
    /// Channels whose address the customer has (`.email` with an e-mail, `.sms` with a phone).
    public var reachableChannels: Set<Channel>
    /// Channels whose address is on the suppression list for every message (a bounce, a complaint).
    public var suppressedChannels: Set<Channel>
    /// Channels whose address unsubscribed: suppressed for marketing only, so order and delivery
    /// messages still arrive (as the unsubscribe page promises).
    public var unsubscribedChannels: Set<Channel>
    /// Channels with the customer's consent for purpose `marketing`.
    public var marketingConsent: Set<Channel>
    /// When marketing messages were sent to this customer (any journey), any order.
    public var recentMarketingSends: [Timestamp]
    public var frequencyCap: FrequencyCap
    /// When the customer was last asked a survey question (any survey, any channel), if ever.
    public var lastSurveyAskedAt: Timestamp?
    /// The least time between two survey questions to one customer.
    public var surveyThrottle: SurveyThrottle = SurveyThrottle()

    public init(
        reachableChannels: Set<Channel>, suppressedChannels: Set<Channel> = [], unsubscribedChannels: Set<Channel> = [],
        marketingConsent: Set<Channel> = [], recentMarketingSends: [Timestamp] = [],
        frequencyCap: FrequencyCap = .standard
    ) {
        self.reachableChannels = reachableChannels
        self.suppressedChannels = suppressedChannels
        self.unsubscribedChannels = unsubscribedChannels
        self.marketingConsent = marketingConsent
        self.recentMarketingSends = recentMarketingSends
        self.frequencyCap = frequencyCap
    }

    /// Facts from a stored customer: reachable by the addresses it has, marketing consent by the
    /// latest marketing decision per channel, suppressed where its address (compared without
    /// case) is in `suppressedAddresses`, unsubscribed (from marketing) where it is in
    /// `unsubscribedAddresses`.
    public init(
        customer: Customer, suppressedAddresses: Set<String> = [], unsubscribedAddresses: Set<String> = [],
        recentMarketingSends: [Timestamp] = [], frequencyCap: FrequencyCap = .standard
    ) {
        var addresses: [Channel: String] = [:]
        if let email = customer.email, !email.isEmpty { addresses[.email] = email.lowercased() }
        if let phone = customer.phone, !phone.isEmpty { addresses[.sms] = phone.lowercased() }
        let suppressed = Set(suppressedAddresses.map { $0.lowercased() })
        let unsubscribed = Set(unsubscribedAddresses.map { $0.lowercased() })
        var latest: [Channel: Consent] = [:]
        for consent in customer.consents where consent.purpose == .marketing {
            if let seen = latest[consent.channel], seen.updatedAt > consent.updatedAt { continue }
            latest[consent.channel] = consent
        }
        self.init(
            reachableChannels: Set(addresses.keys),
            suppressedChannels: Set(addresses.filter { suppressed.contains($0.value) }.keys),
            unsubscribedChannels: Set(addresses.filter { unsubscribed.contains($0.value) }.keys),
            marketingConsent: Set(latest.filter { $0.value.granted }.keys),
            recentMarketingSends: recentMarketingSends, frequencyCap: frequencyCap)
    }
}
