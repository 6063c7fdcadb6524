import EncoreCore
import EncoreStore

/// The public links Encore puts in messages, signed with the server's key: where each kind of
/// link leads and how long it stays valid.
public struct JourneyLinks: Sendable {
    /// The server's public address, without a trailing slash ("https://encore.shop.example").
    public let baseURL: String
    public let signer: LinkSigner

    public init(baseURL: String, signer: LinkSigner) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.signer = signer
    }

    /// Path prefix and lifetime of each purpose.
    static func route(_ purpose: LinkRequest.Purpose) -> (path: String, days: Int64) {
        switch purpose {
        case .receipt: ("r", 180)
        case .unsubscribe: ("u", 730)
        case .preferences: ("p", 730)
        case .review: ("review", 90)
        case .nps: ("nps", 60)
        case .csat: ("csat", 60)
        case .erase: ("erase", 2)
        case .click: ("c", 365)
        case .open: ("o", 365)
        case .loyalty: ("l", 365)
        }
    }

    /// When a token of `purpose` expiring at `expiresAt` was issued (links are revoked by issue time).
    public static func issuedAt(purpose: LinkRequest.Purpose, expiresAt: Timestamp) -> Timestamp {
        expiresAt.adding(seconds: -route(purpose).days * 86_400)
    }

    /// The URL of a link request.
    public func url(_ request: LinkRequest) -> String {
        let (path, days) = Self.route(request.purpose)
        let claims = LinkClaims(
            purpose: request.purpose.rawValue, storeID: request.storeID, customerKey: request.customerKey,
            orderKey: request.orderKey, messageID: request.messageID, target: request.target,
            expiresAt: request.issuedAt.adding(seconds: days * 86_400))
        return "\(baseURL)/\(path)/\(signer.token(claims))"
    }

    /// A journey runtime whose links are these.
    public func runtime(fallbackSender: String = "encore@localhost") -> JourneyRuntime {
        JourneyRuntime(fallbackSender: fallbackSender) { self.url($0) }
    }
}
