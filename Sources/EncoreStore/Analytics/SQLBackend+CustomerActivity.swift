import EncoreCore

/// What the admin's customer profile lists besides orders and tickets: the messages sent to the
/// customer and the feedback they gave.
public struct CustomerActivity: Sendable {
    public struct Message: Sendable, Hashable {
        public var createdAt: Timestamp
        public var journeyID: String?
        public var stepID: String?
        public var channel: String
        public var subject: String?
        public var status: String
    }

    public struct Answer: Sendable, Hashable {
        public var kind: String
        public var touchpoint: String
        public var status: String
        public var score: Int?
        public var comment: String?
        public var at: Timestamp
    }

    public var messages: [Message]
    public var feedback: [Answer]
}

extension SQLBackend {
    /// The customer's latest `limit` messages and feedback, newest first.
    public func customerActivity(storeID: StoreID, customerKey: String, limit: Int) async throws -> CustomerActivity {
        let rows = try await read([
            SQLStatement(
                """
                SELECT created_at, journey_id, step_id, channel, subject, status FROM outbox
                WHERE store_id = ? AND customer_key = ? ORDER BY created_at DESC LIMIT ?
                """, [.int(storeID), .text(customerKey), .int(Int64(limit))]),
            SQLStatement(
                """
                SELECT kind, touchpoint, status, score, reason, COALESCE(answered_at, asked_at) FROM feedback
                WHERE store_id = ? AND customer_key = ? ORDER BY asked_at DESC LIMIT ?
                """, [.int(storeID), .text(customerKey), .int(Int64(limit))]),
        ])
        return CustomerActivity(
            messages: rows[0].map {
                CustomerActivity.Message(
                    createdAt: Timestamp(millisecondsSinceEpoch: $0.int(0)), journeyID: $0.optionalText(1), stepID: $0.optionalText(2),
                    channel: $0.text(3), subject: $0.optionalText(4), status: $0.text(5))
            },
            feedback: rows[1].map {
                CustomerActivity.Answer(
                    kind: $0.text(0), touchpoint: $0.text(1), status: $0.text(2), score: $0.optionalInt(3).map(Int.init),
                    comment: $0.optionalText(4), at: Timestamp(millisecondsSinceEpoch: $0.int(5)))
            })
    }
}
