import EncoreCore
import EncoreJourneys
import Foundation

/// What a batch of new events does to journeys: conversions first (a goal reached ends the
/// instance at once), then resumptions of `wait_for` steps, then new instances. Pure over the
/// rows the batch read; the first advance of a started or resumed instance is left to the timer
/// batch (its timer is due now).
struct InboxPlan {
    let now: Timestamp
    let runtime: JourneyRuntime
    let records: JourneyRecords
    var writes = JourneyWrites()
    var report = JourneyBatchReport()
    /// Unfinished instances per customer (including those started in this batch).
    var open: [JourneyRecords.CustomerRef: [LoadedInstance]] = [:]
    /// Instances ever started per (store, journey, customer), for re-entry.
    var previous: [String: [PreviousInstance]] = [:]
    /// The latest enabled version of each journey, per store.
    var latest: [StoreID: [CompiledJourney]] = [:]

    init(now: Timestamp, runtime: JourneyRuntime, records: JourneyRecords) {
        self.now = now
        self.runtime = runtime
        self.records = records
    }

    static func previousKey(_ storeID: StoreID, _ journeyID: String, _ customerKey: String) -> String {
        "\(storeID)\u{1}\(journeyID)\u{1}\(customerKey)"
    }

    mutating func load(instances: [SQLRow], previous rows: [SQLRow], versions: [SQLRow]) throws {
        var missing = Set<VersionKey>()
        for row in versions {
            let key = VersionKey(storeID: row.int(0), journeyID: row.text(1), version: Int(row.int(2)))
            if let compiled = runtime.cached(key.storeID, key.journeyID, key.version) {
                latest[key.storeID, default: []].append(compiled)
            } else {
                missing.insert(key)
            }
        }
        for row in instances {
            let instance = try LoadedInstance(row)
            if runtime.cached(instance.storeID, instance.journeyID, instance.version) == nil {
                missing.insert(VersionKey(storeID: instance.storeID, journeyID: instance.journeyID, version: instance.version))
            }
            open[JourneyRecords.CustomerRef(storeID: instance.storeID, key: instance.customerKey), default: []].append(instance)
        }
        if !missing.isEmpty { throw UncompiledJourneys(keys: missing) }
        for row in rows {
            previous[Self.previousKey(row.int(0), row.text(1), row.text(2)), default: []].append(
                PreviousInstance(subject: row.text(3), startedAt: Timestamp(millisecondsSinceEpoch: row.int(4))))
        }
        for key in latest.keys { latest[key]?.sort { $0.definition.id < $1.definition.id } }
    }

    mutating func handle(
        storeID: StoreID, eventID: Int64, type: String, customerKey: String?, orderKey: String?, occurredAt: Timestamp,
        payload: String
    ) {
        guard let customerKey else { return }
        let ref = JourneyRecords.CustomerRef(storeID: storeID, key: customerKey)
        let at = min(occurredAt, now)
        var instances = open[ref] ?? []
        var stillOpen: [LoadedInstance] = []
        for var instance in instances {
            guard let journey = runtime.cached(storeID, instance.journeyID, instance.version) else {
                stillOpen.append(instance)
                continue
            }
            // The order that started an instance is not its own goal.
            let sameOrder = orderKey != nil && orderKey == instance.orderKey
            if !sameOrder,
                let outcome = JourneyEngine.convert(
                    definition: journey.definition, state: instance.state, eventType: type, at: at)
            {
                instance.state = outcome.state
                writes.record(&instance, at: at, step: nil, kind: "converted", reason: type)
                var conversion: (String, Money)?
                if let orderKey, let order = records.orders[JourneyRecords.OrderRef(storeID: storeID, key: orderKey)] {
                    conversion = (orderKey, Money(minorUnits: order.total, currency: order.currency))
                }
                writes.update(instance, currentStep: nil, waiting: nil, now: now, conversion: conversion)
                writes.unschedule(instance)
                report.conversions += 1
                continue
            }
            if let waiting = instance.state.waitingFor, waiting.event == type {
                let about = waiting.about == .order ? (orderKey != nil && orderKey == instance.orderKey) : true
                if about,
                    let resumed = JourneyEngine.resume(
                        definition: journey.definition, state: instance.state, eventType: type, at: at)
                {
                    instance.state = resumed
                    writes.record(&instance, at: at, step: nil, kind: "resumed", reason: type)
                    writes.update(instance, currentStep: nil, waiting: nil, now: now)
                    writes.schedule(instance, at: now)
                    report.instancesResumed += 1
                }
            }
            stillOpen.append(instance)
        }
        instances = stillOpen

        let inputs = records.inputs(storeID: storeID, customerKey: customerKey, orderKey: orderKey, now: now)
        guard var contextInputs = inputs else {
            open[ref] = instances
            return
        }
        contextInputs.eventType = type
        contextInputs.eventPayload = payload
        let context = JourneyContextBuilder.build(contextInputs)
        for journey in latest[storeID] ?? [] {
            let definition = journey.definition
            guard definition.trigger.matches(eventType: type, context: context) else { continue }
            let subject: String
            switch definition.reentry {
            case .always: subject = "event:\(eventID)"
            default: subject = orderKey.map { "order:\($0)" } ?? "customer:\(customerKey)"
            }
            let previousKey = Self.previousKey(storeID, definition.id, customerKey)
            let earlier = previous[previousKey] ?? []
            guard !earlier.contains(where: { $0.subject == subject }),
                definition.reentry.allowsStart(subject: subject, previous: earlier, now: at)
            else { continue }
            let state = JourneyEngine.start(definition: definition, customerKey: customerKey, subject: subject, now: at)
            var instance = LoadedInstance(
                storeID: storeID,
                key: LoadedInstance.key(storeID: storeID, journeyID: definition.id, customerKey: customerKey, subject: subject),
                journeyID: definition.id, version: journey.version, customerKey: customerKey, subject: subject,
                orderKey: orderKey, state: state)
            writes.record(&instance, at: at, step: nil, kind: "entered", reason: state.heldOut ? "holdout" : type)
            writes.insert(instance, triggerEventID: eventID, now: now)
            writes.schedule(instance, at: now)
            previous[previousKey, default: []].append(PreviousInstance(subject: subject, startedAt: at))
            instances.append(instance)
            report.instancesStarted += 1
        }
        open[ref] = instances
    }

    func statements(dialect: SQLDialect) -> [SQLStatement] { writes.statements(dialect: dialect) }
}
