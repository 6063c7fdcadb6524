import EncoreCore
import Foundation

/// What a purchase fold reads: the store's orders in `currency`, placed before `before` by a
/// known customer and not cancelled, each at its local day (`days`), its amount the order's total
/// less its refunds.
public struct PurchaseScan: Sendable {
    public var storeID: StoreID
    public var currency: Currency {
        didSet { scale = pow(10, Double(currency.exponent)) }
    }
    /// The first instant not read (exclusive).
    public var before: Timestamp
    /// The period the figures are of, `[from, to)` in local day numbers.
    public var from: Int32
    public var to: Int32
    /// The store's time zone, as day numbers.
    public var days: LocalDays
    /// The customers who came through a referral.
    public var referred: Set<String>
    /// Further periods whose purchase figures the same pass folds (`PurchaseFold.others`); each
    /// must end by `before`'s day.
    public var others: [Range<Int32>] = []

    public init(
        storeID: StoreID, currency: Currency, before: Timestamp, from: Int32, to: Int32, days: LocalDays, referred: Set<String> = []
    ) {
        self.storeID = storeID
        self.currency = currency
        scale = pow(10, Double(currency.exponent))
        self.before = before
        self.from = from
        self.to = to
        self.days = days
        self.referred = referred
    }

    /// An empty fold of the scan's period.
    var emptyFold: PurchaseFold { PurchaseFold(from: from, to: to, others: others) }

    /// An amount in minor units as the figures count it (major units).
    func major(_ minor: Int64) -> Double { Double(minor) / scale }

    /// 10^exponent of the currency.
    private var scale: Double
}
