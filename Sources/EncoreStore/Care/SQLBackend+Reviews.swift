import EncoreCore

extension SQLBackend {
    static var reviewColumns: String {
        "store_id, review_key, order_key, customer_key, sku, author, stars, title, body, status, flags, reply, replied_at, created_at, updated_at" }

    static func decodeReview(_ row: SQLRow) -> ReviewRecord {
        var review = ReviewRecord(
            storeID: row.int(0), orderKey: row.text(2), customerKey: row.text(3), sku: row.text(4), author: row.text(5),
            stars: Int(row.int(6)), title: row.text(7), body: row.text(8), status: row.text(9),
            flags: row.text(10).split(separator: "\n").map(String.init),
            createdAt: Timestamp(millisecondsSinceEpoch: row.int(13)))
        review.key = row.text(1)
        review.reply = row.optionalText(11)
        review.repliedAt = row.optionalInt(12).map(Timestamp.init(millisecondsSinceEpoch:))
        review.updatedAt = Timestamp(millisecondsSinceEpoch: row.int(14))
        return review
    }

    public func submitReview(_ review: ReviewRecord, ticket: NewTicket?, event: NewEvent?) async throws
        -> (review: ReviewRecord, created: Bool)
    {
        let dialect = self.dialect
        let select = SQLStatement(
            "SELECT \(Self.reviewColumns) FROM reviews WHERE store_id = ? AND review_key = ?",
            [.int(review.storeID), .text(review.key)])
        let (_, outcome) = try await transaction(
            locks: AdvisoryLocks(storeID: review.storeID, keys: [Self.ticketNumberLock, Self.lockKey(review.key)]),
            reads: [select]
        ) { reads -> (statements: [SQLStatement], result: (ReviewRecord, Bool)) in
            if let stored = reads[0].first.map(Self.decodeReview) { return ([], (stored, false)) }
            let marks = Array(repeating: "?", count: 15).joined(separator: ", ")
            var statements = [
                SQLStatement(
                    "INSERT INTO reviews (\(Self.reviewColumns)) VALUES (\(marks))",
                    [
                        .int(review.storeID), .text(review.key), .text(review.orderKey), .text(review.customerKey),
                        .text(review.sku), .text(review.author), .int(Int64(review.stars)), .text(review.title),
                        .text(review.body), .text(review.status), .text(review.flags.joined(separator: "\n")),
                        SQLValue(review.reply), SQLValue(review.repliedAt?.millisecondsSinceEpoch),
                        .int(review.createdAt.millisecondsSinceEpoch), .int(review.updatedAt.millisecondsSinceEpoch),
                    ])
            ]
            if let ticket { statements += Self.ticketInserts(ticket, dialect: dialect) }
            if let event { statements.append(Self.eventInsert(event, now: review.createdAt)) }
            return (statements, (review, true))
        }
        return outcome
    }

    public func review(storeID: StoreID, key: String) async throws -> ReviewRecord? {
        try await read([
            SQLStatement(
                "SELECT \(Self.reviewColumns) FROM reviews WHERE store_id = ? AND review_key = ?", [.int(storeID), .text(key)])
        ])[0].first.map(Self.decodeReview)
    }

    public func reviews(storeID: StoreID, orderKey: String) async throws -> [ReviewRecord] {
        try await read([
            SQLStatement(
                """
                SELECT \(Self.reviewColumns) FROM reviews WHERE store_id = ? AND review_key >= ? AND review_key < ?
                AND order_key = ? ORDER BY sku
                """, [.int(storeID), .text(orderKey + ":"), .text(orderKey + ";"), .text(orderKey)])
        ])[0].map(Self.decodeReview)
    }

    public func reviews(storeID: StoreID, status: String, limit: Int) async throws -> [ReviewRecord] {
        try await read([
            SQLStatement(
                """
                SELECT \(Self.reviewColumns) FROM reviews WHERE store_id = ? AND status = ?
                ORDER BY created_at DESC LIMIT ?
                """, [.int(storeID), .text(status), .int(Int64(limit))])
        ])[0].map(Self.decodeReview)
    }

    public func reviewSummary(storeID: StoreID, sku: String, limit: Int) async throws -> ReviewSummary {
        let rows = try await read([
            SQLStatement(
                "SELECT COUNT(*), COALESCE(SUM(stars), 0) FROM reviews WHERE store_id = ? AND sku = ? AND status = 'published'",
                [.int(storeID), .text(sku)]),
            SQLStatement(
                """
                SELECT \(Self.reviewColumns) FROM reviews WHERE store_id = ? AND sku = ? AND status = 'published'
                ORDER BY created_at DESC LIMIT ?
                """, [.int(storeID), .text(sku), .int(Int64(limit))]),
        ])
        let count = Int(rows[0].first?.int(0) ?? 0)
        let sum = Double(rows[0].first?.int(1) ?? 0)
        return ReviewSummary(
            sku: sku, count: count, average: count == 0 ? 0 : sum / Double(count), reviews: rows[1].map(Self.decodeReview))
    }

    public func moderateReview(storeID: StoreID, key: String, status: String, now: Timestamp) async throws -> Bool {
        guard ["published", "rejected", "pending"].contains(status) else {
            throw StorageError.invalid("a review's status is pending, published or rejected, not '\(status)'")
        }
        let select = SQLStatement(
            "SELECT \(Self.reviewColumns) FROM reviews WHERE store_id = ? AND review_key = ?", [.int(storeID), .text(key)])
        let (_, found) = try await transaction(
            locks: AdvisoryLocks(storeID: storeID, keys: [Self.lockKey(key)]), reads: [select]
        ) { reads -> (statements: [SQLStatement], result: Bool) in
            guard let review = reads[0].first.map(Self.decodeReview) else { return ([], false) }
            var statements = [
                SQLStatement(
                    "UPDATE reviews SET status = ?, updated_at = ? WHERE store_id = ? AND review_key = ?",
                    [.text(status), .int(now.millisecondsSinceEpoch), .int(storeID), .text(key)])
            ]
            // A review held for moderation (it has flags) and published now: `review.published`,
            // once, so loyalty gives the points it did not give when the review was held.
            if status == "published", review.status != "published", !review.flags.isEmpty {
                statements.append(
                    Self.eventInsert(
                        NewEvent(
                            storeID: storeID, type: "review.published", customerKey: review.customerKey,
                            orderKey: review.orderKey, occurredAt: now,
                            payload: JSONText.render([
                                ("review_id", .string(review.key)), ("sku", .string(review.sku)),
                                ("stars", .int(Int64(review.stars))), ("status", .string("published")),
                            ]), idempotencyKey: "review.published:\(review.key)"),
                        now: now))
            }
            return (statements, true)
        }
        return found
    }

    public func replyToReview(storeID: StoreID, key: String, reply: String, now: Timestamp) async throws -> Bool {
        let at = SQLValue.int(now.millisecondsSinceEpoch)
        let rows = try await write([
            SQLStatement(
                """
                UPDATE reviews SET reply = ?, replied_at = ?, updated_at = ? WHERE store_id = ? AND review_key = ?
                RETURNING review_key
                """, [reply.isEmpty ? .null : .text(reply), reply.isEmpty ? .null : at, at, .int(storeID), .text(key)])
        ])
        return !rows[0].isEmpty
    }
}

extension SQLBackend {
    public func returns(storeID: StoreID, statuses: [ReturnStatus], limit: Int) async throws
        -> [(returnKey: String, orderKey: String, status: ReturnStatus, reason: String?, requestedAt: Timestamp)]
    {
        guard !statuses.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: statuses.count).joined(separator: ", ")
        return try await read([
            SQLStatement(
                """
                SELECT return_key, order_key, status, reason, requested_at FROM returns
                WHERE store_id = ? AND status IN (\(marks)) ORDER BY requested_at DESC LIMIT ?
                """, [.int(storeID)] + statuses.map { .text($0.rawValue) } + [.int(Int64(limit))])
        ])[0].map {
            (
                $0.text(0), $0.text(1), ReturnStatus(rawValue: $0.text(2)) ?? .requested, $0.optionalText(3),
                Timestamp(millisecondsSinceEpoch: $0.int(4))
            )
        }
    }
}
