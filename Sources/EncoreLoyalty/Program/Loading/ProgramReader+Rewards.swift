import Yams

/// Reads `rewards:`.
extension ProgramReader {
    static let rewardKeys = [
        "key", "name", "kind", "amount", "percent", "sku", "partner", "value", "cost", "stock", "per_customer_limit",
        "fulfilment",
    ]
    /// The keys only some kinds take, by kind name.
    static let kindKeys: [String: [String]] = [
        "fixed_discount": ["amount"], "percentage_discount": ["percent"], "free_shipping": [],
        "free_product": ["sku"], "partner_voucher": ["partner", "value"],
    ]

    mutating func readRewards(_ node: Node) -> [Reward] {
        guard let items = items(node, what: "rewards") else { return [] }
        var rewards: [Reward] = []
        var keyLines: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let what = "rewards[\(index)]"
            guard
                let fields = ProgramFields(
                    item, what: what, allowed: Self.rewardKeys, required: ["key", "name", "kind", "cost"], sink: &sink)
            else { continue }
            let key = identifier(fields, "key")
            if let key {
                if let first = keyLines[key] {
                    sink.error(
                        line: fields.line("key"), "\(what): duplicate reward key '\(key)' (first at line \(first))")
                } else {
                    keyLines[key] = fields.line("key")
                }
            }
            let name = name(fields, "name")
            let kind = readKind(fields)
            let cost = integer(fields, "cost", in: 1...1_000_000_000)
            let stock = integer(fields, "stock", in: 0...1_000_000_000)
            let limit = integer(fields, "per_customer_limit", in: 1...1_000_000)
            let fulfilment = choice(fields, "fulfilment", RewardFulfilment.self) ?? .codePool
            if let key, let name, let kind, let cost {
                rewards.append(
                    Reward(
                        key: key, name: name, kind: kind, cost: cost, stock: stock, perCustomerLimit: limit,
                        fulfilment: fulfilment))
            }
        }
        return rewards
    }

    private mutating func readKind(_ fields: ProgramFields) -> RewardKind? {
        guard let kindName = fields.text("kind", sink: &sink) else { return nil }
        guard let own = Self.kindKeys[kindName] else {
            let names = ["fixed_discount", "percentage_discount", "free_shipping", "free_product", "partner_voucher"]
            sink.error(
                line: fields.line("kind"),
                "\(fields.what): kind must be one of \(names.joined(separator: ", ")), not '\(kindName)'")
            return nil
        }
        for key in ["amount", "percent", "sku", "partner", "value"] where !own.contains(key) {
            guard let line = fields.keyLines[key] else { continue }
            sink.error(line: line, "\(fields.what): '\(key)' does not apply to a \(kindName) reward")
        }
        for key in own where fields[key] == nil {
            sink.error(at: fields.node, "\(fields.what): a \(kindName) reward needs '\(key)'")
        }
        switch kindName {
        case "fixed_discount":
            return amount(fields, "amount", minimum: 1).map { .fixedDiscount(amount: $0) }
        case "percentage_discount":
            return integer(fields, "percent", in: 1...100).map { .percentageDiscount(percent: Int($0)) }
        case "free_product":
            return name(fields, "sku").map { .freeProduct(sku: $0) }
        case "partner_voucher":
            let partner = identifier(fields, "partner")
            let value = amount(fields, "value", minimum: 1)
            guard let partner, let value else { return nil }
            return .partnerVoucher(partnerID: partner, value: value)
        default:
            return .freeShipping
        }
    }
}
