import EncoreCore

/// How far behind the background work is, across every store: what an operator graphs and
/// alerts on. Counts are rows waiting; lags are how long the oldest due row has waited, in
/// milliseconds (0 when nothing is due).
public struct QueueHealth: Sendable, Equatable {
    /// One queue's depth and lag.
    public struct Queue: Sendable, Equatable {
        /// Rows waiting, due or not.
        public var depth: Int
        /// Rows whose time has come.
        public var due: Int
        /// How long the oldest due row has waited, in milliseconds; 0 when none is due.
        public var lagMilliseconds: Int64

        public init(depth: Int = 0, due: Int = 0, lagMilliseconds: Int64 = 0) {
            self.depth = depth
            self.due = due
            self.lagMilliseconds = lagMilliseconds
        }
    }

    /// Pending messages per channel (a message being sent under a lease counts as pending).
    public var outbox: [Channel: Queue]
    /// Journey timers (waits that end at a time): the scheduler's queue.
    public var journeyTimers: Queue
    /// Live events not yet read by the journey worker.
    public var journeyInbox: Queue
    /// Events not yet applied to the loyalty ledger.
    public var loyaltyInbox: Queue

    public init(outbox: [Channel: Queue] = [:], journeyTimers: Queue = Queue(), journeyInbox: Queue = Queue(),
                loyaltyInbox: Queue = Queue()) {
        self.outbox = outbox
        self.journeyTimers = journeyTimers
        self.journeyInbox = journeyInbox
        self.loyaltyInbox = loyaltyInbox
    }
}

/// Reads the depth and lag of the work queues for `/metrics`.
public protocol OperationsStorage: Sendable {
    /// Every queue's depth and lag at `now`, over all stores, in one read snapshot.
    func queueHealth(now: Timestamp) async throws -> QueueHealth
}
