import EncoreCore

/// Any JSON value, decoded so an event's payload can be re-rendered canonically (sorted keys):
/// the same payload always gives the same stored text, whatever key order the client sent.
enum JSONValue: Decodable {
    case null, bool(Bool), int(Int64), double(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var text: JSONText {
        switch self {
        case .null: return .null
        case .bool(let v): return .bool(v)
        case .int(let v): return .int(v)
        case .double(let v): return .raw(v.isFinite ? "\(v)" : "null")
        case .string(let v): return .string(v)
        case .array(let v): return .array(v.map(\.text))
        case .object(let v): return .object(v.keys.sorted().map { ($0, v[$0]!.text) })
        }
    }

    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}

/// The body of POST /v1/events: up to 1,000 events, each with its own idempotency key.
struct EventBatchPayload: Decodable {
    struct EventPayload: Decodable {
        var type: String
        var customer_id: FlexibleID?
        var order_id: FlexibleID?
        var occurred_at: String?
        var payload: JSONValue?
        var idempotency_key: String
    }

    var events: [EventPayload]

    func domain(store: Store, now: Timestamp) throws -> [NewEvent] {
        guard !events.isEmpty else { throw FieldError(field: "events", reason: "must contain at least one event") }
        guard events.count <= ServerLimits.maxEventsPerBatch else {
            throw FieldError(field: "events", reason: "at most \(ServerLimits.maxEventsPerBatch) events per request")
        }
        return try events.enumerated().map { index, event in
            let path = "events[\(index)]"
            if let problem = Event.validateType(event.type) { throw FieldError(field: "\(path).type", reason: problem) }
            guard !event.idempotency_key.isEmpty, event.idempotency_key.utf8.count <= 255 else {
                throw FieldError(field: "\(path).idempotency_key", reason: "must be 1 to 255 characters")
            }
            let payload = event.payload ?? .object([:])
            guard payload.isObject else { throw FieldError(field: "\(path).payload", reason: "must be a JSON object") }
            let text = payload.text.rendered
            guard text.utf8.count <= 64 * 1024 else {
                throw FieldError(field: "\(path).payload", reason: "must be at most 65536 bytes")
            }
            return NewEvent(
                storeID: store.id, type: event.type, customerKey: event.customer_id?.value,
                orderKey: event.order_id?.value,
                occurredAt: try Converter.time(event.occurred_at, "\(path).occurred_at", required: false) ?? now,
                payload: text, idempotencyKey: event.idempotency_key, origin: .live)
        }
    }
}
