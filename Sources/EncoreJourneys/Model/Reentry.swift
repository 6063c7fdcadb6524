import EncoreCore

/// Whether a customer may enter a journey again.
public enum Reentry: Hashable, Sendable {
    /// One instance per subject (the order, or the customer for customer events). The default.
    case oncePerSubject
    /// Every trigger starts an instance.
    case always
    /// At most one instance per customer within the duration (elapsed time).
    case oncePerCustomer(JourneyDuration)
}

extension Reentry: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind
        case within
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "once_per_subject": self = .oncePerSubject
        case "always": self = .always
        case "once_per_customer": self = .oncePerCustomer(try container.decode(JourneyDuration.self, forKey: .within))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown reentry '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .oncePerSubject: try container.encode("once_per_subject", forKey: .kind)
        case .always: try container.encode("always", forKey: .kind)
        case .oncePerCustomer(let within):
            try container.encode("once_per_customer", forKey: .kind)
            try container.encode(within, forKey: .within)
        }
    }
}

/// An earlier instance of the same journey for the same customer, as storage knows it.
public struct PreviousInstance: Hashable, Sendable {
    public var subject: String
    public var startedAt: Timestamp

    public init(subject: String, startedAt: Timestamp) {
        self.subject = subject
        self.startedAt = startedAt
    }
}

extension Reentry {
    /// Whether a new instance for `subject` may start at `now`, given the customer's earlier
    /// instances of this journey (any version).
    public func allowsStart(subject: String, previous: [PreviousInstance], now: Timestamp) -> Bool {
        switch self {
        case .always:
            return true
        case .oncePerSubject:
            return !previous.contains { $0.subject == subject }
        case .oncePerCustomer(let within):
            let since = now.millisecondsSinceEpoch - within.elapsedMilliseconds
            return !previous.contains { $0.startedAt.millisecondsSinceEpoch > since }
        }
    }
}
