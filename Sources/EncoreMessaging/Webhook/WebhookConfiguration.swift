public import NIOCore

/// How webhooks are sent.
public struct WebhookConfiguration: Sendable, Hashable {
    /// The default signing secret, for messages that bring none.
    public var secret: String
    /// The whole request, connecting included.
    public var timeout: TimeAmount
    public var userAgent: String

    public init(secret: String, timeout: TimeAmount = .seconds(10), userAgent: String = "Encore-Webhooks/1") {
        self.secret = secret
        self.timeout = timeout
        self.userAgent = userAgent
    }
}
