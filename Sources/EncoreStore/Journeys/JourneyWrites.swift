import EncoreCore
import EncoreJourneys
import Foundation

/// The writes one batch of journey work accumulates, turned into statements at the end.
struct JourneyWrites {
    var newInstances: [[SQLValue]] = []
    var instanceUpdates: [SQLStatement] = []
    var timers: [[SQLValue]] = []
    var deletedTimers: [(StoreID, String)] = []
    var log: [[SQLValue]] = []
    var tags: [[SQLValue]] = []
    var messages: [OutboxMessage] = []

    static func stateText(_ state: JourneyInstanceState) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(state), as: UTF8.self)) ?? "{}"
    }

    mutating func insert(_ instance: LoadedInstance, triggerEventID: Int64, now: Timestamp) {
        newInstances.append([
            .int(instance.storeID), .text(instance.key), .text(instance.journeyID), .int(Int64(instance.version)),
            .text(instance.customerKey), .text(instance.subject), SQLValue(instance.orderKey),
            .text(instance.state.status.rawValue), SQLValue(instance.state.heldOut), .text(Self.stateText(instance.state)),
            .int(triggerEventID), .int(instance.logSeq), .int(instance.state.startedAt.millisecondsSinceEpoch),
            .int(now.millisecondsSinceEpoch),
        ])
    }

    /// Saves an instance's state and where it stands.
    mutating func update(
        _ instance: LoadedInstance, currentStep: String?, waiting: (event: String, key: String)?, now: Timestamp,
        conversion: (order: String, revenue: Money)? = nil
    ) {
        let state = instance.state
        var sql = """
            UPDATE journey_instances SET state = ?, status = ?, current_step = ?, waiting_event = ?, waiting_key = ?,
            log_seq = ?, updated_at = ?, finished_at = ?, finish_reason = ?
            """
        var arguments: [SQLValue] = [
            .text(Self.stateText(state)), .text(state.status.rawValue), SQLValue(currentStep),
            SQLValue(waiting?.event), SQLValue(waiting?.key), .int(instance.logSeq), .int(now.millisecondsSinceEpoch),
            SQLValue(state.status.isFinished ? (state.endedAt ?? now).millisecondsSinceEpoch : nil),
            SQLValue(state.status.isFinished ? state.status.rawValue : nil),
        ]
        if let conversion {
            sql += ", converted_at = ?, conversion_order = ?, conversion_revenue = ?, conversion_currency = ?"
            arguments += [
                .int((state.endedAt ?? now).millisecondsSinceEpoch), .text(conversion.order),
                .int(conversion.revenue.minorUnits), .text(conversion.revenue.currency.code),
            ]
        }
        instanceUpdates.append(
            SQLStatement(sql + " WHERE store_id = ? AND instance_key = ?", arguments + [.int(instance.storeID), .text(instance.key)]))
    }

    mutating func schedule(_ instance: LoadedInstance, at due: Timestamp) {
        timers.append([.int(instance.storeID), .text(instance.key), .int(due.millisecondsSinceEpoch)])
    }

    mutating func unschedule(_ instance: LoadedInstance) {
        deletedTimers.append((instance.storeID, instance.key))
    }

    mutating func record(
        _ instance: inout LoadedInstance, at: Timestamp, step: String?, kind: String, channel: String? = nil,
        template: String? = nil, reason: String? = nil, messageID: String? = nil
    ) {
        instance.logSeq += 1
        log.append([
            .int(instance.storeID), .text(instance.key), .int(instance.logSeq), .int(at.millisecondsSinceEpoch),
            SQLValue(step), .text(kind), SQLValue(channel), SQLValue(template), SQLValue(reason), SQLValue(messageID),
        ])
    }

    func statements(dialect: SQLDialect) -> [SQLStatement] {
        var out: [SQLStatement] = []
        out += BulkInsert(
            """
            INSERT INTO journey_instances (store_id, instance_key, journey_id, version, customer_key, subject, order_key,
            status, holdout, state, trigger_event_id, log_seq, started_at, updated_at)
            """, types: "ittittttitiiii", tail: "ON CONFLICT (store_id, instance_key) DO NOTHING", dialect: dialect
        ).statements(newInstances)
        out += instanceUpdates
        for (storeID, key) in deletedTimers {
            out.append(
                SQLStatement(
                    "DELETE FROM journey_timers WHERE store_id = ? AND instance_key = ?", [.int(storeID), .text(key)]))
        }
        out += BulkInsert(
            "INSERT INTO journey_timers (store_id, instance_key, due_at)", types: "iti",
            tail: "ON CONFLICT (store_id, instance_key) DO UPDATE SET due_at = excluded.due_at, claim = NULL",
            dialect: dialect
        ).statements(timers)
        out += BulkInsert(
            "INSERT INTO journey_log (store_id, instance_key, seq, at, step_id, kind, channel, template, reason, message_id)",
            types: "itiitttttt", tail: "ON CONFLICT (store_id, instance_key, seq) DO NOTHING", dialect: dialect
        ).statements(log)
        out += BulkInsert(
            "INSERT INTO customer_tags (store_id, customer_key, tag, created_at)", types: "itti",
            tail: "ON CONFLICT (store_id, customer_key, tag) DO NOTHING", dialect: dialect
        ).statements(tags)
        out += OutboxSQL.inserts(messages, dialect: dialect)
        return out
    }
}
