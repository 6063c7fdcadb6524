import EncoreCore
import EncoreStore
import Logging
import ServiceLifecycle

/// Watches deliveries until shutdown: a shipment past its estimated delivery (and not
/// delivered) gets a `shipment.delayed` event, which starts the apology journey, and a ticket;
/// a shipment in a carrier exception gets a ticket (its own event already started the journey).
/// Each shipment is flagged once per kind, whichever process sees it first.
public struct ShipmentCareService: Service {
    let storage: any EncoreStorage
    let clock: any Clock
    let interval: Duration
    let logger: Logger

    public init(
        storage: any EncoreStorage, clock: any Clock = SystemClock(), interval: Duration = .seconds(60),
        logger: Logger = Logger(label: "encore.care")
    ) {
        self.storage = storage
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await repeatUntilShutdown(every: interval, logger: logger, failure: "shipment sweep failed; retrying") {
            let flagged = try await sweep(now: clock.now())
            if flagged > 0 { logger.info("flagged late or troubled shipments", metadata: ["count": "\(flagged)"]) }
        }
    }

    /// One pass; returns how many shipments were flagged.
    public func sweep(now: Timestamp, limit: Int = 200) async throws -> Int {
        let alerts = try await storage.shipmentAlerts(now: now, limit: limit)
        var stores: [StoreID: Store] = [:]
        for alert in alerts {
            if stores[alert.storeID] == nil { stores[alert.storeID] = try await storage.store(id: alert.storeID) }
            guard let store = stores[alert.storeID] else { continue }
            var customer: Customer?
            if let key = alert.customerKey {
                customer = try await storage.customer(storeID: store.id, key: key, eventLimit: 0)?.customer
            }
            let order = try await storage.order(storeID: store.id, key: alert.orderKey)?.order
            let number = order?.number ?? alert.orderKey
            var event: NewEvent?
            let subject: String
            let body: String
            switch alert.kind {
            case .delayed:
                subject = "Late delivery: order \(number)"
                body = "Shipment \(alert.shipmentKey) was due \(alert.estimatedDelivery?.iso8601 ?? "earlier") and is not delivered. The apology journey has started; check with the carrier."
                event = NewEvent(
                    storeID: store.id, type: "shipment.delayed", customerKey: alert.customerKey, orderKey: alert.orderKey,
                    occurredAt: now,
                    payload: JSONText.render([
                        ("shipment_id", .string(alert.shipmentKey)), ("order_id", .string(alert.orderKey)),
                        ("estimated_delivery", alert.estimatedDelivery.map { .string($0.iso8601) } ?? .null),
                    ]), idempotencyKey: "shipment.delayed:\(alert.shipmentKey)")
            case .exception:
                subject = "Delivery problem: order \(number)"
                body = "The carrier reported an exception for shipment \(alert.shipmentKey). Contact the customer before they contact you."
            }
            let ticket = CareService.newTicket(
                store: store, customer: customer, orderKey: alert.orderKey, subject: subject, body: body, author: "encore",
                priority: .high, source: .shipment, sourceRef: alert.reference, now: now)
            try await storage.raiseShipmentAlert(alert, event: event, ticket: ticket, now: now)
        }
        return alerts.count
    }
}
