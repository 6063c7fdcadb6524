/// Whether a journey's sends are transactional (receipts, shipping: exempt from marketing consent,
/// holdout defaults and the frequency cap) or marketing.
public enum JourneyCategory: String, Hashable, Sendable, Codable, CaseIterable {
    case transactional
    case marketing
}
