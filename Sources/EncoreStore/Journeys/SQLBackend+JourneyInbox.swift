import EncoreCore
import EncoreJourneys
import Foundation

/// A version the worker needed that the runtime had not compiled yet; compiled, then retried.
struct UncompiledJourneys: Error {
    var keys: Set<VersionKey>
}

extension SQLBackend {
    public func runJourneys(now: Timestamp, limit: Int, runtime: JourneyRuntime) async throws -> JourneyBatchReport {
        // A cheap look first: an idle worker (the common case) opens no write transaction.
        let pending = try await read([
            SQLStatement("SELECT 1 FROM journey_inbox LIMIT 1"),
            SQLStatement("SELECT 1 FROM journey_timers WHERE due_at <= ? LIMIT 1", [.int(now.millisecondsSinceEpoch)]),
        ])
        var report = JourneyBatchReport()
        if !pending[0].isEmpty {
            report = try await withCompiledJourneys(runtime) { try await self.processInbox(now: now, limit: limit, runtime: runtime) }
        }
        guard !pending[1].isEmpty || report.instancesStarted > 0 || report.instancesResumed > 0 else { return report }
        let timers = try await withCompiledJourneys(runtime) { try await self.processTimers(now: now, limit: limit, runtime: runtime) }
        report.stepsRun = timers.stepsRun
        report.messagesQueued = timers.messagesQueued
        report.skips = timers.skips
        report.moreDue = timers.moreDue
        return report
    }

    /// Runs `body`; when it finds versions the runtime has not compiled, compiles them and runs it again.
    private func withCompiledJourneys(
        _ runtime: JourneyRuntime, _ body: () async throws -> JourneyBatchReport
    ) async throws -> JourneyBatchReport {
        for _ in 0..<3 {
            do {
                return try await body()
            } catch let missing as UncompiledJourneys {
                try await compileVersions(missing.keys, runtime: runtime)
            }
        }
        return try await body()
    }

    /// How long after its start a finished (completed or exited) instance can still convert: its
    /// goal's own window decides, up to this bound (a year and a day), so an instance whose steps
    /// ended before the customer came back is still counted for the journey and its holdout alike.
    static var finishedConversionWindow: Int64 { 366 * 86_400_000 }

    /// Claims newly stored events and, in one transaction: converts instances whose goal they
    /// reach, resumes instances waiting for them, and starts the journeys they trigger.
    func processInbox(now: Timestamp, limit: Int, runtime: JourneyRuntime) async throws -> JourneyBatchReport {
        let claim = UUID().uuidString
        let skipLocked = dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        let driver = """
            SELECT e.store_id, e.customer_key, e.order_key FROM journey_inbox q
            JOIN events e ON e.store_id = q.store_id AND e.id = q.event_id WHERE q.claim = ?
            """
        let customers = "(SELECT DISTINCT store_id, customer_key FROM (\(driver)) d0) d"
        // PostgreSQL: the instances this batch may convert or resume are locked, in key order, so a
        // timer batch of another process advancing the same instance waits for this one and then
        // reads its result (and the other way round) instead of overwriting it with a stale state.
        let lockInstances = dialect == .postgres ? "ORDER BY i.store_id, i.instance_key FOR UPDATE OF i" : ""
        let reads =
            [
                SQLStatement(
                    """
                    UPDATE journey_inbox SET claim = ? FROM (
                        SELECT store_id AS claimed_store, event_id AS claimed_event FROM journey_inbox
                        ORDER BY enqueued_at, event_id LIMIT ? \(skipLocked)) AS next
                    WHERE journey_inbox.store_id = next.claimed_store AND journey_inbox.event_id = next.claimed_event
                    RETURNING journey_inbox.event_id
                    """, [.text(claim), .int(Int64(limit))]),
                SQLStatement(
                    """
                    SELECT e.store_id, e.id, e.type, e.customer_key, e.order_key, e.occurred_at, e.payload
                    FROM journey_inbox q JOIN events e ON e.store_id = q.store_id AND e.id = q.event_id
                    WHERE q.claim = ? ORDER BY e.id
                    """, [.text(claim)]),
                SQLStatement(
                    """
                    SELECT \(JourneyRecords.prefixed("i", Self.instanceColumns)) FROM \(customers)
                    CROSS JOIN journey_instances i WHERE i.store_id = d.store_id AND i.customer_key = d.customer_key
                    AND (i.status IN ('active', 'waiting') OR (i.status IN ('completed', 'exited')
                        AND i.converted_at IS NULL AND i.started_at >= ?)) \(lockInstances)
                    """, [.text(claim), .int(now.millisecondsSinceEpoch - Self.finishedConversionWindow)]),
                SQLStatement(
                    """
                    SELECT i.store_id, i.journey_id, i.customer_key, i.subject, i.started_at FROM \(customers)
                    CROSS JOIN journey_instances i WHERE i.store_id = d.store_id AND i.customer_key = d.customer_key
                    """, [.text(claim)]),
                SQLStatement(
                    """
                    SELECT store_id, journey_id, MAX(version) FROM journey_versions
                    WHERE enabled = 1 AND store_id IN (SELECT store_id FROM (\(driver)) d) GROUP BY store_id, journey_id
                    """, [.text(claim)]),
            ] + JourneyRecords.statements(Self.self, driver: driver, arguments: [.text(claim)], now: now)
        let (_, report) = try await transaction(locks: AdvisoryLocks(storeID: 0, keys: []), reads: reads) { rows in
            guard !rows[0].isEmpty else { return ([], JourneyBatchReport()) }
            var plan = InboxPlan(now: now, runtime: runtime, records: JourneyRecords(Self.self, rows: rows, offset: 5))
            try plan.load(instances: rows[2], previous: rows[3], versions: rows[4])
            for row in rows[1] {
                plan.handle(
                    storeID: row.int(0), eventID: row.int(1), type: row.text(2), customerKey: row.optionalText(3),
                    orderKey: row.optionalText(4), occurredAt: Timestamp(millisecondsSinceEpoch: row.int(5)),
                    payload: row.text(6))
            }
            var statements = [SQLStatement("DELETE FROM journey_inbox WHERE claim = ?", [.text(claim)])]
            statements += plan.statements(dialect: dialect)
            plan.report.eventsProcessed = rows[1].count
            return (statements, plan.report)
        }
        return report
    }

    static var instanceColumns: String {
        "store_id, instance_key, journey_id, version, customer_key, subject, order_key, state, log_seq"
    }
}

/// One instance as the worker loads it.
struct LoadedInstance {
    var storeID: StoreID
    var key: String
    var journeyID: String
    var version: Int
    var customerKey: String
    var subject: String
    var orderKey: String?
    var state: JourneyInstanceState
    var logSeq: Int64

    init(_ row: SQLRow) throws {
        storeID = row.int(0)
        key = row.text(1)
        journeyID = row.text(2)
        version = Int(row.int(3))
        customerKey = row.text(4)
        subject = row.text(5)
        orderKey = row.optionalText(6)
        state = try JourneyStateCoding.decode(row.text(7))
        logSeq = row.int(8)
    }

    init(
        storeID: StoreID, key: String, journeyID: String, version: Int, customerKey: String, subject: String,
        orderKey: String?, state: JourneyInstanceState
    ) {
        self.storeID = storeID
        self.key = key
        self.journeyID = journeyID
        self.version = version
        self.customerKey = customerKey
        self.subject = subject
        self.orderKey = orderKey
        self.state = state
        self.logSeq = 0
    }

    static func key(storeID: StoreID, journeyID: String, customerKey: String, subject: String) -> String {
        var hasher = StableHasher()
        hasher.combine(storeID)
        hasher.combine(journeyID)
        hasher.combine(customerKey)
        hasher.combine(subject)
        return "i" + hasher.hexDigest
    }
}
