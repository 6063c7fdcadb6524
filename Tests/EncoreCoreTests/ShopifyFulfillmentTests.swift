import Testing

@testable import EncoreCore

@Suite struct ShopifyFulfillmentTests {
    typealias F = ShopifyFixtures

    @Test func fulfillmentsCreateMapsToShipment() throws {
        let batch = try F.batch(.fulfillmentsCreate, F.fulfillmentCreate)
        #expect(batch.storeID == 42 && batch.origin == .live)
        #expect(batch.orders.isEmpty && batch.customers.isEmpty && batch.refunds.isEmpty && batch.events.isEmpty)
        #expect(
            batch.shipments == [
                Shipment(
                    storeID: 42, key: "18446744073709551615", orderKey: "9007199254740993", carrier: "UPS",
                    trackingNumber: "1z827wk74630", estimatedDelivery: nil,
                    checkpoints: [ShipmentCheckpoint(status: .labelCreated, at: F.at("2024-03-02T14:00:00Z"))])
            ])
    }

    @Test func deliveredShipmentStatusGivesDeliveredCheckpoint() throws {
        let shipment = try #require(try F.batch(.fulfillmentsUpdate, F.fulfillmentDelivered).shipments.first)
        #expect(shipment.key == "18446744073709551615")
        #expect(shipment.orderKey == "9007199254740993")
        #expect(shipment.carrier == "Canada Post")
        #expect(shipment.trackingNumber == "7023 4560 0012 3456")  // tracking_number null: tracking_numbers.first
        #expect(shipment.estimatedDelivery == F.at("2024-03-05T02:00:00Z"))
        #expect(
            shipment.checkpoints == [
                ShipmentCheckpoint(status: .labelCreated, at: F.at("2024-03-02T14:00:00Z")),
                ShipmentCheckpoint(status: .delivered, at: F.at("2024-03-04T21:45:00Z")),
            ])
        #expect(shipment.status == .delivered)
    }

    @Test func carrierStatusesAreNormalized() throws {
        let cases: [(raw: String, status: ShipmentStatus?)] = [
            ("in_transit", .inTransit), ("out_for_delivery", .outForDelivery), ("attempted_delivery", .failedAttempt),
            ("ready_for_pickup", .inTransit), ("failure", .exception), ("label_purchased", .labelCreated),
            ("something_new", nil),
        ]
        for (raw, status) in cases {
            let json = F.replacing(
                F.fulfillmentDelivered, #""shipment_status": "delivered""#, #""shipment_status": "\#(raw)""#)
            let shipment = try #require(try F.batch(.fulfillmentsUpdate, json).shipments.first)
            let expected = status.map { [ShipmentCheckpoint(status: $0, at: F.at("2024-03-04T21:45:00Z"))] } ?? []
            #expect(Array(shipment.checkpoints.dropFirst()) == expected, "shipment_status \(raw)")
        }
    }

    @Test func cancelledOrFailedFulfillmentIsAnException() throws {
        for status in ["cancelled", "failure"] {
            var json = F.replacing(F.fulfillmentDelivered, #""status": "success""#, #""status": "\#(status)""#)
            json = F.replacing(json, #""shipment_status": "delivered""#, #""shipment_status": null"#)
            let shipment = try #require(try F.batch(.fulfillmentsUpdate, json).shipments.first)
            #expect(shipment.checkpoints.map(\.status) == [.labelCreated, .exception], "status \(status)")
            #expect(shipment.checkpoints.last?.at == F.at("2024-03-04T21:45:00Z"))
            #expect(shipment.status == .exception)
        }
    }

    @Test func checkpointsAtTheSameInstantAreNotRepeated() throws {
        // Created and updated at the same instant, with a label status: one label_created checkpoint.
        let json = F.replacing(F.fulfillmentCreate, #""shipment_status": null"#, #""shipment_status": "label_printed""#)
        let shipment = try #require(try F.batch(.fulfillmentsCreate, json).shipments.first)
        #expect(shipment.checkpoints == [ShipmentCheckpoint(status: .labelCreated, at: F.at("2024-03-02T14:00:00Z"))])
    }

    @Test func withoutUpdatedAtStatusesAreAtCreatedAt() throws {
        let json = F.replacing(F.fulfillmentDelivered, #""updated_at": "2024-03-04T16:45:00-05:00","#, "")
        let shipment = try #require(try F.batch(.fulfillmentsUpdate, json).shipments.first)
        #expect(shipment.checkpoints.last == ShipmentCheckpoint(status: .delivered, at: F.at("2024-03-02T14:00:00Z")))
    }

    @Test func requiredAndInvalidFields() {
        func error(_ old: String, _ new: String) -> ShopifyPayloadError? {
            F.error(.fulfillmentsUpdate, F.replacing(F.fulfillmentDelivered, old, new))
        }
        #expect(
            error(#""order_id": 9007199254740993,"#, "")
                == ShopifyPayloadError(field: "order_id", reason: "is required"))
        #expect(error(#""id": 18446744073709551615,"#, "") == ShopifyPayloadError(field: "id", reason: "is required"))
        #expect(
            error(#""created_at": "2024-03-02T09:00:00-05:00","#, "")
                == ShopifyPayloadError(field: "created_at", reason: "is required"))
        #expect(
            error(#""estimated_delivery_at": "2024-03-04T21:00:00-05:00""#, #""estimated_delivery_at": "soon""#)?.field
                == "estimated_delivery_at")
        #expect(error(#""tracking_numbers": ["#, #""tracking_numbers": [7, "#)?.field == "tracking_numbers[0]")
        #expect(error(#""order_id": 9007199254740993"#, #""order_id": "9007199254740993""#) == nil)
    }
}
