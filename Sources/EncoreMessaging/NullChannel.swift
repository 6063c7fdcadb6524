public import EncoreCore

/// A channel that accepts everything and does nothing, for benchmarks of the outbox without I/O.
public struct NullChannel: MessageChannel {
    public init() {}

    /// Always `.delivered(reply: "null")`.
    public func deliver(_ message: OutgoingMessage) async -> DeliveryOutcome {
        .delivered(reply: "null")
    }
}
