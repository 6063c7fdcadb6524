/// One reason a review should be looked at by a person before it is published.
public struct ModerationFlag: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What was found.
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        case profanity, link, email, phone
        case cardNumber = "card_number"

        /// The short reason shown to moderators.
        public var reason: String {
            switch self {
            case .profanity: "Contains profanity"
            case .link: "Contains a link"
            case .email: "Contains an email address"
            case .phone: "Contains a phone number"
            case .cardNumber: "Contains what looks like a payment card number"
            }
        }
    }

    /// Which part of the review it was found in.
    public enum Field: String, CaseIterable, Hashable, Sendable, Codable {
        case title, text
    }

    public var kind: Kind
    public var field: Field
    /// A short human reason ("Contains a link").
    public var reason: String
    /// What matched, as written, at most 80 characters; a card number shows only its last four
    /// digits ("•••• •••• •••• 1111"), so the flag never repeats it.
    public var excerpt: String

    /// A flag of `kind` in `field`, with the kind's reason.
    public init(kind: Kind, field: Field, excerpt: String) {
        self.kind = kind
        self.field = field
        self.reason = kind.reason
        self.excerpt = excerpt
    }

    /// "Contains a link (text): example.com".
    public var description: String { "\(reason) (\(field.rawValue)): \(excerpt)" }
}
