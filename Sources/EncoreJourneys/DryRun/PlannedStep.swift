import EncoreCore

/// One thing a dry run says would happen: a send (or the skip of one, with its reason), a tag, a
/// webhook or the end, with when, in UTC and in the customer's local time. Codable for
/// `encore journeys dry-run --json` (snake_case keys).
public struct PlannedStep: Hashable, Sendable, Codable {
    /// What happens.
    public enum Action: String, Hashable, Sendable, Codable {
        case send, skip, tag, webhook
        /// The instance ends; `detail` says why (completed, exited, converted, step_limit).
        case end
    }

    public var journey: String
    public var version: Int
    /// The step's id; nil for `tag` and `end`.
    public var step: String?
    public var action: Action
    public var channel: Channel?
    public var template: String?
    public var category: JourneyCategory?
    public var dueUTC: Timestamp
    /// ISO 8601 with the zone's offset, e.g. "2026-03-09T09:00:00-04:00".
    public var dueLocal: String
    public var skipReason: SkipReason?
    /// The tag, the webhook's URL, or why the instance ended.
    public var detail: String?

    public init(
        journey: String, version: Int, step: String?, action: Action, channel: Channel? = nil, template: String? = nil,
        category: JourneyCategory? = nil, dueUTC: Timestamp, dueLocal: String, skipReason: SkipReason? = nil,
        detail: String? = nil
    ) {
        self.journey = journey
        self.version = version
        self.step = step
        self.action = action
        self.channel = channel
        self.template = template
        self.category = category
        self.dueUTC = dueUTC
        self.dueLocal = dueLocal
        self.skipReason = skipReason
        self.detail = detail
    }

    private enum CodingKeys: String, CodingKey {
        case journey, version, step, action, channel, template, category
        case dueUTC = "due_utc"
        case dueLocal = "due_local"
        case skipReason = "skip_reason"
        case detail
    }
}
