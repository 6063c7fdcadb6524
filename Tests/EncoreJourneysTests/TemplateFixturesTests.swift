import EncoreCore
import EncoreJourneys
import Foundation

/// Sample contexts shared by the template and default-journey tests (no tests of its own).
enum TemplateFixtures {
    /// 2026-03-03T19:05:00Z: 2:05 PM in New York, 4:05 AM on the 4th in Tokyo.
    static let placedAt = Timestamp(millisecondsSinceEpoch: 1_772_564_700_000)
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    static func usd(_ minor: Int64) -> ContextValue { .money(Money(minorUnits: minor, currency: .usd)) }
    static func jpy(_ minor: Int64) -> ContextValue { .money(Money(minorUnits: minor, currency: .jpy)) }

    static func line(_ title: String, category: String, quantity: Int64, unit: ContextValue, total: ContextValue)
        -> ContextValue
    {
        .object([
            "sku": .string("SKU-\(quantity)"), "title": .string(title), "category": .string(category),
            "quantity": .integer(quantity), "unit_price": unit, "total": total,
        ])
    }

    static let store: ContextValue = .object([
        "name": .string("Northside Coffee"), "url": .string("https://northside.example"),
        "logo_url": .string("https://northside.example/logo.png"), "brand_colour": .string("#8a4b2a"),
        "support_email": .string("help@northside.example"),
    ])

    static func links(_ marketing: Bool) -> ContextValue {
        .object([
            "receipt": .string("https://encore.example/r/abc?sig=1&x=2"),
            "unsubscribe": .string("https://encore.example/u/UNSUB-TOKEN"),
            "preferences": .string("https://encore.example/p/PREF-TOKEN"),
            "review": .string("https://encore.example/review/REV-TOKEN"),
            "nps": .string("https://encore.example/nps/NPS-TOKEN"),
        ])
    }

    /// A USD order with two lines for a customer whose name is an attack.
    static func usdOrder(marketing: Bool = false) -> ContextValue {
        .object([
            "store": store,
            "customer": .object([
                "first_name": .string("<script>alert(1)</script>Ana"), "last_name": .string("Díaz"),
                "name": .string("Ana Díaz"), "email": .string("ana@example.com"),
                "time_zone": .string("America/New_York"), "orders_count": .integer(1),
                "total_spent": usd(123_450), "days_since_last_order": .integer(120),
            ]),
            "order": .object([
                "id": .string("o-1"), "number": .string("1001\r\nBcc: evil@example.com"), "placed_at": .time(placedAt),
                "currency": .string("USD"), "subtotal": usd(124_450), "discount": usd(1_000), "tax": usd(0),
                "shipping": usd(0), "total": usd(123_450), "channel": .string("web"),
                "categories": .list([.string("coffee"), .string("equipment")]),
                "lines": .list([
                    line("Ethiopia Yirgacheffe, 12 oz", category: "coffee", quantity: 2, unit: usd(1_899), total: usd(3_798)),
                    line("Burr Grinder <Pro>", category: "equipment", quantity: 1, unit: usd(120_652), total: usd(120_652)),
                ]),
            ]),
            "shipment": .object([
                "carrier": .string("UPS"), "tracking_number": .string("1Z999"), "status": .string("in_transit"),
                "estimated_delivery": .time(Timestamp(millisecondsSinceEpoch: 1_772_773_200_000)),
                "tracking_url": .string("https://ups.example/track?n=1Z999"),
            ]),
            "event": .object(["type": .string("feedback.nps"), "payload": .object(["score": .integer(4), "comment": .string("Box <b>crushed</b>")])]),
            "links": links(marketing),
            "resource": .object([
                "title": .string("Brewing your first pour-over"), "url": .string("https://northside.example/guides/pour-over"),
                "summary": .string("Ten minutes, one kettle, a better cup."),
            ]),
            "recommendations": .list([
                .object(["sku": .string("MUG"), "title": .string("<b>Mug</b> & saucer")]),
                .object(["sku": .string("FILTERS"), "title": .string("Paper filters")]),
            ]),
            "message": .object(["marketing": .bool(marketing)]),
        ])
    }

    /// A JPY order with one line.
    static func jpyOrder(marketing: Bool = false) -> ContextValue {
        .object([
            "store": store,
            "customer": .object(["first_name": .string("Yui"), "time_zone": .string("Asia/Tokyo")]),
            "order": .object([
                "id": .string("o-2"), "number": .string("2002"), "placed_at": .time(placedAt),
                "currency": .string("JPY"), "subtotal": jpy(1_235), "discount": jpy(0), "tax": jpy(0),
                "shipping": jpy(0), "total": jpy(1_235), "channel": .string("web"),
                "categories": .list([.string("coffee")]),
                "lines": .list([line("Kenya Nyeri AA", category: "coffee", quantity: 1, unit: jpy(1_235), total: jpy(1_235))]),
            ]),
            "recommendations": .list([]),
            "links": links(marketing),
            "message": .object(["marketing": .bool(marketing)]),
        ])
    }
}
