import EncoreCore

extension SurveyKind {
    /// How a score reads after its number ("out of 10").
    var scaleText: String { self == .nps ? "out of 10" : "out of 5" }

    /// The words for a CSAT score, shown beside its number in messages.
    func label(_ score: Int) -> String {
        guard self == .csat else { return "" }
        switch score {
        case 1: return "very unsatisfied"
        case 2: return "unsatisfied"
        case 3: return "neutral"
        case 4: return "satisfied"
        default: return "very satisfied"
        }
    }
}
