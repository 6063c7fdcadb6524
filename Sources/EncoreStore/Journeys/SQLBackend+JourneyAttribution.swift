import EncoreCore

/// One message step of one journey version, for the treated group or the holdout: the instances
/// that reached it (sent or, for the holdout and the policy's refusals, skipped there), what
/// became of its messages, and how many of those instances converted within the goal window.
public struct JourneyStepFunnel: Sendable, Equatable {
    public var journeyID: String
    public var version: Int
    public var stepID: String
    public var heldOut: Bool
    public var reached: Int
    public var sent: Int
    public var skipped: Int
    public var delivered: Int
    public var opened: Int
    public var clicked: Int
    public var converted: Int
    /// Conversion revenue of the instances that reached the step, per currency, in minor units.
    public var revenue: [String: Int64]
    /// The sum of the squares of those instances' conversion revenue, per currency.
    public var revenueSumOfSquares: [String: Double]
}

/// The sum and sum of squares of the conversion revenue of one group's converted instances, in
/// one currency (minor units), for the incremental revenue's interval.
public struct JourneyRevenueMoments: Sendable, Equatable {
    public var journeyID: String
    public var version: Int
    public var heldOut: Bool
    public var currency: String
    public var sum: Double
    public var sumOfSquares: Double
}

extension SQLBackend {
    public func journeyStepFunnels(storeID: StoreID) async throws -> [JourneyStepFunnel] {
        let reachedBy = """
            (SELECT DISTINCT store_id, instance_key, step_id FROM journey_log
             WHERE store_id = ? AND kind IN ('sent', 'skipped') AND step_id IS NOT NULL) s
            JOIN journey_instances i ON i.store_id = s.store_id AND i.instance_key = s.instance_key
            """
        let rows = try await read([
            SQLStatement(
                """
                SELECT i.journey_id, i.version, i.holdout, s.step_id, COUNT(*),
                    SUM(CASE WHEN i.converted_at IS NOT NULL THEN 1 ELSE 0 END)
                FROM \(reachedBy) GROUP BY i.journey_id, i.version, i.holdout, s.step_id
                """, [.int(storeID)]),
            SQLStatement(
                """
                SELECT i.journey_id, i.version, i.holdout, l.step_id, l.kind, COUNT(*) FROM journey_log l
                JOIN journey_instances i ON i.store_id = l.store_id AND i.instance_key = l.instance_key
                WHERE l.store_id = ? AND l.kind IN ('sent', 'skipped') AND l.step_id IS NOT NULL
                GROUP BY i.journey_id, i.version, i.holdout, l.step_id, l.kind
                """, [.int(storeID)]),
            SQLStatement(
                """
                SELECT i.journey_id, i.version, i.holdout, l.step_id, COUNT(*) FROM journey_log l
                JOIN outbox o ON o.store_id = l.store_id AND o.message_id = l.message_id
                JOIN journey_instances i ON i.store_id = l.store_id AND i.instance_key = l.instance_key
                WHERE l.store_id = ? AND l.kind = 'sent' AND o.status = 'delivered'
                GROUP BY i.journey_id, i.version, i.holdout, l.step_id
                """, [.int(storeID)]),
            SQLStatement(
                """
                SELECT i.journey_id, i.version, i.holdout, l.step_id, e.kind, COUNT(*) FROM message_engagements e
                JOIN journey_log l ON l.store_id = e.store_id AND l.message_id = e.message_id AND l.kind = 'sent'
                JOIN journey_instances i ON i.store_id = l.store_id AND i.instance_key = l.instance_key
                WHERE e.store_id = ? GROUP BY i.journey_id, i.version, i.holdout, l.step_id, e.kind
                """, [.int(storeID)]),
            SQLStatement(
                """
                SELECT i.journey_id, i.version, i.holdout, s.step_id, i.conversion_currency,
                    CAST(SUM(i.conversion_revenue) AS BIGINT),
                    SUM(CAST(i.conversion_revenue AS DOUBLE PRECISION) * CAST(i.conversion_revenue AS DOUBLE PRECISION))
                FROM \(reachedBy) WHERE i.converted_at IS NOT NULL AND i.conversion_currency IS NOT NULL
                GROUP BY i.journey_id, i.version, i.holdout, s.step_id, i.conversion_currency
                """, [.int(storeID)]),
        ])
        func key(_ row: SQLRow) -> StepKey {
            StepKey(journey: row.text(0), version: Int(row.int(1)), heldOut: row.int(2) != 0, step: row.text(3))
        }
        var steps: [StepKey: JourneyStepFunnel] = [:]
        for row in rows[0] {
            let k = key(row)
            steps[k] = JourneyStepFunnel(
                journeyID: k.journey, version: k.version, stepID: k.step, heldOut: k.heldOut, reached: Int(row.int(4)), sent: 0,
                skipped: 0, delivered: 0, opened: 0, clicked: 0, converted: Int(row.int(5)), revenue: [:], revenueSumOfSquares: [:])
        }
        for row in rows[1] {
            if row.text(4) == "sent" { steps[key(row)]?.sent = Int(row.int(5)) } else { steps[key(row)]?.skipped = Int(row.int(5)) }
        }
        for row in rows[2] { steps[key(row)]?.delivered = Int(row.int(4)) }
        for row in rows[3] {
            if row.text(4) == "opened" { steps[key(row)]?.opened = Int(row.int(5)) }
            if row.text(4) == "clicked" { steps[key(row)]?.clicked = Int(row.int(5)) }
        }
        for row in rows[4] {
            steps[key(row)]?.revenue[row.text(4)] = row.int(5)
            steps[key(row)]?.revenueSumOfSquares[row.text(4)] = row.double(6)
        }
        return steps.values.sorted {
            ($0.journeyID, $0.version, $0.stepID, $0.heldOut ? 1 : 0) < ($1.journeyID, $1.version, $1.stepID, $1.heldOut ? 1 : 0)
        }
    }

    public func journeyRevenueMoments(storeID: StoreID) async throws -> [JourneyRevenueMoments] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT journey_id, version, holdout, conversion_currency, SUM(CAST(conversion_revenue AS DOUBLE PRECISION)),
                    SUM(CAST(conversion_revenue AS DOUBLE PRECISION) * CAST(conversion_revenue AS DOUBLE PRECISION))
                FROM journey_instances WHERE store_id = ? AND converted_at IS NOT NULL AND conversion_currency IS NOT NULL
                GROUP BY journey_id, version, holdout, conversion_currency
                """, [.int(storeID)])
        ])
        return rows[0].map {
            JourneyRevenueMoments(
                journeyID: $0.text(0), version: Int($0.int(1)), heldOut: $0.int(2) != 0, currency: $0.text(3), sum: $0.double(4),
                sumOfSquares: $0.double(5))
        }
    }
}

/// A step funnel's identity while its rows are gathered.
struct StepKey: Hashable {
    var journey: String
    var version: Int
    var heldOut: Bool
    var step: String
}
