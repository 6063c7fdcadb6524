import EncoreCore
import EncoreJourneys
import Foundation

extension SQLBackend {
    /// Claims due timers and advances their instances, in one transaction: each step's messages,
    /// log lines, tags and next timer commit together, so a crash never runs a step twice.
    /// PostgreSQL workers skip timers another worker holds (FOR UPDATE SKIP LOCKED).
    func processTimers(now: Timestamp, limit: Int, runtime: JourneyRuntime) async throws -> JourneyBatchReport {
        let claim = UUID().uuidString
        let skipLocked = dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        let driver = """
            SELECT i.store_id, i.customer_key, i.order_key FROM journey_timers t
            JOIN journey_instances i ON i.store_id = t.store_id AND i.instance_key = t.instance_key WHERE t.claim = ?
            """
        let columns = Self.instanceColumns.split(separator: ",").map { "i." + $0.trimmingCharacters(in: .whitespaces) }
        let reads =
            [
                SQLStatement(
                    """
                    UPDATE journey_timers SET claim = ? FROM (
                        SELECT store_id AS claimed_store, instance_key AS claimed_key FROM journey_timers
                        WHERE due_at <= ? ORDER BY due_at LIMIT ? \(skipLocked)) AS due
                    WHERE journey_timers.store_id = due.claimed_store AND journey_timers.instance_key = due.claimed_key
                    RETURNING journey_timers.instance_key
                    """, [.text(claim), .int(now.millisecondsSinceEpoch), .int(Int64(limit))]),
                SQLStatement(
                    """
                    SELECT \(columns.joined(separator: ", ")) FROM journey_timers t
                    JOIN journey_instances i ON i.store_id = t.store_id AND i.instance_key = t.instance_key
                    WHERE t.claim = ? ORDER BY \(dialect == .postgres ? "i.store_id, i.instance_key FOR UPDATE OF i" : "t.due_at")
                    """, [.text(claim)]),
            ] + JourneyRecords.statements(Self.self, driver: driver, arguments: [.text(claim)], now: now)
        let (_, report) = try await transaction(locks: AdvisoryLocks(storeID: 0, keys: []), reads: reads) { rows in
            guard !rows[0].isEmpty else { return ([], JourneyBatchReport()) }
            let instances = try rows[1].map(LoadedInstance.init)
            let missing = Set(
                instances.filter { runtime.cached($0.storeID, $0.journeyID, $0.version) == nil }.map {
                    VersionKey(storeID: $0.storeID, journeyID: $0.journeyID, version: $0.version)
                })
            if !missing.isEmpty { throw UncompiledJourneys(keys: missing) }
            var plan = TimerPlan(now: now, runtime: runtime, records: JourneyRecords(Self.self, rows: rows, offset: 2))
            for instance in instances { plan.advance(instance) }
            plan.report.moreDue = rows[0].count == limit
            // Timers claimed but not rescheduled or deleted by the plan keep their due time.
            return (
                plan.writes.statements(dialect: dialect)
                    + [SQLStatement("UPDATE journey_timers SET claim = NULL WHERE claim = ?", [.text(claim)])],
                plan.report
            )
        }
        return report
    }
}

/// Advances claimed instances: runs the engine, renders and queues sends, records skips,
/// tags, webhooks and ends, and sets each instance's next timer.
struct TimerPlan {
    let now: Timestamp
    let runtime: JourneyRuntime
    let records: JourneyRecords
    var writes = JourneyWrites()
    var report = JourneyBatchReport()
    /// Marketing sends queued in this batch, per customer (they count toward later caps).
    var queuedMarketing: [JourneyRecords.CustomerRef: [Timestamp]] = [:]
    /// Survey questions sent earlier in this batch, per customer.
    var queuedSurveys: [JourneyRecords.CustomerRef: Timestamp] = [:]

    init(now: Timestamp, runtime: JourneyRuntime, records: JourneyRecords) {
        self.now = now
        self.runtime = runtime
        self.records = records
    }

    mutating func advance(_ loaded: LoadedInstance) {
        var instance = loaded
        guard let journey = runtime.cached(instance.storeID, instance.journeyID, instance.version) else { return }
        if instance.state.status.isFinished {
            writes.unschedule(instance)
            return
        }
        guard
            var inputs = records.inputs(
                storeID: instance.storeID, customerKey: instance.customerKey, orderKey: instance.orderKey, now: now)
        else { return }
        let ref = JourneyRecords.CustomerRef(storeID: instance.storeID, key: instance.customerKey)
        let zone =
            TimeZone(identifier: inputs.customer?.timeZone ?? "") ?? TimeZone(identifier: inputs.store.timeZone)
            ?? TimeZone(identifier: "UTC")!
        let facts = records.facts(
            storeID: instance.storeID, customerKey: instance.customerKey, extraSends: queuedMarketing[ref] ?? [],
            cap: runtime.frequencyCap, surveyAskedAt: queuedSurveys[ref])
        let context = JourneyContextBuilder.build(inputs)
        let outcome = JourneyEngine.advance(
            definition: journey.definition, state: instance.state, now: now, context: context, facts: facts, zone: zone)
        report.stepsRun += 1
        instance.state = outcome.state
        for action in outcome.actions {
            switch action {
            case .send(let send):
                let seq = instance.logSeq + 1
                let messageID = JourneyMessageComposer.messageID(storeID: instance.storeID, instanceKey: instance.key, seq: seq)
                do {
                    inputs.eventType = nil
                    let message = try JourneyMessageComposer.compose(
                        send: send, journey: journey, instanceKey: instance.key, customerKey: instance.customerKey,
                        orderKey: instance.orderKey, inputs: inputs, zone: zone, messageID: messageID, now: now,
                        runtime: runtime, context: context)
                    writes.messages.append(message)
                    writes.record(
                        &instance, at: now, step: send.stepID, kind: "sent", channel: send.channel.rawValue,
                        template: send.template, messageID: messageID)
                    if send.category == .marketing { queuedMarketing[ref, default: []].append(now) }
                    if send.survey == true {
                        // The question counts as asked (for the throttle, and so the receipt does not ask again).
                        let subject = instance.orderKey ?? instance.key
                        writes.surveyAsks.append([
                            .int(instance.storeID), .text(FeedbackRecord.key(kind: .nps, touchpoint: .order, subjectKey: subject)),
                            .text(instance.customerKey), .text("nps"), .text("order"), .text(subject), SQLValue(instance.orderKey),
                            .text("asked"), .int(now.millisecondsSinceEpoch),
                        ])
                        queuedSurveys[ref] = now
                    }
                    report.messagesQueued += 1
                } catch {
                    let reason: String
                    switch error {
                    case .noRecipient: reason = SkipReason.noAddress.rawValue
                    case .render(let detail): reason = "render_error: \(detail)"
                    }
                    writes.record(
                        &instance, at: now, step: send.stepID, kind: "skipped", channel: send.channel.rawValue,
                        template: send.template, reason: reason)
                    report.skips += 1
                }
            case .skip(let send, let reason):
                writes.record(
                    &instance, at: now, step: send.stepID, kind: "skipped", channel: send.channel.rawValue,
                    template: send.template, reason: reason.rawValue)
                report.skips += 1
            case .tag(let tag):
                writes.tags.append([.int(instance.storeID), .text(instance.customerKey), .text(tag), .int(now.millisecondsSinceEpoch)])
                writes.record(&instance, at: now, step: nil, kind: "tagged", reason: tag)
            case .webhook(let stepID, let url, let event):
                let seq = instance.logSeq + 1
                let messageID = JourneyMessageComposer.messageID(storeID: instance.storeID, instanceKey: instance.key, seq: seq)
                let body = JourneyMessageComposer.webhookBody(
                    event: event, storeID: instance.storeID, journeyID: instance.journeyID, instanceKey: instance.key,
                    customerKey: instance.customerKey, orderKey: instance.orderKey, now: now, context: context)
                writes.messages.append(
                    OutboxMessage(
                        storeID: instance.storeID, messageID: messageID, instanceKey: instance.key,
                        journeyID: instance.journeyID, stepID: stepID, customerKey: instance.customerKey, channel: .webhook,
                        category: .transactional, recipient: url, text: body, nextAttemptAt: now, createdAt: now))
                writes.record(&instance, at: now, step: stepID, kind: "webhook", channel: "webhook", messageID: messageID)
                report.messagesQueued += 1
            case .finished(let reason):
                writes.record(&instance, at: now, step: nil, kind: "finished", reason: reason.rawValue)
            }
        }
        let stepID = outcome.state.stepIndex < journey.definition.steps.count
            ? journey.definition.steps[outcome.state.stepIndex].id : nil
        switch outcome.wake {
        case .at(let due):
            writes.schedule(instance, at: due)
            writes.update(instance, currentStep: stepID, waiting: nil, now: now)
        case .waitingFor(let event, let about, let deadline):
            writes.schedule(instance, at: deadline)
            let key = about == .order ? (instance.orderKey ?? instance.customerKey) : instance.customerKey
            writes.update(instance, currentStep: stepID, waiting: (event, key), now: now)
        case .done:
            writes.unschedule(instance)
            writes.update(instance, currentStep: nil, waiting: nil, now: now)
        }
    }
}
