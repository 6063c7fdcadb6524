import EncoreCore

/// The body of POST /v1/shipments: a shipment with timeline checkpoints, or a single tracking update
/// (`status` and `at` at the top level). Checkpoints are merged into what is stored.
struct ShipmentPayload: Decodable {
    struct CheckpointPayload: Decodable {
        var status: String
        var at: String
        var location: String?
        var message: String?
    }

    var id: FlexibleID
    var order_id: FlexibleID
    var carrier: String?
    var tracking_number: String?
    var estimated_delivery: String?
    var checkpoints: [CheckpointPayload]?
    var status: String?
    var at: String?
    var location: String?
    var message: String?

    func domain(store: Store) throws -> Shipment {
        var checkpoints: [ShipmentCheckpoint] = []
        func checkpoint(_ status: String, _ at: String?, _ location: String?, _ message: String?, _ path: String) throws
            -> ShipmentCheckpoint
        {
            guard let value = ShipmentStatus(rawValue: status) else {
                throw FieldError(
                    field: "\(path)status",
                    reason: "must be one of: \(ShipmentStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return ShipmentCheckpoint(
                status: value, at: try Converter.time(at, "\(path)at")!,
                location: try Converter.text(location, "\(path)location"),
                message: try Converter.text(message, "\(path)message"))
        }
        for (index, item) in (self.checkpoints ?? []).enumerated() {
            checkpoints.append(try checkpoint(item.status, item.at, item.location, item.message, "checkpoints[\(index)]."))
        }
        if let status {
            checkpoints.append(try checkpoint(status, at, location, message, ""))
        }
        guard checkpoints.count <= 200 else { throw FieldError(field: "checkpoints", reason: "at most 200 per request") }
        return Shipment(
            storeID: store.id, key: id.value, orderKey: order_id.value,
            carrier: try Converter.text(carrier, "carrier", max: 64),
            trackingNumber: try Converter.text(tracking_number, "tracking_number", max: 128),
            estimatedDelivery: try Converter.time(estimated_delivery, "estimated_delivery", required: false),
            checkpoints: checkpoints)
    }
}

/// The body of POST /v1/refunds: a full or partial refund, per line where known.
struct RefundPayload: Decodable {
    struct LinePayload: Decodable {
        var line_id: FlexibleID
        var quantity: Int64
        var amount: String
    }

    var id: FlexibleID
    var order_id: FlexibleID
    var amount: String
    var currency: String?
    var reason: String?
    var created_at: String
    var lines: [LinePayload]?

    func domain(store: Store) throws -> Refund {
        let currency = try Converter.currency(self.currency, "currency", default: store.currency)
        let convert = Converter(currency: currency)
        let lines = try (self.lines ?? []).enumerated().map { index, line in
            RefundLine(
                lineKey: line.line_id.value, quantity: try Converter.quantity(line.quantity, "lines[\(index)].quantity"),
                amount: try convert.amount(line.amount, "lines[\(index)].amount")!)
        }
        return Refund(
            storeID: store.id, key: id.value, orderKey: order_id.value, amount: try convert.amount(amount, "amount")!,
            currency: currency, reason: try Converter.text(reason, "reason"),
            createdAt: try Converter.time(created_at, "created_at")!, lines: lines)
    }
}

/// The body of POST /v1/returns: a return request or a status change of one.
struct ReturnPayload: Decodable {
    struct LinePayload: Decodable {
        var line_id: FlexibleID
        var quantity: Int64
        var reason: String?
    }

    var id: FlexibleID
    var order_id: FlexibleID
    var status: String
    var reason: String?
    var requested_at: String
    var lines: [LinePayload]

    func domain(store: Store) throws -> Return {
        guard !lines.isEmpty else { throw FieldError(field: "lines", reason: "must have at least one line") }
        let status = try enumValue(ReturnStatus.self, status, "status")!
        let lines = try self.lines.enumerated().map { index, line in
            let quantity = try Converter.quantity(line.quantity, "lines[\(index)].quantity")
            guard quantity > 0 else { throw FieldError(field: "lines[\(index)].quantity", reason: "must be at least 1") }
            return ReturnLine(
                lineKey: line.line_id.value, quantity: quantity,
                reason: try Converter.text(line.reason, "lines[\(index)].reason"))
        }
        return Return(
            storeID: store.id, key: id.value, orderKey: order_id.value, status: status,
            reason: try Converter.text(reason, "reason"), requestedAt: try Converter.time(requested_at, "requested_at")!,
            lines: lines)
    }
}
