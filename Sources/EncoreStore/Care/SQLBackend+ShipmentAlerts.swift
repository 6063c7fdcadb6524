import EncoreCore

/// A shipment that needs a person: past its estimated delivery and not delivered, or stuck in
/// a carrier exception, with no ticket for it yet.
public struct ShipmentAlert: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case delayed, exception
    }
    public var kind: Kind
    public var storeID: StoreID
    public var shipmentKey: String
    public var orderKey: String
    public var customerKey: String?
    public var estimatedDelivery: Timestamp?

    /// The ticket's source reference: one ticket per shipment and kind.
    public var reference: String { "\(kind.rawValue):\(shipmentKey)" }
}

extension SQLBackend {
    public func shipmentAlerts(now: Timestamp, limit: Int) async throws -> [ShipmentAlert] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT 'delayed', s.store_id, s.shipment_key, s.order_key, o.customer_key, s.estimated_delivery
                FROM shipments s JOIN orders o ON o.store_id = s.store_id AND o.order_key = s.order_key
                WHERE s.status IN ('label_created', 'in_transit', 'out_for_delivery', 'failed_attempt')
                AND s.estimated_delivery < ? AND o.origin = 'live' AND o.cancelled_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.store_id = s.store_id AND t.source = 'shipment'
                    AND t.source_ref = 'delayed:' || s.shipment_key)
                LIMIT ?
                """, [.int(now.millisecondsSinceEpoch), .int(Int64(limit))]),
            SQLStatement(
                """
                SELECT 'exception', s.store_id, s.shipment_key, s.order_key, o.customer_key, s.estimated_delivery
                FROM shipments s JOIN orders o ON o.store_id = s.store_id AND o.order_key = s.order_key
                WHERE s.status = 'exception' AND o.origin = 'live'
                AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.store_id = s.store_id AND t.source = 'shipment'
                    AND t.source_ref = 'exception:' || s.shipment_key)
                LIMIT ?
                """, [.int(Int64(limit))]),
        ])
        return (rows[0] + rows[1]).map {
            ShipmentAlert(
                kind: ShipmentAlert.Kind(rawValue: $0.text(0)) ?? .delayed, storeID: $0.int(1), shipmentKey: $0.text(2),
                orderKey: $0.text(3), customerKey: $0.optionalText(4),
                estimatedDelivery: $0.optionalInt(5).map(Timestamp.init(millisecondsSinceEpoch:)))
        }
    }

    public func raiseShipmentAlert(_ alert: ShipmentAlert, event: NewEvent?, ticket: NewTicket, now: Timestamp) async throws {
        let dialect = self.dialect
        _ = try await transaction(locks: AdvisoryLocks(storeID: alert.storeID, keys: [Self.ticketNumberLock]), reads: []) { _ in
            ((event.map { [Self.eventInsert($0, now: now)] } ?? []) + Self.ticketInserts(ticket, dialect: dialect), ())
        }
    }
}
