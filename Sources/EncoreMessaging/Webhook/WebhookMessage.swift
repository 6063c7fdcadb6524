/// A JSON document to POST to a receiver's URL, signed with a shared secret.
public struct WebhookMessage: Sendable, Hashable {
    /// An `http` or `https` URL.
    public var url: String
    /// The JSON body, sent byte for byte as given (the signature covers these exact bytes).
    public var body: String
    /// The signing secret for this receiver; the channel's configured secret when nil.
    public var secret: String?

    public init(url: String, body: String, secret: String? = nil) {
        self.url = url
        self.body = body
        self.secret = secret
    }
}
