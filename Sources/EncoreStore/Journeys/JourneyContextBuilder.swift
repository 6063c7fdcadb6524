import EncoreCore
import EncoreJourneys
import Foundation

/// What a journey context is built from: the records of one customer and subject at one moment.
struct JourneyContextInputs {
    var store: Store
    var customer: Customer?
    var tags: [String] = []
    var ordersCount: Int64 = 0
    var totalSpent: Money?
    var lastOrderAt: Timestamp?
    var order: Order?
    var shipment: ShipmentSummary?
    /// "You may also like", best first (`RecommendedProduct.picks`).
    var recommendations: [RecommendedProduct] = []
    /// The last predictions refresh's figures and segments (none before the first refresh).
    var prediction: StoredPrediction?
    var eventType: String?
    var eventPayload: String?
    var links: [String: String] = [:]
    var now: Timestamp
}

/// The latest shipment of an order, as journeys read it.
struct ShipmentSummary: Sendable {
    var carrier: String?
    var trackingNumber: String?
    var estimatedDelivery: Timestamp?
    var status: String?
}

/// Builds the `ContextValue` that journey conditions and templates read (docs/JOURNEYS.md's
/// context table) from stored records. Pure.
enum JourneyContextBuilder {
    static func build(_ inputs: JourneyContextInputs) -> ContextValue {
        var root: [String: ContextValue] = [:]
        let settings = inputs.store.settings
        var store: [String: ContextValue] = ["name": .string(settings.displayName ?? inputs.store.name)]
        store["url"] = settings.url.map(ContextValue.string)
        store["logo_url"] = settings.logoURL.map(ContextValue.string)
        store["brand_colour"] = settings.brandColour.map(ContextValue.string)
        store["support_email"] = (settings.supportEmail ?? settings.senderEmail).map(ContextValue.string)
        root["store"] = .object(store)

        if let customer = inputs.customer {
            var fields: [String: ContextValue] = [:]
            fields["first_name"] = customer.firstName.map(ContextValue.string)
            fields["last_name"] = customer.lastName.map(ContextValue.string)
            let name = [customer.firstName, customer.lastName].compactMap { $0 }.joined(separator: " ")
            if !name.isEmpty { fields["name"] = .string(name) }
            fields["email"] = customer.email.map(ContextValue.string)
            fields["phone"] = customer.phone.map(ContextValue.string)
            fields["locale"] = customer.locale.map(ContextValue.string)
            fields["time_zone"] = .string(customer.timeZone ?? inputs.store.timeZone)
            fields["tags"] = .list(inputs.tags.map(ContextValue.string))
            fields["orders_count"] = .integer(inputs.ordersCount)
            fields["total_spent"] = .money(inputs.totalSpent ?? Money(minorUnits: 0, currency: inputs.store.currency))
            if let last = inputs.lastOrderAt {
                let days = max(0, (inputs.now.millisecondsSinceEpoch - last.millisecondsSinceEpoch) / 86_400_000)
                fields["days_since_last_order"] = .integer(days)
            }
            if let prediction = inputs.prediction {
                let zone = TimeZone(identifier: inputs.store.timeZone) ?? TimeZone(identifier: "UTC")!
                fields.merge(
                    SegmentFields.predictionValues(
                        prediction, today: LocalDay.of(inputs.now, in: zone), currency: inputs.store.currency)
                ) { $1 }
                fields["segments"] = .list(prediction.segments.map(ContextValue.string))
            } else {
                fields["segments"] = .list([])
            }
            root["customer"] = .object(fields)
        }

        if let order = inputs.order {
            func money(_ minor: Int64) -> ContextValue { .money(Money(minorUnits: minor, currency: order.currency)) }
            var fields: [String: ContextValue] = [
                "id": .string(order.key), "number": .string(order.number ?? order.key),
                "placed_at": .time(order.placedAt), "currency": .string(order.currency.code),
                "subtotal": money(order.subtotal), "discount": money(order.discounts), "tax": money(order.tax),
                "shipping": money(order.shipping), "total": money(order.total), "channel": .string(order.channel.rawValue),
            ]
            fields["lines"] = .list(
                order.lines.map { line in
                    var l: [String: ContextValue] = [
                        "title": .string(line.title), "quantity": .integer(line.quantity),
                        "unit_price": money(line.unitPrice), "total": money(line.total),
                    ]
                    l["sku"] = line.sku.map(ContextValue.string)
                    l["category"] = line.category.map(ContextValue.string)
                    return .object(l)
                })
            var seen = Set<String>()
            let categories = order.lines.compactMap(\.category).filter { seen.insert($0).inserted }
            fields["categories"] = .list(categories.map(ContextValue.string))
            root["order"] = .object(fields)
        }

        if let shipment = inputs.shipment {
            var fields: [String: ContextValue] = [:]
            fields["carrier"] = shipment.carrier.map(ContextValue.string)
            fields["tracking_number"] = shipment.trackingNumber.map(ContextValue.string)
            fields["status"] = shipment.status.map(ContextValue.string)
            fields["estimated_delivery"] = shipment.estimatedDelivery.map(ContextValue.time)
            if let url = trackingURL(carrier: shipment.carrier, number: shipment.trackingNumber) {
                fields["tracking_url"] = .string(url)
            }
            root["shipment"] = .object(fields)
        }

        if let type = inputs.eventType {
            var payload: ContextValue = .object([:])
            if let text = inputs.eventPayload, let node = try? JSONParser.parse(Array(text.utf8)) {
                payload = contextValue(node)
            }
            root["event"] = .object(["type": .string(type), "payload": payload])
        }
        root["links"] = .object(inputs.links.mapValues(ContextValue.string))
        // The catalogue keeps no product URLs, so a recommendation has no `url`.
        root["recommendations"] = .list(
            inputs.recommendations.map { .object(["sku": .string($0.sku), "title": .string($0.title)]) })
        return .object(root)
    }

    /// JSON as context: integers stay integers, other numbers keep their exact text.
    static func contextValue(_ node: JSONNode) -> ContextValue {
        switch node {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let text): return Int64(text).map(ContextValue.integer) ?? .decimal(text)
        case .string(let s): return .string(s)
        case .array(let items): return .list(items.map(contextValue))
        case .object(let members):
            var fields: [String: ContextValue] = [:]
            for (key, value) in members { fields[key] = contextValue(value) }
            return .object(fields)
        }
    }

    /// The public tracking page of the common carriers; nil for others.
    static func trackingURL(carrier: String?, number: String?) -> String? {
        guard let carrier, let number, !number.isEmpty,
            let encoded = number.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        else { return nil }
        switch carrier.lowercased() {
        case "ups": return "https://www.ups.com/track?tracknum=\(encoded)"
        case "usps": return "https://tools.usps.com/go/TrackConfirmAction?tLabels=\(encoded)"
        case "fedex": return "https://www.fedex.com/fedextrack/?trknbr=\(encoded)"
        case "dhl": return "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id=\(encoded)"
        default: return nil
        }
    }
}
