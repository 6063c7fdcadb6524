import EncoreCore
import EncoreJourneys
import Foundation

/// A context like the one the worker builds for an order (as in the template tests): money in two
/// currencies, times, lists, values that are attacks on HTML and headers.
public enum FuzzContext {
    static func usd(_ minor: Int64) -> ContextValue { .money(Money(minorUnits: minor, currency: .usd)) }
    static func kwd(_ minor: Int64) -> ContextValue { .money(Money(minorUnits: minor, currency: .kwd)) }

    public static let placedAt = Timestamp(millisecondsSinceEpoch: 1_772_564_700_000)
    public static let zones = [
        TimeZone(identifier: "America/New_York")!, TimeZone(identifier: "Asia/Tokyo")!, TimeZone(identifier: "UTC")!,
        TimeZone(identifier: "Asia/Kathmandu")!,
    ]
    public static let locales: [String?] = [nil, "en-US", "fr-FR", "ja", "", "x-invalid-@@"]

    static func line(_ title: String, quantity: Int64, unit: ContextValue, total: ContextValue) -> ContextValue {
        .object([
            "sku": .string("SKU-\(quantity)"), "title": .string(title), "category": .string("coffee"),
            "quantity": .integer(quantity), "unit_price": unit, "total": total,
        ])
    }

    public static let order: ContextValue = .object([
        "store": .object([
            "name": .string("Northside Coffee"), "url": .string("https://northside.example"),
            "logo_url": .string("https://northside.example/logo.png"), "brand_colour": .string("#8a4b2a"),
            "support_email": .string("help@northside.example"),
        ]),
        "customer": .object([
            "first_name": .string("<script>alert(1)</script>Ana"), "last_name": .string("Díaz"),
            "name": .string("Ana Díaz"), "email": .string("ana@example.com"), "phone": .null,
            "time_zone": .string("America/New_York"), "orders_count": .integer(1),
            "total_spent": usd(123_450), "days_since_last_order": .integer(120), "score": .decimal("4.5"),
        ]),
        "order": .object([
            "id": .string("o-1"), "number": .string("1001\r\nBcc: evil@example.com"), "placed_at": .time(placedAt),
            "currency": .string("USD"), "subtotal": usd(124_450), "discount": usd(1_000), "tax": kwd(-1_234),
            "shipping": usd(0), "total": usd(Int64.max), "channel": .string("web"),
            "categories": .list([.string("coffee"), .string("equipment")]),
            "lines": .list([
                line("Ethiopia Yirgacheffe, 12 oz", quantity: 2, unit: usd(1_899), total: usd(3_798)),
                line("Burr Grinder <Pro>", quantity: 1, unit: usd(120_652), total: usd(-5)),
            ]),
        ]),
        "shipment": .object([
            "carrier": .string("UPS"), "tracking_number": .string("1Z999"), "status": .string("in_transit"),
            // Year 0, which ISO8601.parse accepts (a Shopify estimated_delivery_at of 0000-01-01).
            "estimated_delivery": .time(Timestamp(millisecondsSinceEpoch: -62_167_219_200_000)),
            "tracking_url": .string("https://ups.example/track?n=1Z999"),
        ]),
        "event": .object([
            "type": .string("feedback.nps"),
            "payload": .object(["score": .integer(4), "comment": .string("Box <b>crushed</b>"), "nested": .list([.null, .bool(true)])]),
        ]),
        "links": .object([
            "receipt": .string("https://encore.example/r/abc?sig=1&x=2"),
            "unsubscribe": .string("https://encore.example/u/UNSUB-TOKEN"),
            "preferences": .string("https://encore.example/p/PREF-TOKEN"),
            "review": .string("https://encore.example/review/REV-TOKEN"),
            "nps": .string("https://encore.example/nps/NPS-TOKEN"),
        ]),
        "recommendations": .list([
            .object(["sku": .string("MUG"), "title": .string("<b>Mug</b> & saucer")]),
            .object(["sku": .string("FILTERS"), "title": .string("Paper filters")]),
        ]),
        "message": .object(["marketing": .bool(true)]),
    ])
}
