import EncoreCore

/// One customer's lots, debt and applied event keys: the pure core storage runs inside the
/// transaction that holds the customer's lock.
///
/// Storage loads the customer's open lots (plus any used-up lot a refund names), the debt and
/// the applied keys relevant to the event (`appliedKeys`: the event's key when already
/// recorded), calls one operation, and persists the returned ``LedgerChange``. Every operation
/// validates its input first, then answers a replay (key already applied, or the lot an
/// earning would create already exists) with an empty change, and only then changes the book;
/// a thrown ``LedgerError`` leaves the book untouched.
///
/// Spending walks lots oldest first and touches only the lots it consumes (used-up lots are
/// dropped from the walk and compacted away in amortised constant time).
public struct LotBook: Sendable, Hashable {
    /// The store whose ``PostingKey``s this book accepts.
    public let store: StoreID
    /// The customer the book belongs to.
    public let customerKey: String
    /// Points the customer owes (refunded after use under `negativeBalance`); never negative.
    public internal(set) var debt: Int64
    /// Texts of the event keys applied so far (loaded ones plus those applied through this book).
    public internal(set) var appliedKeys: Set<String>

    var lotsByKey: [String: PointLot]
    /// Keys of lots that were open when added, oldest first by (earnedAt, key); may still hold
    /// lots that have since closed, counted in `closedInOrder`. A slice, so closed lots at the
    /// front are dropped in constant time.
    var order: ArraySlice<String>
    var closedInOrder: Int
    /// The sum of `remaining` over all lots.
    var remainingTotal: Int64

    /// A book over `lots`; throws when a lot belongs to another customer, repeats a key, or
    /// has counters no ledger operation could produce, or when `debt` is negative.
    public init(
        store: StoreID, customerKey: String, lots: [PointLot] = [], debt: Int64 = 0,
        appliedKeys: Set<String> = []
    ) throws(LedgerError) {
        guard !customerKey.isEmpty else { throw .invalidInput(field: "customerKey", reason: "must not be empty") }
        guard (0...LedgerLimits.maxBalance).contains(debt) else {
            throw .invalidInput(field: "debt", reason: "must be between 0 and \(LedgerLimits.maxBalance), got \(debt)")
        }
        self.store = store
        self.customerKey = customerKey
        self.debt = debt
        self.appliedKeys = appliedKeys
        self.lotsByKey = Dictionary(minimumCapacity: lots.count)
        self.order = []
        self.closedInOrder = 0
        self.remainingTotal = 0
        for (index, lot) in lots.enumerated() {
            try Self.checkLoaded(lot, index: index, customerKey: customerKey)
            guard lotsByKey.updateValue(lot, forKey: lot.key) == nil else {
                throw .invalidInput(field: "lots[\(index)].key", reason: "repeats lot '\(lot.key)'")
            }
            remainingTotal += lot.remaining
            guard remainingTotal <= LedgerLimits.maxBalance else {
                throw .invalidInput(field: "lots", reason: "hold more than \(LedgerLimits.maxBalance) points")
            }
            if lot.isOpen { order.append(lot.key) }
        }
        order.sort { Self.isOlder(lotsByKey[$0], lotsByKey[$1]) }
    }

    /// Every loaded lot, oldest first (by earnedAt, then key).
    public var lots: [PointLot] {
        lotsByKey.values.sorted { Self.isOlder($0, $1) }
    }

    /// The lots with points left, oldest first: the order spending consumes them in.
    public var openLots: [PointLot] {
        order.compactMap { lotsByKey[$0] }.filter(\.isOpen)
    }

    /// The lot with `key`, if loaded.
    public func lot(_ key: String) -> PointLot? { lotsByKey[key] }

    /// Whether the event with `key` has been applied to this book.
    public func hasApplied(_ key: PostingKey) -> Bool { appliedKeys.contains(key.text) }

    /// Points left in all lots minus the debt: what the customer account's postings add up to.
    public var balance: Int64 { remainingTotal - debt }

    /// The spendable amount at `now`: available points minus the debt, never below zero.
    public func spendable(at now: Timestamp) -> Int64 {
        var available: Int64 = 0
        for key in order {
            if let lot = lotsByKey[key], lot.isAvailable(at: now) { available += lot.remaining }
        }
        return max(0, available - debt)
    }

    /// Two books are equal when they hold the same lots, debt and applied keys.
    public static func == (lhs: LotBook, rhs: LotBook) -> Bool {
        lhs.store == rhs.store && lhs.customerKey == rhs.customerKey && lhs.debt == rhs.debt
            && lhs.appliedKeys == rhs.appliedKeys && lhs.lotsByKey == rhs.lotsByKey
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(store)
        hasher.combine(customerKey)
        hasher.combine(debt)
        hasher.combine(appliedKeys)
        hasher.combine(lotsByKey)
    }

    /// FIFO order: earlier `earnedAt` first, then smaller key.
    static func isOlder(_ lhs: PointLot?, _ rhs: PointLot?) -> Bool {
        guard let lhs, let rhs else { return lhs != nil }
        if lhs.earnedAt != rhs.earnedAt { return lhs.earnedAt < rhs.earnedAt }
        return lhs.key < rhs.key
    }

    /// Checks the `index`-th loaded lot (the field name of an error is only built on failure:
    /// books of thousands of lots are loaded per batch).
    private static func checkLoaded(_ lot: PointLot, index: Int, customerKey: String) throws(LedgerError) {
        var field: String { "lots[\(index)]" }
        guard !lot.key.isEmpty else { throw .invalidInput(field: field + ".key", reason: "must not be empty") }
        guard lot.customerKey == customerKey else {
            throw .invalidInput(
                field: field + ".customerKey",
                reason: "lot '\(lot.key)' belongs to '\(lot.customerKey)', not '\(customerKey)'")
        }
        guard !lot.fundingAccount.isCustomer else {
            throw .invalidInput(field: field + ".fundingAccount", reason: "must be the liability or a partner")
        }
        if !(1...LedgerLimits.maxPoints).contains(lot.points) {
            try LedgerError.checkPoints(lot.points, field: field + ".points")
        }
        func checkCounter(_ name: String, _ value: Int64) throws(LedgerError) {
            guard !(0...lot.points).contains(value) else { return }
            throw .invalidInput(
                field: field + "." + name, reason: "must be between 0 and the lot's \(lot.points) points, got \(value)")
        }
        try checkCounter("spent", lot.spent)
        try checkCounter("expired", lot.expired)
        try checkCounter("reversed", lot.reversed)
        try checkCounter("appliedToDebt", lot.appliedToDebt)
        try checkCounter("clawedBack", lot.clawedBack)
        try checkCounter("shortfall", lot.shortfall)
        guard lot.remaining >= 0 else {
            throw .invalidInput(field: field, reason: "lot '\(lot.key)' has given out more points than it holds")
        }
        guard lot.clawedBack + lot.shortfall <= lot.used else {
            throw .invalidInput(field: field, reason: "lot '\(lot.key)' reclaims more points than were used")
        }
    }
}
