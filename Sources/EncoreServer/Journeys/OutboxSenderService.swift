import Synchronization
import Foundation
import EncoreCore
import EncoreMessaging
import EncoreStore
import Logging
import ServiceLifecycle

/// The channels messages leave by.
public struct DeliveryChannels: Sendable {
    public var email: any MessageChannel
    public var sms: any MessageChannel
    public var webhook: any MessageChannel
    /// Signs journey webhooks (Encore-Signature).
    public var webhookSecret: String

    public init(email: any MessageChannel, sms: any MessageChannel, webhook: any MessageChannel, webhookSecret: String) {
        self.email = email
        self.sms = sms
        self.webhook = webhook
        self.webhookSecret = webhookSecret
    }

    func channel(for kind: Channel) -> (any MessageChannel)? {
        switch kind {
        case .email: email
        case .sms: sms
        case .webhook: webhook
        case .push: nil
        }
    }
}

/// Delivers the outbox until shutdown: claims due messages under a lease, channel by channel,
/// sends them with bounded concurrency, and records each outcome (delivered, retried with
/// backoff, dead letter, bounce). A message whose sender dies mid-send is sent again after the
/// lease, under the same Message-ID.
public struct OutboxSenderService: Service {
    let storage: any EncoreStorage
    let channels: DeliveryChannels
    let clock: any Clock
    let policy: RetryPolicy
    let batchSize: Int
    let concurrency: Int
    let lease: Int64
    let idleInterval: Duration
    let logger: Logger
    let metrics: ServerMetrics?
    /// Delivery outcomes each lane has not managed to record yet.
    let unrecorded = UnrecordedOutcomes()

    public init(
        storage: any EncoreStorage, channels: DeliveryChannels, clock: any Clock = SystemClock(),
        policy: RetryPolicy = RetryPolicy(), batchSize: Int = 200, concurrency: Int = 32, leaseMilliseconds: Int64 = 120_000,
        idleInterval: Duration = .milliseconds(200), logger: Logger = Logger(label: "encore.outbox"),
        metrics: ServerMetrics? = nil
    ) {
        self.storage = storage
        self.channels = channels
        self.clock = clock
        self.policy = policy
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.lease = leaseMilliseconds
        self.idleInterval = idleInterval
        self.logger = logger
        self.metrics = metrics
    }

    /// Runs one lane per channel until shutdown: a slow SMTP relay holds up email only, never a
    /// webhook or an SMS queued behind it.
    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for channel in Channel.allCases {
                group.addTask { await self.lane(channel) }
            }
        }
    }

    /// Claims and delivers `channel`'s due messages, batch after batch, until shutdown.
    func lane(_ channel: Channel) async {
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let sent = try await sendBatch(channel: channel)
                failures = 0
                if sent == 0 { try await Task.sleep(for: idleInterval) }
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                metrics?.recordWorkerFailure("outbox")
                logger.error(
                    "outbox sender failed; retrying", metadata: ["channel": "\(channel.rawValue)", "error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(min(10_000, 250 << min(failures, 6))))
            }
        }
    }

    /// Claims and delivers one batch (of `channel`, or of every channel); returns how many
    /// messages it attempted.
    ///
    /// No delivery starts once half the lease has passed: a slow server must not keep this sender
    /// sending after another one may have claimed the same messages. The messages not started are
    /// given back untouched (no attempt counted), for any sender to claim.
    ///
    /// Outcomes that could not be recorded (the database went away after the sends) are kept and
    /// recorded before the lane claims again: otherwise their leases would lapse and the messages,
    /// already delivered, would be sent a second time.
    public func sendBatch(channel: Channel? = nil) async throws -> Int {
        try await recordUnrecorded(channel)
        let claimed = ContinuousClock.now
        // The database calls are bounded (a connection that died under a query would hold the lane
        // for ever); the sends are bounded by the channels' own timeouts.
        let (storage, now, limit, lease) = (self.storage, clock.now(), batchSize, self.lease)
        let messages = try await boundedBatch("outbox claim") {
            try await storage.claimOutbox(now: now, limit: limit, leaseMilliseconds: lease, channel: channel)
        }
        guard !messages.isEmpty else { return 0 }
        let cutoff = claimed + .milliseconds(lease / 2)
        let outcomes = await withTaskGroup(of: (Int, DeliveryOutcome).self) { group in
            var results: [(Int, DeliveryOutcome)] = []
            var next = 0
            func start(_ index: Int) {
                let message = messages[index]
                group.addTask { (index, await deliver(message)) }
            }
            while next < min(concurrency, messages.count) {
                start(next)
                next += 1
            }
            for await result in group {
                results.append(result)
                if next < messages.count && ContinuousClock.now < cutoff {
                    start(next)
                    next += 1
                }
            }
            return results
        }
        if outcomes.count < messages.count {
            let started = Set(outcomes.map(\.0))
            let left = messages.indices.filter { !started.contains($0) }.map { messages[$0] }
            logger.warning(
                "outbox batch outran half its lease; the rest is given back for the next claim",
                metadata: ["sent": "\(outcomes.count)", "left": "\(left.count)"])
            try await boundedBatch("outbox release") { try await storage.releaseOutbox(left) }
        }
        var recorded: [(message: OutboxMessage, outcome: DeliveryOutcome)] = []
        for (index, outcome) in outcomes.sorted(by: { $0.0 < $1.0 }) {
            recorded.append((messages[index], outcome))
            metrics?.recordDelivery(channel: messages[index].channel, outcome: outcome)
            if case .delivered = outcome {} else {
                logger.warning(
                    "delivery failed",
                    metadata: ["message": "\(messages[index].messageID)", "outcome": "\(outcome)",
                        "attempt": "\(messages[index].attempts)"])
            }
        }
        unrecorded.add(recorded, lane: channel)
        try await recordUnrecorded(channel)
        return outcomes.count
    }

    /// Records the lane's outcomes not recorded yet; they stay kept when this fails too.
    func recordUnrecorded(_ channel: Channel?) async throws {
        let results = unrecorded.pending(lane: channel)
        guard !results.isEmpty else { return }
        let (storage, policy, now) = (self.storage, self.policy, clock.now())
        try await boundedBatch("outbox record") {
            try await storage.recordDeliveries(results, policy: policy, now: now)
        }
        unrecorded.remove(results.count, lane: channel)
    }

    func deliver(_ row: OutboxMessage) async -> DeliveryOutcome {
        guard let channel = channels.channel(for: row.channel) else {
            return .permanent(reason: "no \(row.channel.rawValue) channel")
        }
        let (sender, headers) = Self.sender(of: row)
        var stripped = row
        stripped.headers = headers
        guard
            let outgoing = OutgoingMessage(
                outbox: stripped, sender: sender, webhookSecret: channels.webhookSecret)
        else { return .permanent(reason: "no transport for \(row.channel.rawValue)") }
        return await channel.deliver(outgoing)
    }

    /// The From header of a stored message as an address, and the other headers.
    static func sender(of row: OutboxMessage) -> (EmailAddress, [MessageHeader]) {
        var rest: [MessageHeader] = []
        var from = EmailAddress("encore@localhost")
        for header in row.headers {
            if header.name.lowercased() == "from" {
                let value = header.value
                if let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
                    let name = value[..<open].trimmingCharacters(in: .whitespaces)
                    from = EmailAddress(
                        String(value[value.index(after: open)..<close]), name: name.isEmpty ? nil : name)
                } else {
                    from = EmailAddress(value.trimmingCharacters(in: .whitespaces))
                }
            } else {
                rest.append(header)
            }
        }
        return (from, rest)
    }
}

/// Outcomes of deliveries made but not recorded yet, per lane (a channel, or nil for all), oldest
/// first. Only the lane's own task adds and removes its entries.
final class UnrecordedOutcomes: Sendable {
    private let lanes = Mutex<[Channel?: [(message: OutboxMessage, outcome: DeliveryOutcome)]]>([:])

    func add(_ outcomes: [(message: OutboxMessage, outcome: DeliveryOutcome)], lane: Channel?) {
        lanes.withLock { $0[lane, default: []] += outcomes }
    }

    func pending(lane: Channel?) -> [(message: OutboxMessage, outcome: DeliveryOutcome)] {
        lanes.withLock { $0[lane] ?? [] }
    }

    /// Drops the `count` oldest, once recorded.
    func remove(_ count: Int, lane: Channel?) {
        lanes.withLock { lanes in
            guard var kept = lanes[lane] else { return }
            kept.removeFirst(min(count, kept.count))
            lanes[lane] = kept.isEmpty ? nil : kept
        }
    }
}
