import ArgumentParser
import EncoreCore
import EncoreMessaging
import EncoreServer
import EncoreStore
import Foundation

/// Runs the journey worker over seeded instances until every due step has run and every message
/// it queued was handed to a null channel; reports steps/s and the lag of each step behind its
/// due time. `--processes 2` runs the workers in two OS processes against one database (PostgreSQL).
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler", abstract: "Measure the journey scheduler (steps/s, timer lag).")

    enum Engine: String, ExpressibleByArgument {
        /// Encore's `runJourneys`.
        case encore
        /// The peer: the same claim, instance update, log and outbox inserts as plain set-based SQL,
        /// with a pre-rendered message and no engine (what the database alone costs).
        case raw
    }

    @Option(help: "Database URL (sqlite://... or postgres://...).") var database: String
    @Option(help: "Seed this many instances first when the database has none (see `seed`).") var instances: Int?
    @Option(help: "With --instances: spread due times over this many ms.") var windowMs: Int = 0
    @Option(help: "Worker tasks per process.") var workers: Int = 1
    @Option(help: "OS processes running workers (each with --workers tasks and one outbox sender).") var processes: Int = 1
    @Option(help: "Instances per runJourneys batch.") var batch: Int = 500
    @Option(help: "Outbox messages per sender batch.") var senderBatch: Int = 500
    @Option(help: "Sleep of an idle worker (ms).") var idleMs: Int = 10
    @Option(help: "encore, or raw (the peer).") var engine: Engine = .encore
    @Option(help: "Raw peer: bytes of the pre-rendered message body (html + text).") var bodyBytes: Int = 6_000
    @Flag(help: "Internal: run workers only (the coordinator shifts timers and measures).") var workerOnly = false

    func run() async throws {
        let db = try await BenchDatabase.open(database)
        if workerOnly {
            let counts = try await runWorkers(db)
            print("worker: \(counts.steps) steps, \(counts.batches) batches, slowest batch \(counts.slowestBatchMs) ms")
            try await db.storage.close()
            return
        }
        if let instances, try await db.count("SELECT COUNT(*) FROM journey_instances") == 0 {
            try await SeedCommand.seed(db, instances: instances, windowMs: windowMs)
        }
        let seeded = try await db.count("SELECT COUNT(*) FROM journey_timers")
        // Due times move so the first is `lead` from now; lag is measured against the moved times.
        let lead: Int64 = 300
        let firstDue = try await db.count("SELECT MIN(due_at) FROM journey_timers")
        let start = SystemClock().now().millisecondsSinceEpoch + lead
        let shift = start - firstDue
        _ = try await db.sql.write([SQLStatement("UPDATE journey_timers SET due_at = due_at + ?", [.int(shift)])])
        let lastDue = try await db.count("SELECT MAX(due_at) FROM journey_timers")
        let wait = start - SystemClock().now().millisecondsSinceEpoch
        if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }

        var slowest: Int64 = 0
        if processes > 1 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<processes {
                    group.addTask { try await self.child() }
                }
                try await group.waitForAll()
            }
        } else {
            slowest = try await runWorkers(db).slowestBatchMs
        }
        let end = SystemClock().now().millisecondsSinceEpoch
        try await report(db, seeded: seeded, start: start, lastDue: lastDue, end: end, shift: shift, slowest: slowest)
        try await db.storage.close()
    }

    /// Runs this executable again with `--worker-only` and waits for it.
    func child() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = [
            "scheduler", "--worker-only", "--database", database, "--workers", "\(workers)", "--batch", "\(batch)",
            "--sender-batch", "\(senderBatch)", "--idle-ms", "\(idleMs)", "--engine", engine.rawValue, "--body-bytes",
            "\(bodyBytes)",
        ]
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { p in
                if p.terminationStatus == 0 {
                    continuation.resume()
                } else {
                    continuation.resume(throwing: BenchError("worker process exited with \(p.terminationStatus)"))
                }
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }

    struct WorkerCounts {
        var steps = 0
        var batches = 0
        var slowestBatchMs: Int64 = 0
    }

    /// `workers` tasks calling `runJourneys` (or the raw peer) and one outbox sender with a null
    /// channel, until no timer is left and the outbox has nothing pending.
    func runWorkers(_ db: BenchDatabase) async throws -> WorkerCounts {
        let links = JourneyLinks(baseURL: "https://encore.example", signer: LinkSigner(secret: LinkSigner.generateSecret()))
        let runtime = links.runtime(fallbackSender: "shop@example.com")
        let null = NullChannel()
        let sender = OutboxSenderService(
            storage: db.storage,
            channels: DeliveryChannels(email: null, sms: null, webhook: null, webhookSecret: "bench"),
            batchSize: senderBatch)
        let raw = RawPeer(db: db, bodyBytes: bodyBytes)
        let engine = self.engine
        let batch = self.batch
        let idle = Duration.milliseconds(idleMs)
        return try await withThrowingTaskGroup(of: WorkerCounts.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var counts = WorkerCounts()
                    while true {
                        let began = SystemClock().now()
                        let steps: Int
                        let more: Bool
                        switch engine {
                        case .encore:
                            let report = try await db.storage.runJourneys(now: began, limit: batch, runtime: runtime)
                            (steps, more) = (report.stepsRun, report.didWork || report.moreDue)
                        case .raw:
                            steps = try await raw.batch(now: began, limit: batch)
                            more = steps > 0
                        }
                        let took = SystemClock().now().millisecondsSinceEpoch - began.millisecondsSinceEpoch
                        counts.steps += steps
                        if steps > 0 {
                            counts.batches += 1
                            counts.slowestBatchMs = max(counts.slowestBatchMs, took)
                        }
                        if more { continue }
                        if try await db.count("SELECT COUNT(*) FROM journey_timers") == 0 { return counts }
                        try await Task.sleep(for: idle)
                    }
                }
            }
            group.addTask {
                while true {
                    if try await sender.sendBatch() > 0 { continue }
                    let timers = try await db.count("SELECT COUNT(*) FROM journey_timers")
                    let pending = try await db.count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
                    if timers == 0 && pending == 0 { return WorkerCounts() }
                    try await Task.sleep(for: idle)
                }
            }
            var total = WorkerCounts()
            for try await counts in group {
                total.steps += counts.steps
                total.batches += counts.batches
                total.slowestBatchMs = max(total.slowestBatchMs, counts.slowestBatchMs)
            }
            return total
        }
    }

    func report(_ db: BenchDatabase, seeded: Int64, start: Int64, lastDue: Int64, end: Int64, shift: Int64, slowest: Int64)
        async throws
    {
        let lags = try await db.sql.read([
            SQLStatement(
                """
                SELECT l.at - i.started_at - ? FROM journey_log l
                JOIN journey_instances i ON i.store_id = l.store_id AND i.instance_key = l.instance_key
                WHERE l.kind = 'sent'
                """, [.int(shift)])
        ])[0].map { $0.int(0) }
        let sent = Int64(lags.count)
        let outbox = try await db.count("SELECT COUNT(*) FROM outbox")
        let delivered = try await db.count("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'")
        let completed = try await db.count("SELECT COUNT(*) FROM journey_instances WHERE status = 'completed'")
        let left = try await db.count("SELECT COUNT(*) FROM journey_timers")
        let body = try await db.count("SELECT CAST(AVG(LENGTH(body_text) + LENGTH(body_html)) AS BIGINT) FROM outbox")
        let seconds = Double(end - start) / 1000
        let p = Percentiles(lags)
        let ok = sent == seeded && outbox == seeded && delivered == seeded && completed == seeded && left == 0
        print(
            """
            engine=\(engine.rawValue) backend=\(db.postgres ? "postgres" : "sqlite") processes=\(processes) workers=\(workers) batch=\(batch)
            instances=\(seeded) due_window_ms=\(lastDue - start) wall_s=\(String(format: "%.2f", seconds))
            steps_per_s=\(String(format: "%.0f", Double(sent) / seconds))
            lag_ms_p50=\(p.at(0.5)) lag_ms_p99=\(p.at(0.99)) lag_ms_max=\(p.at(1)) slowest_batch_ms=\(slowest)
            sent=\(sent) outbox=\(outbox) delivered=\(delivered) completed=\(completed) timers_left=\(left) body_bytes=\(body)
            exactly_once=\(ok ? "yes" : "NO")
            """)
        if !ok { throw ExitCode(2) }
    }
}
