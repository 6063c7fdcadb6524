import EncoreCore

/// What the journey map reads about a period: every visit, every piece of feedback, the NPS
/// answers about orders with whether their delivery was late, and each customer's persona.
public struct JourneyMapInputs: Sendable {
    public var visits: [TouchpointVisit]
    public var feedback: [TouchpointFeedback]
    /// Per customer: the NPS answers about their orders and whether the order's delivery was late.
    public var deliveries: [(customerKey: String, answer: DeliveryAnswer)]
    /// Customer → RFM segment of the last predictions refresh.
    public var personas: [String: String]
}

extension SQLBackend {
    /// The journey map's inputs for `[from, to)`.
    public func journeyMapInputs(storeID: StoreID, from: Timestamp, to: Timestamp) async throws -> JourneyMapInputs {
        let range: [SQLValue] = [.int(storeID), .int(from.millisecondsSinceEpoch), .int(to.millisecondsSinceEpoch)]
        let rows = try await read([
            SQLStatement(
                """
                SELECT o.customer_key, COALESCE(o.channel, 'web'), CASE WHEN o.placed_at = f.first_at THEN 1 ELSE 0 END
                FROM orders o JOIN (SELECT customer_key, MIN(placed_at) AS first_at FROM orders
                    WHERE store_id = ? AND customer_key IS NOT NULL AND cancelled_at IS NULL GROUP BY customer_key) f
                    ON f.customer_key = o.customer_key
                WHERE o.store_id = ? AND o.placed_at >= ? AND o.placed_at < ? AND o.cancelled_at IS NULL
                """, [.int(storeID)] + range),
            SQLStatement(
                """
                SELECT o.customer_key, o.journey_id, o.step_id, o.channel, COALESCE(v.trigger_event, '')
                FROM outbox o LEFT JOIN journey_versions v ON v.store_id = o.store_id AND v.journey_id = o.journey_id
                    AND v.version = (SELECT MAX(version) FROM journey_versions x WHERE x.store_id = o.store_id AND x.journey_id = o.journey_id)
                WHERE o.store_id = ? AND o.created_at >= ? AND o.created_at < ? AND o.customer_key IS NOT NULL
                    AND o.journey_id IS NOT NULL AND o.status <> 'failed'
                """, range),
            SQLStatement(
                """
                SELECT customer_key, type FROM events WHERE store_id = ? AND occurred_at >= ? AND occurred_at < ?
                AND customer_key IS NOT NULL AND type NOT IN ('order.placed', 'order.updated')
                """, range),
            SQLStatement(
                """
                SELECT customer_key, kind, touchpoint, score, reason FROM feedback
                WHERE store_id = ? AND answered_at >= ? AND answered_at < ? AND status = 'answered' AND score IS NOT NULL
                """, range),
            SQLStatement(
                """
                SELECT customer_key, stars, title, body FROM reviews
                WHERE store_id = ? AND created_at >= ? AND created_at < ? AND status <> 'rejected'
                """, range),
            SQLStatement(
                """
                SELECT f.customer_key, f.score, CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.store_id = f.store_id
                    AND e.order_key = f.order_key AND e.type = 'shipment.delayed') THEN 1 ELSE 0 END
                FROM feedback f WHERE f.store_id = ? AND f.answered_at >= ? AND f.answered_at < ? AND f.status = 'answered'
                AND f.kind = 'nps' AND f.order_key IS NOT NULL AND f.score IS NOT NULL
                """, range),
            SQLStatement("SELECT customer_key, rfm_segment FROM customer_predictions WHERE store_id = ?", [.int(storeID)]),
        ])
        var visits: [TouchpointVisit] = []
        for row in rows[0] {
            let first = row.int(2) != 0
            visits.append(
                TouchpointVisit(
                    customerKey: row.text(0), stage: first ? .purchase : .repurchase, touchpoint: first ? "order:first" : "order:again",
                    channel: row.text(1)))
        }
        for row in rows[1] {
            let journey = row.text(1)
            visits.append(
                TouchpointVisit(
                    customerKey: row.text(0), stage: JourneyStage.of(journeyID: journey, trigger: row.text(4)),
                    touchpoint: "message:\(journey)/\(row.optionalText(2) ?? "-")", channel: row.text(3)))
        }
        for row in rows[2] {
            guard let stage = JourneyStage.of(eventType: row.text(1)) else { continue }
            visits.append(TouchpointVisit(customerKey: row.text(0), stage: stage, touchpoint: "event:\(row.text(1))", channel: "event"))
        }
        var feedback: [TouchpointFeedback] = []
        for row in rows[3] {
            let kind = row.text(1)
            let touchpoint = row.text(2)
            let score = Int(row.int(3))
            feedback.append(
                TouchpointFeedback(
                    customerKey: row.text(0), stage: JourneyStage.of(feedbackKind: kind, touchpoint: touchpoint),
                    touchpoint: "survey:\(kind):\(touchpoint)",
                    score: kind == "nps" ? TouchpointFeedback.nps(score) : TouchpointFeedback.fivePoint(score),
                    text: row.optionalText(4)))
        }
        for row in rows[4] {
            feedback.append(
                TouchpointFeedback(
                    customerKey: row.text(0), stage: .advocacy, touchpoint: "review",
                    score: TouchpointFeedback.fivePoint(Int(row.int(1))), text: row.text(2) + ". " + row.text(3)))
        }
        let deliveries = rows[5].map { (customerKey: $0.text(0), answer: DeliveryAnswer(score: Int($0.int(1)), late: $0.int(2) != 0)) }
        var personas: [String: String] = [:]
        for row in rows[6] { personas[row.text(0)] = row.text(1) }
        return JourneyMapInputs(visits: visits, feedback: feedback, deliveries: deliveries, personas: personas)
    }
}
