import Foundation
import EncoreCore
import EncoreJourneys

/// One published version of a journey.
public struct JourneyVersion: Sendable, Equatable {
    public var storeID: StoreID
    public var journeyID: String
    public var version: Int
    public var definition: JourneyDefinition
    public var templates: [TemplateSource]
    public var source: String
    public var enabled: Bool
    public var createdAt: Timestamp
}

/// What `applyJourney` did.
public enum ApplyOutcome: Sendable, Equatable {
    /// A new version was published.
    case created(version: Int)
    /// The latest version already has this content; nothing was written.
    case unchanged(version: Int)
}

/// Counts of one journey version's instances and messages: the funnel the admin pages show,
/// for the treated group and the holdout side by side.
public struct JourneyFunnel: Sendable, Equatable {
    public var journeyID: String
    public var version: Int
    public var heldOut: Bool
    public var entered: Int
    public var active: Int
    public var sent: Int
    public var delivered: Int
    /// Messages opened (the tracking image loaded) and clicked (a tracked link followed).
    public var opened: Int
    public var clicked: Int
    public var skipped: Int
    public var converted: Int
    /// Conversion revenue per currency, in minor units.
    public var revenue: [String: Int64]
}

/// One line of an instance's timeline.
public struct JourneyLogEntry: Sendable, Equatable {
    public var seq: Int
    public var at: Timestamp
    public var stepID: String?
    /// entered, sent, skipped, waiting, resumed, tagged, webhook, finished, converted.
    public var kind: String
    public var channel: String?
    public var template: String?
    /// The skip reason, the finish reason or the wait's end.
    public var reason: String?
    public var messageID: String?
}

/// One journey instance as the admin pages list it.
public struct JourneyInstanceSummary: Sendable, Equatable {
    public var instanceKey: String
    public var journeyID: String
    public var version: Int
    public var customerKey: String
    public var subject: String
    public var status: String
    public var heldOut: Bool
    public var currentStep: String?
    public var startedAt: Timestamp
    public var nextDue: Timestamp?
    public var convertedAt: Timestamp?
    public var conversionRevenue: Money?
}

/// The stored facts a dry run of one order starts from.
public struct DryRunInputs: Sendable {
    public var context: ContextValue
    public var facts: PolicyFacts
    /// The customer's time zone, else the store's.
    public var zone: TimeZone
    public var customerKey: String
    public var placedAt: Timestamp
    /// Events stored about the order, oldest first (a `wait_for` resumes at one of these).
    public var events: [KnownEvent]
}

/// What one run of the journey worker did.
public struct JourneyBatchReport: Sendable, Equatable {
    public var eventsProcessed = 0
    public var instancesStarted = 0
    public var instancesResumed = 0
    public var conversions = 0
    public var stepsRun = 0
    public var messagesQueued = 0
    public var skips = 0
    /// Due timers still waiting when the batch ended (0 when the worker is keeping up).
    public var moreDue = false

    public init() {}

    public var didWork: Bool { eventsProcessed > 0 || stepsRun > 0 }
}

/// Journeys in storage: published versions, their instances and the worker that runs them.
///
/// Instances are unique per (store, journey, customer, subject): a replayed event never starts a
/// second one. Every step an instance takes commits together with its messages, log lines and
/// next timer, so a crash repeats a step only if its transaction never committed.
public protocol JourneyStorage: Sendable {
    /// Publishes `definition` as the next version of its journey in the store, unless the latest
    /// version has the same content.
    func applyJourney(
        storeID: StoreID, definition: JourneyDefinition, templates: [TemplateSource], source: String, now: Timestamp
    ) async throws -> ApplyOutcome
    /// Turns a journey on or off (its latest version stops starting instances; running ones go on).
    func setJourneyEnabled(storeID: StoreID, journeyID: String, enabled: Bool) async throws
    /// The latest version of each of the store's journeys.
    func journeys(storeID: StoreID) async throws -> [JourneyVersion]
    /// A given version, or the latest when `version` is nil.
    func journey(storeID: StoreID, id: String, version: Int?) async throws -> JourneyVersion?
    /// Processes newly stored events (starts, resumptions, conversions) and runs due steps, up to
    /// `limit` of each, in transactions that several processes may run at once.
    func runJourneys(now: Timestamp, limit: Int, runtime: JourneyRuntime) async throws -> JourneyBatchReport
    /// When the journey worker next has work: now if events wait in the inbox, else the earliest
    /// timer; nil when there is none (simulations jump their clock there).
    func nextJourneyWork(now: Timestamp) async throws -> Timestamp?
    /// Per journey version, the funnel of the treated group and of the holdout.
    func journeyFunnels(storeID: StoreID) async throws -> [JourneyFunnel]
    /// The funnel of each message step per journey version, treated and holdout apart.
    func journeyStepFunnels(storeID: StoreID) async throws -> [JourneyStepFunnel]
    /// The conversion revenue's sum and sum of squares per journey version, group and currency.
    func journeyRevenueMoments(storeID: StoreID) async throws -> [JourneyRevenueMoments]
    /// Instances, newest first, optionally of one journey or one order (`order:KEY` subject).
    func journeyInstances(storeID: StoreID, journeyID: String?, subject: String?, limit: Int) async throws
        -> [JourneyInstanceSummary]
    /// One instance's timeline, oldest first.
    func journeyLog(storeID: StoreID, instanceKey: String) async throws -> [JourneyLogEntry]
    /// What a dry run of an order needs: its context now, the customer's policy facts and time
    /// zone, when it was placed and the events stored about it; nil for an unknown order.
    func journeyDryRunInputs(storeID: StoreID, orderKey: String, runtime: JourneyRuntime) async throws -> DryRunInputs?
}
