import EncoreCore
import EncoreMessaging

/// The channel used when no SMTP server or SMS provider is configured (the demo, a first look):
/// it accepts every message, which stays readable in the admin pages' mailbox, and sends nothing
/// anywhere. Its reply says so, so no one mistakes it for a real delivery.
public struct LocalMailboxChannel: MessageChannel {
    public init() {}

    public func deliver(_ message: OutgoingMessage) async -> DeliveryOutcome {
        .delivered(reply: "kept in the local mailbox (no \(message.kind) transport configured)")
    }
}
