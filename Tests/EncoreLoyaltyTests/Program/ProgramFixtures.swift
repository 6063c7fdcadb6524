import EncoreCore
import EncoreLoyalty
import Testing

/// The loyalty program suites, grouped so `swift test --filter LoyaltyProgramTests` runs them all.
@Suite enum LoyaltyProgramTests {}

/// Builders shared by the program suites.
enum ProgramFixtures {
    /// The instant of an ISO 8601 text; traps on a typo in a test.
    static func utc(_ iso: String) -> Timestamp {
        guard let value = ISO8601.parse(iso) else { fatalError("bad test timestamp \(iso)") }
        return value
    }

    /// A line of `quantity` units at `unitPrice` minor units.
    static func line(
        _ key: String, sku: String? = nil, category: String? = nil, quantity: Int64 = 1, unitPrice: Int64,
        discount: Int64 = 0
    ) -> LineItem {
        LineItem(
            key: key, sku: sku ?? key.uppercased(), title: key, category: category, quantity: quantity,
            unitPrice: unitPrice, discount: discount)
    }

    /// An order of `lines` whose subtotal and total follow from them.
    static func order(
        _ lines: [LineItem], currency: Currency = .usd, discounts: Int64? = nil, tax: Int64 = 0, shipping: Int64 = 0,
        cancelled: Bool = false
    ) -> Order {
        let subtotal = lines.reduce(0) { $0 + $1.quantity * $1.unitPrice }
        let discounts = discounts ?? lines.reduce(0) { $0 + $1.discount }
        return Order(
            storeID: 1, key: "1001", customerKey: "c1", placedAt: utc("2025-03-01T10:00:00Z"), currency: currency,
            subtotal: subtotal, discounts: discounts, tax: tax, shipping: shipping,
            total: subtotal - discounts + tax + shipping,
            cancelledAt: cancelled ? utc("2025-03-01T11:00:00Z") : nil, lines: lines)
    }

    /// A refund of `amount` with the given lines.
    static func refund(_ key: String, amount: Int64, lines: [RefundLine] = [], currency: Currency = .usd) -> Refund {
        Refund(
            storeID: 1, key: key, orderKey: "1001", amount: amount, currency: currency,
            createdAt: utc("2025-03-10T10:00:00Z"), lines: lines)
    }

    /// The diagnostics of a file that must not load.
    static func diagnostics(_ yaml: String, storeCurrency: Currency? = nil) -> [LoyaltyDiagnostic] {
        switch LoyaltyProgramLoader.parse(text: yaml, path: "loyalty.yaml", storeCurrency: storeCurrency) {
        case .success: return []
        case .failure(let errors): return errors.diagnostics
        }
    }

    /// `line: message` of each diagnostic, for compact expectations.
    static func lines(_ yaml: String, storeCurrency: Currency? = nil) -> [Int] {
        diagnostics(yaml, storeCurrency: storeCurrency).map(\.line)
    }
}
