public import EncoreCore
import Synchronization

/// A channel that keeps every message it is given, in order, for tests and the demo's mailbox.
///
/// It answers each delivery with the result `respond` returns (delivered by default), so tests can
/// script failures. Recorded messages include those answered with a failure: they are what the
/// worker attempted, not what arrived.
public final class RecordingChannel: MessageChannel {
    private let state = Mutex<[OutgoingMessage]>([])
    private let respond: (@Sendable (OutgoingMessage) -> DeliveryOutcome)?

    /// - Parameter respond: the answer to each attempt; by default `.delivered(reply: "recorded #N")`,
    ///   N counting from 1.
    public init(respond: (@Sendable (OutgoingMessage) -> DeliveryOutcome)? = nil) {
        self.respond = respond
    }

    public func deliver(_ message: OutgoingMessage) async -> DeliveryOutcome {
        let count = state.withLock { messages in
            messages.append(message)
            return messages.count
        }
        return respond?(message) ?? .delivered(reply: "recorded #\(count)")
    }

    /// Every message attempted so far, oldest first.
    public var messages: [OutgoingMessage] {
        state.withLock { $0 }
    }

    /// Forgets the recorded messages.
    public func removeAll() {
        state.withLock { $0.removeAll() }
    }
}
