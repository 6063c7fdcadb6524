import EncoreCore
import Yams

/// Reads `earning:` (purchase points, action points) and caps.
extension ProgramReader {
    static let purchaseKeys = [
        "points_per_unit", "unit", "minimum_order", "exclude_categories", "exclude_skus",
        "pending_until_return_window_closes", "caps",
    ]

    mutating func readEarning(_ node: Node) -> (PurchaseRule?, [ActionRule]) {
        guard let fields = ProgramFields(node, what: "earning", allowed: ["purchase", "actions"], sink: &sink) else {
            return (nil, [])
        }
        let purchase = fields["purchase"].flatMap { readPurchase($0) }
        let actions = fields["actions"].map { readActions($0) } ?? []
        return (purchase, actions)
    }

    private mutating func readPurchase(_ node: Node) -> PurchaseRule? {
        guard
            let fields = ProgramFields(
                node, what: "earning.purchase", allowed: Self.purchaseKeys, required: ["points_per_unit"], sink: &sink)
        else { return nil }
        let points = integer(fields, "points_per_unit", in: 1...1_000_000)
        let unit = amount(fields, "unit", minimum: 1) ?? currency?.minorUnitsPerMajor ?? 1
        let minimum = amount(fields, "minimum_order") ?? 0
        let categories = words(fields, "exclude_categories") ?? []
        let skus = words(fields, "exclude_skus") ?? []
        let pending = flag(fields, "pending_until_return_window_closes") ?? true
        let caps = fields["caps"].map { readCaps($0, what: "earning.purchase.caps") } ?? []
        guard let points else { return nil }
        return PurchaseRule(
            pointsPerUnit: points, unitAmount: unit, minimumOrder: minimum, excludedCategories: categories,
            excludedSKUs: skus, pendingUntilReturnWindowCloses: pending, caps: caps)
    }

    private mutating func readActions(_ node: Node) -> [ActionRule] {
        let names = LoyaltyAction.allCases.map(\.rawValue)
        guard let fields = ProgramFields(node, what: "earning.actions", allowed: names, sink: &sink) else { return [] }
        var rules: [ActionRule] = []
        for action in LoyaltyAction.allCases {
            guard let value = fields[action.rawValue] else {
                if fields.keyLines[action.rawValue] != nil {
                    sink.error(
                        line: fields.line(action.rawValue),
                        "earning.actions: \(action.rawValue) needs points (leave it out to give none)")
                }
                continue
            }
            let what = "earning.actions.\(action.rawValue)"
            guard
                let rule = ProgramFields(
                    value, what: what, allowed: ["points", "caps"], required: ["points"], sink: &sink)
            else { continue }
            let points = integer(rule, "points", in: 1...1_000_000)
            let caps = rule["caps"].map { readCaps($0, what: "\(what).caps") } ?? []
            if let points { rules.append(ActionRule(action: action, points: points, caps: caps)) }
        }
        return rules
    }

    /// A list of caps, each period at most once.
    mutating func readCaps(_ node: Node, what: String) -> [Cap] {
        guard let items = items(node, what: what) else { return [] }
        var caps: [Cap] = []
        var seen: [CapPeriod: Int] = [:]
        for (index, item) in items.enumerated() {
            guard
                let fields = ProgramFields(
                    item, what: "\(what)[\(index)]", allowed: ["period", "count", "points"], required: ["period"],
                    sink: &sink)
            else { continue }
            let period = choice(fields, "period", CapPeriod.self)
            let count = integer(fields, "count", in: 1...1_000_000)
            let points = integer(fields, "points", in: 1...1_000_000_000)
            if fields["count"] == nil && fields["points"] == nil {
                sink.error(at: item, "\(fields.what): a cap needs count, points or both")
            }
            guard let period else { continue }
            if let first = seen[period] {
                sink.error(
                    line: fields.line("period"),
                    "\(what): a second \(period.rawValue) cap (the first is at line \(first))")
                continue
            }
            seen[period] = fields.line("period")
            caps.append(Cap(period: period, maxCount: count, maxPoints: points))
        }
        return caps
    }
}
