/// A text message. The sender (number or messaging service) belongs to the channel's configuration.
public struct SMSMessage: Sendable, Hashable {
    /// The recipient in E.164 form, e.g. `+15551234567`.
    public var to: String
    public var body: String

    public init(to: String, body: String) {
        self.to = to
        self.body = body
    }
}
