import EncoreCore

/// Everything a receipt page shows, read in one snapshot.
public struct ReceiptRecord: Sendable {
    public var store: Store
    public var customer: Customer
    public var detail: OrderDetail
    /// When the order's links were last revoked.
    public var revokedAt: Timestamp?
    /// The order's NPS question, if it was put.
    public var nps: FeedbackRecord?
    /// The customer's most recent survey question of any kind.
    public var lastAsked: FeedbackRecord?
    public var reviews: [ReviewRecord]
    /// The customer's tickets about this order, newest first.
    public var tickets: [Ticket]
}

extension SQLBackend {
    public func receipt(storeID: StoreID, orderKey: String, customerKey: String) async throws -> ReceiptRecord? {
        let customerArgs: [SQLValue] = [.int(storeID), .text(customerKey)]
        let npsKey = FeedbackRecord.key(kind: .nps, touchpoint: .order, subjectKey: orderKey)
        var statements = Self.orderDetailStatements(storeID: storeID, key: orderKey)
        statements += [
            SQLStatement("SELECT \(Self.storeColumns) FROM stores WHERE id = ?", [.int(storeID)]),
            SQLStatement(
                "SELECT customer_key, email, phone, first_name, last_name, time_zone, locale, created_at FROM customers WHERE store_id = ? AND customer_key = ?",
                customerArgs),
            SQLStatement(
                "SELECT channel, purpose, granted, updated_at FROM consents WHERE store_id = ? AND customer_key = ? ORDER BY channel, purpose",
                customerArgs),
            SQLStatement(
                "SELECT revoked_at FROM link_revocations WHERE store_id = ? AND order_key = ?", [.int(storeID), .text(orderKey)]),
            Self.feedbackSelect(storeID, npsKey),
            SQLStatement(
                """
                SELECT \(Self.feedbackColumns) FROM feedback WHERE store_id = ? AND customer_key = ?
                ORDER BY asked_at DESC LIMIT 1
                """, customerArgs),
            SQLStatement(
                """
                SELECT \(Self.reviewColumns) FROM reviews WHERE store_id = ? AND review_key >= ? AND review_key < ?
                AND order_key = ? ORDER BY sku
                """, [.int(storeID), .text(orderKey + ":"), .text(orderKey + ";"), .text(orderKey)]),
            SQLStatement(
                """
                SELECT \(Self.ticketColumns) FROM tickets WHERE store_id = ? AND customer_key = ? AND order_key = ?
                ORDER BY created_at DESC
                """, customerArgs + [.text(orderKey)]),
        ]
        let rows = try await read(statements)
        guard let detail = Self.decodeOrderDetail(rows[0..<8], storeID: storeID, key: orderKey),
            let store = rows[8].first.map(Self.decodeStore), let c = rows[9].first
        else { return nil }
        let consents = Self.decodeConsents(rows[10])
        let customer = Customer(
            storeID: storeID, key: c.text(0), email: c.optionalText(1), phone: c.optionalText(2), firstName: c.optionalText(3),
            lastName: c.optionalText(4), timeZone: c.optionalText(5), locale: c.optionalText(6), consents: consents,
            createdAt: Timestamp(millisecondsSinceEpoch: c.int(7)))
        return ReceiptRecord(
            store: store, customer: customer, detail: detail,
            revokedAt: rows[11].first.map { Timestamp(millisecondsSinceEpoch: $0.int(0)) },
            nps: rows[12].first.map(Self.decodeFeedback), lastAsked: rows[13].first.map(Self.decodeFeedback),
            reviews: rows[14].map(Self.decodeReview), tickets: rows[15].map(Self.decodeTicket))
    }
}
