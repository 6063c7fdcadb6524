/// The normalized statuses of a parcel, whatever the carrier calls them.
public enum ShipmentStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case labelCreated = "label_created"
    case inTransit = "in_transit"
    case outForDelivery = "out_for_delivery"
    case delivered
    case failedAttempt = "failed_attempt"
    case exception
    case returnedToSender = "returned_to_sender"

    /// Maps Shopify's `shipment_status` values (and common carrier words) to a normalized status.
    public static func normalizing(_ raw: String) -> ShipmentStatus? {
        switch raw.lowercased() {
        case "label_created", "label_printed", "label_purchased", "confirmed", "pre_transit", "info_received":
            return .labelCreated
        case "in_transit", "transit", "picked_up", "ready_for_pickup": return .inTransit
        case "out_for_delivery": return .outForDelivery
        case "delivered": return .delivered
        case "failed_attempt", "attempted_delivery": return .failedAttempt
        case "exception", "failure", "delayed", "carrier_exception": return .exception
        case "returned_to_sender", "returned", "return_to_sender": return .returnedToSender
        default: return nil
        }
    }
}

/// One checkpoint of a shipment's timeline.
public struct ShipmentCheckpoint: Hashable, Sendable {
    public var status: ShipmentStatus
    public var at: Timestamp
    public var location: String?
    public var message: String?

    public init(status: ShipmentStatus, at: Timestamp, location: String? = nil, message: String? = nil) {
        self.status = status
        self.at = at
        self.location = location
        self.message = message
    }
}

/// A parcel of an order. Upserting a shipment merges its timeline: checkpoints are only ever added.
public struct Shipment: Hashable, Sendable {
    public var storeID: StoreID
    public var key: String
    public var orderKey: String
    public var carrier: String?
    public var trackingNumber: String?
    public var estimatedDelivery: Timestamp?
    public var checkpoints: [ShipmentCheckpoint]

    public init(
        storeID: StoreID, key: String, orderKey: String, carrier: String? = nil, trackingNumber: String? = nil,
        estimatedDelivery: Timestamp? = nil, checkpoints: [ShipmentCheckpoint] = []
    ) {
        self.storeID = storeID
        self.key = key
        self.orderKey = orderKey
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.estimatedDelivery = estimatedDelivery
        self.checkpoints = checkpoints
    }

    /// The latest checkpoint's status, or nil for an empty timeline.
    public var status: ShipmentStatus? {
        checkpoints.max(by: { $0.at < $1.at })?.status
    }
}
