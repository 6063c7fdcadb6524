import EncoreCore
import EncoreJourneys
import Foundation

/// The writes one batch of journey work accumulates, turned into statements at the end.
struct JourneyWrites {
    var newInstances: [[SQLValue]] = []
    /// Saved states, one per instance (a later update of the same instance replaces an earlier one).
    var instanceUpdates: [InstanceUpdate] = []
    private var updateIndex: [InstanceRef: Int] = [:]
    var timers: [[SQLValue]] = []
    var deletedTimers: [(StoreID, String)] = []
    var log: [[SQLValue]] = []
    var tags: [[SQLValue]] = []
    var messages: [OutboxMessage] = []
    /// Survey questions the batch's messages ask (`feedback` rows in state "asked").
    var surveyAsks: [[SQLValue]] = []

    static func stateText(_ state: JourneyInstanceState) -> String { JourneyStateCoding.encode(state) }

    struct InstanceRef: Hashable {
        var storeID: StoreID
        var key: String
    }

    /// The columns one instance update sets; conversion columns stay as they are when nil.
    struct InstanceUpdate {
        var storeID: StoreID
        var key: String
        var values: [SQLValue]
        var conversion: [SQLValue]?
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
        let values: [SQLValue] = [
            .text(Self.stateText(state)), .text(state.status.rawValue), SQLValue(currentStep),
            SQLValue(waiting?.event), SQLValue(waiting?.key), .int(instance.logSeq), .int(now.millisecondsSinceEpoch),
            SQLValue(state.status.isFinished ? (state.endedAt ?? now).millisecondsSinceEpoch : nil),
            SQLValue(state.status.isFinished ? state.status.rawValue : nil),
        ]
        var converted: [SQLValue]?
        if let conversion {
            converted = [
                .int((state.endedAt ?? now).millisecondsSinceEpoch), .text(conversion.order),
                .int(conversion.revenue.minorUnits), .text(conversion.revenue.currency.code),
            ]
        }
        let ref = InstanceRef(storeID: instance.storeID, key: instance.key)
        if let index = updateIndex[ref] {
            instanceUpdates[index].values = values
            if let converted { instanceUpdates[index].conversion = converted }
        } else {
            updateIndex[ref] = instanceUpdates.count
            instanceUpdates.append(InstanceUpdate(storeID: instance.storeID, key: instance.key, values: values, conversion: converted))
        }
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
        out += Self.updateStatements(instanceUpdates, dialect: dialect)
        out += Self.deleteTimerStatements(deletedTimers, dialect: dialect)
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
        out += BulkInsert(
            """
            INSERT INTO feedback (store_id, feedback_key, customer_key, kind, touchpoint, subject_key, order_key, status,
            asked_at)
            """, types: "ittttttti", tail: "ON CONFLICT (store_id, feedback_key) DO NOTHING",
            dialect: dialect
        ).statements(surveyAsks)
        return out
    }

    /// The columns of an instance update, after its key, and their types (`BulkInsert` letters).
    static let updateColumns = [
        "state", "status", "current_step", "waiting_event", "waiting_key", "log_seq", "updated_at", "finished_at",
        "finish_reason", "converted_at", "conversion_order", "conversion_revenue", "conversion_currency",
    ]
    static let updateTypes = Array("it" + "tttttiiit" + "itit")

    /// Instance updates as bulk statements: `UPDATE ... FROM` a list of rows (VALUES on SQLite,
    /// `unnest` arrays on PostgreSQL) instead of one UPDATE per instance, which on PostgreSQL was
    /// one round trip each. Conversion columns keep their stored value where the row has NULL.
    static func updateStatements(_ updates: [InstanceUpdate], dialect: SQLDialect) -> [SQLStatement] {
        guard !updates.isEmpty else { return [] }
        let rows = updates.map { u -> [SQLValue] in
            [.int(u.storeID), .text(u.key)] + u.values + (u.conversion ?? [.null, .null, .null, .null])
        }
        let names = ["store_id", "instance_key"] + updateColumns
        let assignments = updateColumns.map { column in
            column.hasPrefix("conversion") || column == "converted_at"
                ? "\(column) = COALESCE(u.\(column), journey_instances.\(column))" : "\(column) = u.\(column)"
        }.joined(separator: ", ")
        let match = "journey_instances.store_id = u.store_id AND journey_instances.instance_key = u.instance_key"
        switch dialect {
        case .postgres:
            return chunks(rows, size: 5_000).map { chunk in
                SQLStatement(
                    """
                    UPDATE journey_instances SET \(assignments)
                    FROM unnest(\(arrayCasts(updateTypes))) AS u(\(names.joined(separator: ", "))) WHERE \(match)
                    """, arrays(chunk, types: updateTypes))
            }
        case .sqlite:
            return chunks(rows, size: 500).map { chunk in
                SQLStatement(
                    """
                    WITH u(\(names.joined(separator: ", "))) AS (VALUES \(tuples(chunk.count, width: names.count)))
                    UPDATE journey_instances SET \(assignments) FROM u WHERE \(match)
                    """, Array(chunk.joined()))
            }
        }
    }

    /// Deletes of timers as one statement per chunk of keys.
    static func deleteTimerStatements(_ keys: [(StoreID, String)], dialect: SQLDialect) -> [SQLStatement] {
        guard !keys.isEmpty else { return [] }
        let rows = keys.map { [SQLValue.int($0.0), .text($0.1)] }
        switch dialect {
        case .postgres:
            return chunks(rows, size: 5_000).map { chunk in
                SQLStatement(
                    """
                    DELETE FROM journey_timers WHERE (store_id, instance_key) IN
                    (SELECT * FROM unnest(\(arrayCasts(Array("it")))))
                    """, arrays(chunk, types: Array("it")))
            }
        case .sqlite:
            return chunks(rows, size: 500).map { chunk in
                SQLStatement(
                    "DELETE FROM journey_timers WHERE (store_id, instance_key) IN (VALUES \(tuples(chunk.count, width: 2)))",
                    Array(chunk.joined()))
            }
        }
    }

    static func chunks(_ rows: [[SQLValue]], size: Int) -> [ArraySlice<[SQLValue]>] {
        stride(from: 0, to: rows.count, by: size).map { rows[$0..<min(rows.count, $0 + size)] }
    }

    static func tuples(_ count: Int, width: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ",") + ")"
        return Array(repeating: tuple, count: count).joined(separator: ",")
    }

    static func arrayCasts(_ types: [Character]) -> String {
        types.map { $0 == "i" ? "?::bigint[]" : "?::text[]" }.joined(separator: ", ")
    }

    /// One PostgreSQL array literal per column.
    static func arrays(_ rows: ArraySlice<[SQLValue]>, types: [Character]) -> [SQLValue] {
        types.indices.map { column -> SQLValue in
            var literal = "{"
            for (index, row) in rows.enumerated() {
                if index > 0 { literal += "," }
                switch row[column] {
                case .null: literal += "NULL"
                case .int(let value): literal += String(value)
                case .real(let value): literal += String(value)
                case .text(let value): appendQuoted(value, to: &literal)
                }
            }
            return .text(literal + "}")
        }
    }
}
