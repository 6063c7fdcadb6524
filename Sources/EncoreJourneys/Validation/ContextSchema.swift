/// The fields a journey's conditions and templates may name: the context table of
/// docs/JOURNEYS.md as a tree. `event.payload` is open: anything below it is allowed, since
/// payloads are the sender's own JSON.
public indirect enum ContextSchema: Sendable, Equatable {
    /// What kind of value a leaf holds, for checking conditions against it.
    public enum Kind: String, Sendable, Equatable {
        case string, number, money, time, bool
    }

    case leaf(Kind)
    case object([String: ContextSchema])
    /// A list whose elements have this shape.
    case list(ContextSchema)
    /// Anything, to any depth.
    case open

    /// The node at a dotted path; `.open` for any path under an open node; nil when unknown.
    public func node(at path: String) -> ContextSchema? {
        node(at: path.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }

    /// The node at a path given as parts.
    public func node(at parts: [String]) -> ContextSchema? {
        var current = self
        for part in parts {
            switch current {
            case .open: return .open
            case .object(let fields):
                guard let next = fields[part] else { return nil }
                current = next
            default: return nil
            }
        }
        return current
    }

    /// The schema of what the storage layer puts in a journey's context (docs/JOURNEYS.md).
    public static let standard: ContextSchema = .object([
        "store": .object(strings("name", "url", "logo_url", "brand_colour", "support_email")),
        "customer": .object(
            strings("first_name", "last_name", "name", "email", "phone", "locale", "time_zone").merging([
                "tags": .list(.leaf(.string)),
                "orders_count": .leaf(.number),
                "total_spent": .leaf(.money),
                "days_since_last_order": .leaf(.number),
                "segments": .list(.leaf(.string)),
            ]) { $1 }.merging(SegmentFields.predictionSchema) { $1 }),
        "order": .object(
            strings("id", "number", "currency", "channel").merging([
                "placed_at": .leaf(.time),
                "subtotal": .leaf(.money), "discount": .leaf(.money), "tax": .leaf(.money),
                "shipping": .leaf(.money), "total": .leaf(.money),
                "lines": .list(
                    .object(
                        strings("sku", "title", "category").merging([
                            "quantity": .leaf(.number), "unit_price": .leaf(.money), "total": .leaf(.money),
                        ]) { $1 })),
                "categories": .list(.leaf(.string)),
            ]) { $1 }),
        "shipment": .object(
            strings("carrier", "tracking_number", "status", "tracking_url").merging([
                "estimated_delivery": .leaf(.time)
            ]) { $1 }),
        "event": .object(["type": .leaf(.string), "payload": .open]),
        "links": .object(strings("receipt", "unsubscribe", "preferences", "review", "nps", "csat")),
        "resource": .object(strings("title", "url", "summary")),
        "recommendations": .list(.object(strings("sku", "title"))),
    ])

    private static func strings(_ names: String...) -> [String: ContextSchema] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, .leaf(.string)) })
    }
}

extension ContextSchema {
    /// Why a condition cannot work against this schema (unknown path, money without a currency,
    /// a number against a string field...), or nil when it can.
    public func check(_ condition: Condition) -> String? {
        guard let node = node(at: condition.path) else {
            return "the context has no field '\(condition.path)'"
        }
        guard let value = condition.value else { return nil }
        let literals: [ConditionValue]
        if case .list(let elements) = value { literals = elements } else { literals = [value] }
        switch (node, condition.op) {
        case (.open, _): return nil
        case (.object, _): return "'\(condition.path)' is a group of fields, not a value"
        case (.list(let element), .contains):
            guard case .leaf(let kind) = element else { return nil }
            return literals.lazy.compactMap { Self.mismatch(kind, $0, path: condition.path) }.first
        case (.list, _): return "'\(condition.path)' is a list: use contains or exists"
        case (.leaf(let kind), _):
            return literals.lazy.compactMap { Self.mismatch(kind, $0, path: condition.path) }.first
        }
    }

    private static func mismatch(_ kind: Kind, _ value: ConditionValue, path: String) -> String? {
        switch (kind, value) {
        case (.money, .money), (.number, .number), (.string, .string), (.bool, .bool): return nil
        case (.money, .number(let number)):
            return "'\(path)' is money: compare it with an amount and currency, e.g. \(number) USD"
        case (.money, _): return "'\(path)' is money: compare it with an amount and currency, e.g. 50 USD"
        case (.number, _): return "'\(path)' is a number"
        case (.string, .number(let number)):
            // "order.number == 1001" is natural: numbers read as strings for string fields.
            _ = number
            return nil
        case (.string, _): return "'\(path)' is text, not money"
        case (.time, _): return "'\(path)' is a time and cannot be compared in a condition"
        case (.bool, _): return "'\(path)' is true or false"
        }
    }
}
