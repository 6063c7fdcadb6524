/// The categories of the demo roastery's catalogue.
public enum DemoCategory: String, CaseIterable, Sendable {
    /// Roasted coffee: the consumable most customers come back for.
    case coffee
    /// Grinders, brewers, kettles, scales.
    case equipment
    /// Filters and cleaning supplies (consumable), mugs and tools.
    case accessories
    /// Prepaid coffee subscriptions.
    case subscriptions
    /// Gift cards, delivered by e-mail.
    case giftCards = "gift-cards"
    /// T-shirts, hoodies, caps: the items returned for size.
    case apparel

    /// Share of order lines in this category on a customer's first order.
    var firstOrderWeight: Double {
        switch self {
        case .coffee: return 0.48
        case .equipment: return 0.15
        case .accessories: return 0.17
        case .subscriptions: return 0.05
        case .giftCards: return 0.05
        case .apparel: return 0.10
        }
    }

    /// Share on repeat orders: consumables (coffee, filters, cleaning) dominate.
    var repeatOrderWeight: Double {
        switch self {
        case .coffee: return 0.66
        case .equipment: return 0.06
        case .accessories: return 0.16
        case .subscriptions: return 0.04
        case .giftCards: return 0.03
        case .apparel: return 0.05
        }
    }

    /// Gift cards are sold tax-free, never discounted, and delivered by e-mail.
    var isPhysical: Bool { self != .giftCards }
    /// Whether a line can come back in a return.
    var isReturnable: Bool { self != .giftCards && self != .subscriptions }
}

/// One product of the demo catalogue, priced in US cents.
struct DemoItem: Sendable {
    let sku: String
    let title: String
    let category: DemoCategory
    let usdCents: Int64
    /// Relative popularity within the category.
    let popularity: Double
    /// Used up and bought again (coffee, filters, cleaning supplies).
    let consumable: Bool
}

/// The catalogue of a specialty-coffee roaster: 50 products in six categories.
enum DemoCatalogue {
    private static func item(
        _ sku: String, _ title: String, _ category: DemoCategory, _ usdCents: Int64, _ popularity: Double,
        consumable: Bool = false
    ) -> DemoItem {
        DemoItem(
            sku: sku, title: title, category: category, usdCents: usdCents, popularity: popularity,
            consumable: consumable)
    }

    /// The products: SKU, title, category, price in US cents, relative popularity.
    static let items: [DemoItem] = [
        // Coffee, 12 oz (340 g) bags unless said otherwise.
        item("COF-ETH-YIR", "Ethiopia Yirgacheffe, 12 oz", .coffee, 1899, 9, consumable: true),
        item("COF-KEN-NYE", "Kenya Nyeri AA, 12 oz", .coffee, 2099, 6, consumable: true),
        item("COF-COL-HUI", "Colombia Huila, 12 oz", .coffee, 1699, 10, consumable: true),
        item("COF-BRA-CER", "Brazil Cerrado, 12 oz", .coffee, 1499, 8, consumable: true),
        item("COF-GUA-ANT", "Guatemala Antigua, 12 oz", .coffee, 1799, 7, consumable: true),
        item("COF-SUM-MAN", "Sumatra Mandheling, 12 oz", .coffee, 1799, 5, consumable: true),
        item("COF-CRI-TAR", "Costa Rica Tarrazú, 12 oz", .coffee, 1899, 5, consumable: true),
        item("COF-RWA-KIV", "Rwanda Lake Kivu, 12 oz", .coffee, 1999, 4, consumable: true),
        item("COF-HSE-ESP", "House Espresso Blend, 12 oz", .coffee, 1599, 12, consumable: true),
        item("COF-HSE-BRK", "Breakfast Blend, 12 oz", .coffee, 1499, 10, consumable: true),
        item("COF-DEC-SWP", "Swiss Water Decaf, 12 oz", .coffee, 1699, 4, consumable: true),
        item("COF-ESP-2LB", "House Espresso Blend, 2 lb", .coffee, 4299, 4, consumable: true),
        item("COF-PAN-GEI", "Panama Geisha, 4 oz", .coffee, 3499, 1.5, consumable: true),
        item("COF-SMP-TRI", "Single-Origin Sampler, 3 x 4 oz", .coffee, 2499, 5, consumable: true),
        item("COF-CLD-BRW", "Cold Brew Packs, 4 pack", .coffee, 1599, 3, consumable: true),
        // Equipment.
        item("EQP-GRD-BUR", "Conical Burr Grinder", .equipment, 24_900, 3),
        item("EQP-GRD-HND", "Hand Grinder", .equipment, 8900, 5),
        item("EQP-ESP-HOM", "Home Espresso Machine", .equipment, 69_900, 1),
        item("EQP-KET-GOO", "Gooseneck Kettle", .equipment, 7900, 5),
        item("EQP-KET-ELE", "Electric Gooseneck Kettle", .equipment, 14_900, 4),
        item("EQP-BRW-V60", "Ceramic Pour-Over Dripper", .equipment, 2800, 9),
        item("EQP-BRW-FRP", "French Press, 1 L", .equipment, 4500, 7),
        item("EQP-BRW-AER", "AeroPress Coffee Maker", .equipment, 3999, 8),
        item("EQP-BRW-CHX", "Glass Pour-Over Carafe, 8 cup", .equipment, 4900, 6),
        item("EQP-BRW-DRP", "Thermal Drip Brewer", .equipment, 17_900, 2.5),
        item("EQP-SCL-DIG", "Digital Brew Scale", .equipment, 5500, 6),
        item("EQP-MLK-FRO", "Milk Frother", .equipment, 3900, 4),
        // Accessories and supplies.
        item("ACC-FLT-100", "Paper Filters, 100 count", .accessories, 899, 10, consumable: true),
        item("ACC-FLT-BND", "Bonded Carafe Filters, 100 count", .accessories, 1199, 5, consumable: true),
        item("ACC-CLN-TAB", "Espresso Cleaning Tablets", .accessories, 1499, 4, consumable: true),
        item("ACC-DSC-SOL", "Descaling Solution", .accessories, 1299, 4, consumable: true),
        item("ACC-MUG-CER", "Stoneware Mug, 12 oz", .accessories, 2200, 8),
        item("ACC-MUG-TRV", "Insulated Travel Mug", .accessories, 3200, 6),
        item("ACC-CAN-VAC", "Vacuum Coffee Canister", .accessories, 3400, 4),
        item("ACC-TMP-058", "Espresso Tamper, 58 mm", .accessories, 4500, 2),
        item("ACC-PCH-350", "Milk Pitcher, 350 ml", .accessories, 2400, 3),
        item("ACC-BRS-GRD", "Grinder Brush", .accessories, 1200, 3),
        item("ACC-CUP-ESP", "Espresso Cups, set of 2", .accessories, 2800, 3),
        // Subscriptions (prepaid) and gift cards.
        item("SUB-CLB-03M", "Roaster's Choice Subscription, 3 months", .subscriptions, 5400, 5, consumable: true),
        item("SUB-CLB-06M", "Roaster's Choice Subscription, 6 months", .subscriptions, 10_200, 3, consumable: true),
        item("SUB-CLB-12M", "Roaster's Choice Subscription, 12 months", .subscriptions, 19_200, 1.5, consumable: true),
        item("GFT-CRD-025", "Gift Card, $25", .giftCards, 2500, 5),
        item("GFT-CRD-050", "Gift Card, $50", .giftCards, 5000, 4),
        item("GFT-CRD-100", "Gift Card, $100", .giftCards, 10_000, 1.5),
        // Apparel.
        item("APP-TEE-LOG", "Logo T-Shirt", .apparel, 2800, 8),
        item("APP-HOD-ROA", "Roaster Hoodie", .apparel, 5800, 5),
        item("APP-CAP-CAN", "Canvas Cap", .apparel, 2600, 4),
        item("APP-APR-BAR", "Barista Apron", .apparel, 3900, 3),
        item("APP-TOT-CAN", "Canvas Tote Bag", .apparel, 1800, 4),
        item("APP-SOK-BEA", "Coffee Bean Socks", .apparel, 1400, 4),
    ]

    /// Indices of `items` per category, in `DemoCategory.allCases` order.
    static let byCategory: [[Int]] = DemoCategory.allCases.map { category in
        items.indices.filter { items[$0].category == category }
    }

    /// Indices of the coffees, from which a customer's favourite is drawn.
    static let coffees: [Int] = byCategory[0]
    static let coffeeWeights = DemoWeights(coffees.map { items[$0].popularity })

    static let firstOrderCategories = DemoWeights(DemoCategory.allCases.map(\.firstOrderWeight))
    static let repeatOrderCategories = DemoWeights(DemoCategory.allCases.map(\.repeatOrderWeight))
    /// In the café: no subscriptions, fewer gift cards.
    static let storeCategories = DemoWeights(
        DemoCategory.allCases.map { $0 == .subscriptions ? 0 : $0 == .giftCards ? 0.02 : $0.firstOrderWeight })
}

/// Prices in the store's currency, converted from US cents with approximate exchange rates and
/// rounded to price points a shop would use (x.99 stays x.99, whole amounts stay whole).
enum DemoPricing {
    /// Approximate units of the currency per US dollar; other currencies reuse the dollar figures.
    static func rate(for currency: Currency) -> Double {
        switch currency.code {
        case "USD": return 1
        case "EUR": return 0.92
        case "GBP": return 0.79
        case "CAD": return 1.37
        case "AUD": return 1.52
        case "CHF": return 0.88
        case "JPY": return 150
        case "SEK", "NOK": return 10.5
        case "DKK": return 6.9
        default: return 1
        }
    }

    /// `usdCents` in minor units of `currency`, at a plausible price point.
    static func convert(_ usdCents: Int64, to currency: Currency) -> Int64 {
        let rate = rate(for: currency)
        let perMajor = currency.minorUnitsPerMajor
        if rate == 1 && currency.exponent == 2 { return usdCents }
        let major = Double(usdCents) / 100 * rate
        if currency.exponent == 0 {
            return max(10, Int64((major / 10).rounded()) * 10)
        }
        if usdCents % 100 == 99 {
            let whole = Int64(major.rounded(.up))
            return max(1, whole) * perMajor - 1
        }
        return max(1, Int64(major.rounded())) * perMajor
    }
}
