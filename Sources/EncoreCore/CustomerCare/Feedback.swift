/// The survey questions Encore asks.
public enum SurveyKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// "How likely are you to recommend us?", 0...10.
    case nps
    /// "How satisfied were you?", 1...5.
    case csat

    /// The scores an answer may have.
    public var scores: ClosedRange<Int> {
        switch self {
        case .nps: 0...10
        case .csat: 1...5
        }
    }

    /// Throws an `InputError` (field "score") saying the allowed range when `score` is outside it.
    public func validate(score: Int) throws {
        guard scores.contains(score) else {
            let name = self == .nps ? "an NPS score" : "a CSAT score"
            throw InputError(
                field: "score",
                reason: "\(name) is a whole number from \(scores.lowerBound) to \(scores.upperBound), got \(score)")
        }
    }
}

/// The moment a survey asks about.
public enum Touchpoint: String, CaseIterable, Hashable, Sendable, Codable {
    /// The purchase itself.
    case order
    /// The delivery of a shipment.
    case delivery
    /// A support ticket once resolved.
    case ticket
}

/// The group an NPS answer falls into.
public enum NPSCategory: String, CaseIterable, Hashable, Sendable, Codable {
    /// 9 or 10.
    case promoter
    /// 7 or 8.
    case passive
    /// 0 to 6.
    case detractor

    /// The category of an NPS score; throws an `InputError` for a score outside 0...10.
    public init(score: Int) throws {
        try SurveyKind.nps.validate(score: score)
        switch score {
        case 9...10: self = .promoter
        case 7...8: self = .passive
        default: self = .detractor
        }
    }
}

/// When an unhappy answer becomes a support ticket, so someone gets back to the customer.
public enum CloseTheLoop {
    /// True for an NPS score of 6 or less (a detractor) or a CSAT score of 2 or less; throws an
    /// `InputError` for a score outside the survey's range.
    public static func opensTicket(kind: SurveyKind, score: Int) throws -> Bool {
        try kind.validate(score: score)
        switch kind {
        case .nps: return score <= 6
        case .csat: return score <= 2
        }
    }

    /// True for a review of 1 or 2 stars; throws an `InputError` (field "stars") outside 1...5.
    /// This decides follow-up only: every review is published or moderated alike, whatever its stars.
    public static func reviewOpensTicket(stars: Int) throws -> Bool {
        guard (1...5).contains(stars) else {
            throw InputError(field: "stars", reason: "stars are a whole number from 1 to 5, got \(stars)")
        }
        return stars <= 2
    }
}
