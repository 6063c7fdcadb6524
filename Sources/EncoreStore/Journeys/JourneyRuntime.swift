import EncoreCore
import EncoreJourneys
import Foundation
import Synchronization

/// A link a message carries, signed by whoever runs the journeys (the server holds the key).
public struct LinkRequest: Sendable, Hashable {
    public enum Purpose: String, Sendable, CaseIterable {
        case receipt, unsubscribe, preferences, review, nps
        /// A CSAT question about a ticket (`target` is "ticket:<key>").
        case csat
        /// The confirmation of a request to erase a customer's data.
        case erase
        /// A tracked link: records the click, then redirects to `target`.
        case click
        /// The open-tracking image of an email.
        case open
        /// The customer's loyalty page: points, tier, rewards to redeem.
        case loyalty

        /// The links every message's context carries (`links.*`); `links.csat` asks about the
        /// delivery of the message's order.
        public static let contextLinks: [Purpose] = [.receipt, .unsubscribe, .preferences, .review, .nps, .csat]

        /// The target of this purpose's context link for a message about `orderKey`: a CSAT
        /// link's touchpoint is the order's delivery ("delivery:<order key>").
        public func contextTarget(orderKey: String?) -> String? {
            self == .csat ? orderKey.map { "delivery:\($0)" } : nil
        }
    }
    public var purpose: Purpose
    public var storeID: StoreID
    public var customerKey: String
    public var orderKey: String?
    public var messageID: String?
    /// Where a tracked click leads.
    public var target: String?
    /// When the link is made (its expiry counts from here).
    public var issuedAt: Timestamp

    public init(
        purpose: Purpose, storeID: StoreID, customerKey: String, orderKey: String?, messageID: String?,
        target: String? = nil, issuedAt: Timestamp
    ) {
        self.target = target
        self.issuedAt = issuedAt
        self.purpose = purpose
        self.storeID = storeID
        self.customerKey = customerKey
        self.orderKey = orderKey
        self.messageID = messageID
    }
}

/// What the journey worker needs besides the database: how to build signed links, the
/// marketing frequency cap, the fallback sender, and a cache of compiled journey versions
/// (versions never change once published, so the cache never goes stale).
public final class JourneyRuntime: Sendable {
    public let link: @Sendable (LinkRequest) -> String
    public let frequencyCap: FrequencyCap
    /// The From address when a store has no sender configured.
    public let fallbackSender: String
    private let compiled = Mutex<[String: CompiledJourney]>([:])

    public init(
        frequencyCap: FrequencyCap = .standard, fallbackSender: String = "encore@localhost",
        link: @escaping @Sendable (LinkRequest) -> String
    ) {
        self.link = link
        self.frequencyCap = frequencyCap
        self.fallbackSender = fallbackSender
    }

    static func cacheKey(_ storeID: StoreID, _ journeyID: String, _ version: Int) -> String {
        "\(storeID)/\(journeyID)/\(version)"
    }

    func cached(_ storeID: StoreID, _ journeyID: String, _ version: Int) -> CompiledJourney? {
        compiled.withLock { $0[Self.cacheKey(storeID, journeyID, version)] }
    }

    func remember(_ journey: CompiledJourney) {
        compiled.withLock { $0[Self.cacheKey(journey.storeID, journey.definition.id, journey.version)] = journey }
    }
}

/// A published version ready to run: its definition and a renderer over its templates.
struct CompiledJourney: Sendable {
    var storeID: StoreID
    var version: Int
    var definition: JourneyDefinition
    var renderer: TemplateRenderer
}
