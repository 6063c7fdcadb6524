import EncoreCore

/// The outbox and the suppression list: what the senders read and record.
///
/// A message is claimed under a lease: if its sender dies, the lease runs out and another sender
/// delivers it again under the same Message-ID. Nothing else ever sends a message twice.
public protocol MessagingStorage: Sendable {
    /// Adds messages; a message id already present is left as it is (a replayed step).
    func enqueue(_ messages: [OutboxMessage]) async throws
    /// Claims up to `limit` pending messages due at `now` for `leaseMilliseconds`, oldest due first,
    /// of `channel` only when given. Several processes may claim at once: no message is handed to
    /// two of them within a lease.
    func claimOutbox(now: Timestamp, limit: Int, leaseMilliseconds: Int64, channel: Channel?) async throws
        -> [OutboxMessage]
    /// Gives back claimed messages that were not attempted: their lease ends and their attempt is
    /// not counted, so any sender may claim them at once. A message claimed again since (its
    /// lease ran out) is left to its new sender.
    func releaseOutbox(_ messages: [OutboxMessage]) async throws
    /// Records what delivery attempts came to: delivered; retried later under `policy`; a dead
    /// letter after the last attempt; or, for a permanent failure, failed with the address
    /// suppressed (`bounce`).
    func recordDeliveries(_ results: [(message: OutboxMessage, outcome: DeliveryOutcome)], policy: RetryPolicy, now: Timestamp)
        async throws
    /// A store's messages, newest first, optionally of one status.
    func outbox(storeID: StoreID, status: OutboxStatus?, limit: Int) async throws -> [OutboxMessage]
    /// Counts of a store's messages per status.
    func outboxCounts(storeID: StoreID) async throws -> [OutboxStatus: Int]
    /// Adds an address to the store's suppression list (unsubscribe, bounce, complaint); idempotent.
    func suppress(storeID: StoreID, channel: Channel, address: String, reason: String, now: Timestamp) async throws
    /// Records that a message was opened or a link in it clicked (the first time of each kind
    /// counts; repeats are ignored). Unknown message ids are ignored too.
    func recordEngagement(storeID: StoreID, messageID: String, kind: String, detail: String?, now: Timestamp) async throws
    /// Removes an unsubscribe from the suppression list (a customer subscribing again). A bounce
    /// or a complaint stays: a customer's click cannot bring back a dead or hostile address.
    func unsuppress(storeID: StoreID, channel: Channel, address: String) async throws
    /// The store's suppressed addresses on a channel, with their reasons.
    func suppressions(storeID: StoreID, channel: Channel) async throws -> [(address: String, reason: String)]
}

extension MessagingStorage {
    /// Claims due messages of every channel (see `claimOutbox(now:limit:leaseMilliseconds:channel:)`).
    public func claimOutbox(now: Timestamp, limit: Int, leaseMilliseconds: Int64) async throws -> [OutboxMessage] {
        try await claimOutbox(now: now, limit: limit, leaseMilliseconds: leaseMilliseconds, channel: nil)
    }
}
