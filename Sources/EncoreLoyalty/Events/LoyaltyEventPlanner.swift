import EncoreCore

/// Decides what the ledger does for the events of a store's log: an order placed earns its
/// points (pending), a delivery fixes when they become spendable (the return window after the
/// last delivery), a refund takes back the points of what it refunds and a cancellation all of
/// them. Pure: the caller reads the order, the lots and the program versions and applies the steps.
///
/// Keys follow the ledger's rule (store, source, source id, rule version): the version is the
/// one in force when the event was received (`version(publishedAt:receivedAt:)`) for an
/// earning, and the earning lot's own version for what is taken back from it, so replaying any
/// event, even after a new version is published, finds the key already applied.
public struct LoyaltyEventPlanner: Sendable {
    public var storeID: StoreID
    /// Days after delivery during which the order may be returned (the store's setting).
    public var returnWindowDays: Int

    public init(storeID: StoreID, returnWindowDays: Int) {
        self.storeID = storeID
        self.returnWindowDays = returnWindowDays
    }

    /// The `source` of the lot an order earns: how its refunds and deliveries find it.
    public static func orderSource(_ orderKey: String) -> String { "order:" + orderKey }

    /// The version in force for an event received at `receivedAt`: the latest published by then;
    /// nil when none was (the event predates the program and earns nothing).
    public static func version(publishedAt versions: [(version: Int, publishedAt: Timestamp)], receivedAt: Timestamp)
        -> Int?
    {
        versions.filter { $0.publishedAt <= receivedAt }.max { $0.version < $1.version }?.version
    }

    /// The rule version a lot was earned under (from its key).
    public static func ruleVersion(ofLot lot: PointLot) -> Int? { PostingKey(text: lot.key)?.ruleVersion }

    /// When an order's points become spendable: the return window after `deliveredAt`.
    public func availableAt(deliveredAt: Timestamp) -> Timestamp {
        deliveredAt.adding(seconds: Int64(returnWindowDays) * 86_400)
    }

    /// The earning of an order placed (nil when it earns nothing: cancelled, below the minimum,
    /// no purchase rule, or zero points), with the per-line detail.
    public func orderPlaced(
        _ order: Order, program: LoyaltyProgram, version: Int, tierKey: String?, deliveredAt: Timestamp?
    ) throws(LedgerError) -> (step: LoyaltyStep, earning: PurchaseEarning)? {
        guard order.cancelledAt == nil else { return nil }
        let earning = program.earning(for: order, tierKey: tierKey)
        guard earning.skipped == nil, earning.points > 0 else { return nil }
        let key = try PostingKey(store: storeID, source: "order", sourceID: order.key, ruleVersion: version)
        let multiplier = earning.multiplier == .one ? "" : " at tier \(tierKey ?? "") ×\(earning.multiplier)"
        let step = LoyaltyStep.earn(
            key: key, points: earning.points, source: Self.orderSource(order.key), at: order.placedAt,
            availableAt: program.purchase?.pendingUntilReturnWindowCloses == false
                ? order.placedAt : deliveredAt.map(availableAt(deliveredAt:)),
            expiresAt: program.expiry.lotExpiresAt(earnedAt: order.placedAt),
            reason: "order \(order.number ?? order.key)\(multiplier)")
        return (step, earning)
    }

    /// After a delivery: every lot of the order becomes spendable when the window after the last
    /// delivery closes (lots whose version does not keep points pending were spendable at once).
    public func delivered(lots: [PointLot], lastDeliveredAt: Timestamp, program: (Int) -> LoyaltyProgram?) -> [LoyaltyStep] {
        let at = availableAt(deliveredAt: lastDeliveredAt)
        return lots.filter { lot in
            let pending = Self.ruleVersion(ofLot: lot).flatMap(program)?.purchase?.pendingUntilReturnWindowCloses ?? true
            return pending && lot.availableAt != max(at, lot.earnedAt)
        }.map { .makeAvailable(lotKey: $0.key, at: at) }
    }

    /// A cancelled order gives back every point of its lots not already taken back.
    /// Points already spent are taken back as the lot's version says (`reversalPolicy`).
    public func cancelled(
        orderKey: String, lots: [PointLot], program: (Int) -> LoyaltyProgram?, at: Timestamp
    ) throws(LedgerError) -> [LoyaltyStep] {
        var steps: [LoyaltyStep] = []
        for lot in lots {
            let left = lot.points - lot.reversed - lot.clawedBack - lot.shortfall - lot.expired
            guard left > 0, let version = Self.ruleVersion(ofLot: lot), let rules = program(version) else { continue }
            let key = try PostingKey(store: storeID, source: "cancel", sourceID: orderKey, ruleVersion: version)
            steps.append(
                .reverse(
                    key: key, lotKey: lot.key, points: left, policy: rules.reversalPolicy, at: at, reason: "order cancelled"))
        }
        return steps
    }

    /// A refund takes back the points of the lines it refunds, as the order's lot earned them:
    /// the earning is worked out again under the lot's own version at no tier, and what the
    /// refund takes back of it (counting every earlier refund of the order, so refunding in steps
    /// never takes more than all) is scaled to the lot's points, so a tier multiplier or a cap
    /// applied at earning is taken back in the same proportion. A refund of the whole order (or
    /// more) takes back the whole lot. Points already spent are taken back as the lot's version
    /// says (`reversalPolicy`).
    public func refunded(
        _ refund: Refund, order: Order, earlierRefunds: [Refund], lots: [PointLot],
        program: (Int) -> LoyaltyProgram?
    ) throws(LedgerError) -> [LoyaltyStep] {
        var steps: [LoyaltyStep] = []
        let earlier = earlierRefunds.filter { $0.key != refund.key }
        for lot in lots {
            guard let version = Self.ruleVersion(ofLot: lot), let rules = program(version) else { continue }
            let base = rules.earning(for: order, tierKey: nil)
            guard base.points > 0 else { continue }
            let before = base.reversedPoints(after: earlier).reduce(0, +)
            let after = base.reversedPoints(after: earlier + [refund]).reduce(0, +)
            let points = Self.scale(after, lot.points, base.points) - Self.scale(before, lot.points, base.points)
            guard points > 0 else { continue }
            let key = try PostingKey(store: storeID, source: "refund", sourceID: refund.key, ruleVersion: version)
            steps.append(
                .reverse(
                    key: key, lotKey: lot.key, points: points, policy: rules.reversalPolicy, at: refund.createdAt,
                    reason: "refund \(refund.key) of order \(order.number ?? order.key)"))
        }
        return steps
    }

    /// The `source` of the lots an action earns: how its caps count earlier awards.
    public static func actionSource(_ action: LoyaltyAction) -> String { "action:" + action.rawValue }

    /// Points for an action (an NPS answer, say) under the rule's caps, given the customer's
    /// earlier awards of the same action (`earlier`: when, and how many points): spendable at
    /// once, expiring like any lot; nil when the program has no such rule or a cap is used up.
    /// `sourceID` names the occurrence (the event's id), so a replay finds its key applied.
    public func action(
        _ action: LoyaltyAction, sourceID: String, at: Timestamp, program: LoyaltyProgram, version: Int,
        earlier: [(at: Timestamp, points: Int64)]
    ) throws(LedgerError) -> LoyaltyStep? {
        guard let rule = program.rule(for: action) else { return nil }
        var usage: [CapPeriod: CapUsage] = [:]
        for cap in rule.caps {
            let start = cap.period.start(containing: at)
            let end = cap.period.end(containing: at)
            let inPeriod = earlier.filter { $0.at >= start && $0.at < end }
            usage[cap.period] = CapUsage(count: Int64(inPeriod.count), points: inPeriod.reduce(0) { $0 + $1.points })
        }
        let points = rule.allowance(usage: usage)
        guard points > 0 else { return nil }
        let key = try PostingKey(store: storeID, source: Self.actionSource(action), sourceID: sourceID, ruleVersion: version)
        return .earn(
            key: key, points: points, source: Self.actionSource(action), at: at, availableAt: at,
            expiresAt: program.expiry.lotExpiresAt(earnedAt: at), reason: action.reason)
    }

    /// `value × numerator ÷ denominator`, rounded down, without overflow; `value` is at most `denominator`.
    static func scale(_ value: Int64, _ numerator: Int64, _ denominator: Int64) -> Int64 {
        let clamped = min(max(value, 0), denominator)
        let product = clamped.multipliedFullWidth(by: numerator)
        return denominator.dividingFullWidth(product).quotient
    }
}

extension LoyaltyAction {
    /// Why the points were given, as the ledger shows it.
    public var reason: String {
        switch self {
        case .signUp: "signed up"
        case .review: "wrote a review"
        case .npsAnswer: "answered a survey"
        case .referral: "referred a friend"
        case .birthday: "birthday"
        }
    }
}
