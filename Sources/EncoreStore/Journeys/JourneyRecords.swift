import Foundation
import EncoreCore
import EncoreJourneys
import EncoreLoyalty

/// The stored records a batch of journey work reads, loaded in one snapshot for every customer
/// and order a "driver" query names (the claimed events, or the claimed instances).
struct JourneyRecords {
    var stores: [StoreID: Store] = [:]
    var customers: [CustomerRef: Customer] = [:]
    var orders: [OrderRef: Order] = [:]
    var shipments: [OrderRef: ShipmentSummary] = [:]
    var orderStats: [CustomerRef: (count: Int64, spent: [String: Int64], last: Timestamp)] = [:]
    var tags: [CustomerRef: [String]] = [:]
    /// Suppressed addresses per store: for every message (bounces, complaints) and, when
    /// unsubscribed, for marketing only.
    var suppressed: [StoreID: Set<String>] = [:]
    var unsubscribed: [StoreID: Set<String>] = [:]
    var marketingSends: [CustomerRef: [Timestamp]] = [:]
    /// When each customer was last asked a survey question.
    var lastSurveyAsked: [CustomerRef: Timestamp] = [:]
    /// "You may also like" per customer and subject order (nil: the customer's latest order).
    var recommendations: [BasketRef: [RecommendedProduct]] = [:]
    /// The last predictions refresh's figures and custom segments per customer.
    var predictions: [CustomerRef: StoredPrediction] = [:]

    struct CustomerRef: Hashable {
        var storeID: StoreID
        var key: String
    }

    struct OrderRef: Hashable {
        var storeID: StoreID
        var key: String
    }

    /// A customer and the order a context is about (nil when it is about no order).
    struct BasketRef: Hashable {
        var storeID: StoreID
        var customerKey: String
        var orderKey: String?
    }

    static let statementCount = 14

    /// The read statements; `driver` yields `store_id, customer_key, order_key` rows.
    static func statements<B: SQLBackend>(_: B.Type, driver: String, arguments: [SQLValue], now: Timestamp) -> [SQLStatement] {
        // Joins from the (few) driver rows into each table's key or index. SQLite does not use an
        // index for a row-value `(a, b) IN (SELECT ...)`, and with a plain JOIN its planner still
        // chose to walk the store's whole table; CROSS JOIN makes the driver the outer loop there
        // (PostgreSQL plans it as an ordinary join).
        let customers = "(SELECT DISTINCT store_id, customer_key FROM (\(driver)) d0) d"
        let orders = "(SELECT DISTINCT store_id, order_key FROM (\(driver)) d0 WHERE order_key IS NOT NULL) d"
        let a = arguments
        return [
            SQLStatement(
                "SELECT \(B.storeColumns) FROM stores WHERE id IN (SELECT store_id FROM (\(driver)) d)", a),
            SQLStatement(
                """
                SELECT c.store_id, c.customer_key, c.email, c.phone, c.first_name, c.last_name, c.time_zone, c.locale,
                c.created_at FROM \(customers) CROSS JOIN customers c WHERE c.store_id = d.store_id AND c.customer_key = d.customer_key
                """, a),
            SQLStatement(
                """
                SELECT c.store_id, c.customer_key, c.channel, c.purpose, c.granted, c.updated_at FROM \(customers)
                CROSS JOIN consents c WHERE c.store_id = d.store_id AND c.customer_key = d.customer_key
                """, a),
            SQLStatement(
                """
                SELECT o.store_id, \(prefixed("o", B.orderColumns)) FROM \(orders)
                CROSS JOIN orders o WHERE o.store_id = d.store_id AND o.order_key = d.order_key
                """, a),
            SQLStatement(
                """
                SELECT l.store_id, \(prefixed("l", B.lineColumns)) FROM \(orders)
                CROSS JOIN line_items l WHERE l.store_id = d.store_id AND l.order_key = d.order_key
                ORDER BY l.store_id, l.order_key, l.line_key
                """, a),
            SQLStatement(
                """
                SELECT s.store_id, s.order_key, s.carrier, s.tracking_number, s.estimated_delivery, s.status, s.updated_at
                FROM \(orders) CROSS JOIN shipments s WHERE s.store_id = d.store_id AND s.order_key = d.order_key
                ORDER BY s.updated_at
                """, a),
            SQLStatement(
                """
                SELECT o.store_id, o.customer_key, o.currency, COUNT(CASE WHEN o.cancelled_at IS NULL THEN 1 END),
                    CAST(SUM(CASE WHEN o.cancelled_at IS NULL THEN o.total ELSE 0 END) AS BIGINT),
                    MAX(CASE WHEN o.cancelled_at IS NULL THEN o.placed_at END)
                FROM \(customers) CROSS JOIN orders o WHERE o.store_id = d.store_id AND o.customer_key = d.customer_key
                GROUP BY o.store_id, o.customer_key, o.currency
                """, a),
            SQLStatement(
                """
                SELECT t.store_id, t.customer_key, t.tag FROM \(customers)
                CROSS JOIN customer_tags t WHERE t.store_id = d.store_id AND t.customer_key = d.customer_key ORDER BY t.tag
                """, a),
            SQLStatement(
                """
                SELECT s.store_id, s.address, s.reason FROM \(customers)
                CROSS JOIN customers c CROSS JOIN suppressions s
                WHERE c.store_id = d.store_id AND c.customer_key = d.customer_key AND s.store_id = c.store_id
                    AND s.channel IN ('email', 'sms') AND (s.address = LOWER(c.email) OR s.address = LOWER(c.phone))
                """, a),
            SQLStatement(
                """
                SELECT o.store_id, o.customer_key, o.created_at FROM \(customers)
                CROSS JOIN outbox o WHERE o.store_id = d.store_id AND o.customer_key = d.customer_key
                AND o.category = 'marketing' AND o.created_at >= ?
                """, a + [.int(now.millisecondsSinceEpoch - 8 * 86_400_000)]),
            SQLStatement(
                """
                SELECT f.store_id, f.customer_key, MAX(f.asked_at) FROM \(customers)
                CROSS JOIN feedback f WHERE f.store_id = d.store_id AND f.customer_key = d.customer_key
                GROUP BY f.store_id, f.customer_key
                """, a),
            recommendationStatement(driver: driver, arguments: a),
            SQLStatement(
                """
                SELECT p.store_id, \(prefixed("p", B.predictionColumns)) FROM \(customers)
                CROSS JOIN customer_predictions p WHERE p.store_id = d.store_id AND p.customer_key = d.customer_key
                """, a),
            SQLStatement(
                """
                SELECT m.store_id, m.customer_key, m.segment_key FROM \(customers)
                CROSS JOIN segment_members m WHERE m.store_id = d.store_id AND m.customer_key = d.customer_key
                ORDER BY m.segment_key
                """, a),
        ]
    }

    /// The stored "bought together" lists of the products of each driver row's order (or, with
    /// no order, of the customer's latest order not cancelled), each neighbour marked `owned` when
    /// the customer ever bought it (orders not cancelled) or it is in that order: what
    /// `RecommendedProduct.picks` needs, as the receipt reads it.
    static func recommendationStatement(driver: String, arguments: [SQLValue]) -> SQLStatement {
        SQLStatement(
            """
            SELECT b.store_id, b.customer_key, b.order_key, n.sku, n.neighbour_sku, n.neighbour_title, n.score, n.together,
                CASE WHEN EXISTS (
                    SELECT 1 FROM line_items x WHERE x.store_id = b.store_id AND x.order_key = b.basket_key
                    AND x.sku = n.neighbour_sku) OR EXISTS (
                    SELECT 1 FROM orders o CROSS JOIN line_items x WHERE o.store_id = b.store_id
                    AND o.customer_key = b.customer_key AND o.cancelled_at IS NULL AND x.store_id = o.store_id
                    AND x.order_key = o.order_key AND x.sku = n.neighbour_sku) THEN 1 ELSE 0 END
            FROM (
                SELECT DISTINCT k.store_id, k.customer_key, k.order_key, k.basket_key, l.sku FROM (
                    SELECT d.store_id, d.customer_key, d.order_key, COALESCE(d.order_key, (
                        SELECT o.order_key FROM orders o WHERE o.store_id = d.store_id AND o.customer_key = d.customer_key
                        AND o.cancelled_at IS NULL ORDER BY o.placed_at DESC, o.order_key DESC LIMIT 1)) AS basket_key
                    FROM (SELECT DISTINCT store_id, customer_key, order_key FROM (\(driver)) d0
                        WHERE customer_key IS NOT NULL) d) k
                CROSS JOIN line_items l WHERE l.store_id = k.store_id AND l.order_key = k.basket_key AND l.sku IS NOT NULL
            ) b
            CROSS JOIN product_neighbours n WHERE n.store_id = b.store_id AND n.sku = b.sku
            """, arguments)
    }

    init() {}

    /// "a, b" as "t.a, t.b".
    static func prefixed(_ table: String, _ columns: String) -> String {
        columns.split(separator: ",").map { "\(table)." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .joined(separator: ", ")
    }

    /// Decodes the rows of `statements(...)`, starting at `offset` in `rows`.
    init<B: SQLBackend>(_: B.Type, rows: [[SQLRow]], offset: Int) {
        for row in rows[offset] {
            let store = B.decodeStore(row)
            stores[store.id] = store
        }
        for row in rows[offset + 1] {
            let ref = CustomerRef(storeID: row.int(0), key: row.text(1))
            customers[ref] = Customer(
                storeID: ref.storeID, key: ref.key, email: row.optionalText(2), phone: row.optionalText(3),
                firstName: row.optionalText(4), lastName: row.optionalText(5), timeZone: row.optionalText(6),
                locale: row.optionalText(7), createdAt: Timestamp(millisecondsSinceEpoch: row.int(8)))
        }
        for row in rows[offset + 2] {
            let ref = CustomerRef(storeID: row.int(0), key: row.text(1))
            guard let channel = Channel(rawValue: row.text(2)), let purpose = Purpose(rawValue: row.text(3)) else {
                continue
            }
            customers[ref]?.consents.append(
                Consent(
                    channel: channel, purpose: purpose, granted: row.int(4) != 0,
                    updatedAt: Timestamp(millisecondsSinceEpoch: row.int(5))))
        }
        var lines: [OrderRef: [LineItem]] = [:]
        for row in rows[offset + 4] {
            let values = SQLRow(Array(row.values.dropFirst()))
            for (orderKey, items) in B.decodeLines([values]) {
                lines[OrderRef(storeID: row.int(0), key: orderKey), default: []] += items
            }
        }
        for row in rows[offset + 3] {
            let storeID = row.int(0)
            let values = SQLRow(Array(row.values.dropFirst()))
            let ref = OrderRef(storeID: storeID, key: values.text(0))
            orders[ref] = B.decodeOrder(values, storeID: storeID, lines: lines[ref] ?? [])
        }
        for row in rows[offset + 5] {
            shipments[OrderRef(storeID: row.int(0), key: row.text(1))] = ShipmentSummary(
                carrier: row.optionalText(2), trackingNumber: row.optionalText(3),
                estimatedDelivery: row.optionalInt(4).map(Timestamp.init(millisecondsSinceEpoch:)),
                status: row.optionalText(5))
        }
        for row in rows[offset + 6] where row.int(3) > 0 {
            let ref = CustomerRef(storeID: row.int(0), key: row.text(1))
            var entry = orderStats[ref] ?? (0, [:], Timestamp(millisecondsSinceEpoch: .min))
            entry.count += row.int(3)
            entry.spent[row.text(2), default: 0] += row.int(4)
            entry.last = max(entry.last, Timestamp(millisecondsSinceEpoch: row.int(5)))
            orderStats[ref] = entry
        }
        for row in rows[offset + 7] {
            tags[CustomerRef(storeID: row.int(0), key: row.text(1)), default: []].append(row.text(2))
        }
        for row in rows[offset + 8] {
            if row.text(2) == "unsubscribed" {
                unsubscribed[row.int(0), default: []].insert(row.text(1))
            } else {
                suppressed[row.int(0), default: []].insert(row.text(1))
            }
        }
        for row in rows[offset + 9] {
            marketingSends[CustomerRef(storeID: row.int(0), key: row.text(1)), default: []].append(
                Timestamp(millisecondsSinceEpoch: row.int(2)))
        }
        for row in rows[offset + 10] {
            lastSurveyAsked[CustomerRef(storeID: row.int(0), key: row.text(1))] = Timestamp(millisecondsSinceEpoch: row.int(2))
        }
        var baskets: [BasketRef: (lists: [String: [CoPurchaseScore]], titles: [String: String], owned: Set<String>)] = [:]
        for row in rows[offset + 11] {
            let ref = BasketRef(storeID: row.int(0), customerKey: row.text(1), orderKey: row.optionalText(2))
            let neighbour = CoPurchaseScore(sku: row.text(4), score: row.double(6), together: row.int(7))
            baskets[ref, default: ([:], [:], [])].lists[row.text(3), default: []].append(neighbour)
            baskets[ref]?.titles[neighbour.sku] = row.text(5)
            if row.int(8) != 0 { baskets[ref]?.owned.insert(neighbour.sku) }
        }
        for row in rows[offset + 12] {
            let values = SQLRow(Array(row.values.dropFirst()))
            predictions[CustomerRef(storeID: row.int(0), key: values.text(0))] = B.decodePrediction(values)
        }
        for row in rows[offset + 13] {
            predictions[CustomerRef(storeID: row.int(0), key: row.text(1))]?.segments.append(row.text(2))
        }
        for (ref, basket) in baskets {
            recommendations[ref] = RecommendedProduct.picks(
                lists: basket.lists, titles: basket.titles, basket: basket.lists.keys, owned: basket.owned)
        }
    }

    /// The context inputs of a customer and (optional) order at `now`.
    func inputs(storeID: StoreID, customerKey: String, orderKey: String?, now: Timestamp) -> JourneyContextInputs? {
        guard let store = stores[storeID] else { return nil }
        let ref = CustomerRef(storeID: storeID, key: customerKey)
        var inputs = JourneyContextInputs(store: store, customer: customers[ref], now: now)
        inputs.tags = tags[ref] ?? []
        if let stats = orderStats[ref] {
            inputs.ordersCount = stats.count
            inputs.totalSpent = Money(minorUnits: stats.spent[store.currency.code] ?? 0, currency: store.currency)
            inputs.lastOrderAt = stats.last
        }
        if let orderKey {
            inputs.order = orders[OrderRef(storeID: storeID, key: orderKey)]
            inputs.shipment = shipments[OrderRef(storeID: storeID, key: orderKey)]
        }
        inputs.recommendations = recommendations[BasketRef(storeID: storeID, customerKey: customerKey, orderKey: orderKey)] ?? []
        inputs.prediction = predictions[ref]
        return inputs
    }

    /// The policy facts of a customer: addresses, consent, suppression, recent marketing sends.
    func facts(
        storeID: StoreID, customerKey: String, extraSends: [Timestamp], cap: FrequencyCap, surveyAskedAt: Timestamp? = nil
    ) -> PolicyFacts {
        let ref = CustomerRef(storeID: storeID, key: customerKey)
        guard let customer = customers[ref] else { return PolicyFacts(reachableChannels: [], frequencyCap: cap) }
        var facts = PolicyFacts(
            customer: customer, suppressedAddresses: suppressed[storeID] ?? [],
            unsubscribedAddresses: unsubscribed[storeID] ?? [],
            recentMarketingSends: (marketingSends[ref] ?? []) + extraSends, frequencyCap: cap)
        facts.lastSurveyAskedAt = [lastSurveyAsked[ref], surveyAskedAt].compactMap { $0 }.max()
        let days = Int64(min(max(stores[storeID]?.settings.surveyIntervalDays ?? 30, 0), 3_650))
        facts.surveyThrottle = SurveyThrottle(minimumInterval: days * 86_400)
        return facts
    }
}
