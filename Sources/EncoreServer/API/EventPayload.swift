import EncoreCore

/// The body of POST /v1/events: up to 1,000 events, each with its own idempotency key.
///
/// Read with `JSONParser` rather than `JSONDecoder`: this is the hottest route, and the payload
/// must be re-rendered canonically anyway (sorted keys, numbers as written), so the same event
/// always stores the same text whatever key order the client used.
enum EventBatchPayload {
    /// A shape error (400) or a validation error (422), naming the field.
    struct Problem: Error {
        var status: Int
        var field: String
        var reason: String
    }

    static func events(from bytes: [UInt8], store: Store, now: Timestamp) throws(Problem) -> [NewEvent] {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw Problem(status: 400, field: "body", reason: "the body is not valid JSON (\(error.description))")
        }
        guard case .object = root else { throw Problem(status: 400, field: "body", reason: "must be a JSON object") }
        if JSONBodyCheck.mayContainNUL(bytes), let error = JSONBodyCheck.nulCharacter(in: root) {
            throw Problem(status: 422, field: error.field, reason: error.reason)
        }
        guard let list = root["events"] else { throw Problem(status: 400, field: "events", reason: "is required") }
        guard case .array(let items) = list else {
            throw Problem(status: 400, field: "events", reason: "must be an array, not \(list.kind)")
        }
        guard !items.isEmpty else { throw Problem(status: 422, field: "events", reason: "must contain at least one event") }
        guard items.count <= ServerLimits.maxEventsPerBatch else {
            throw Problem(status: 422, field: "events", reason: "at most \(ServerLimits.maxEventsPerBatch) events per request")
        }
        var events: [NewEvent] = []
        events.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            events.append(try event(item, path: "events[\(index)]", store: store, now: now))
        }
        return events
    }

    static func event(_ node: JSONNode, path: String, store: Store, now: Timestamp) throws(Problem) -> NewEvent {
        guard case .object = node else { throw Problem(status: 400, field: path, reason: "must be an object") }
        let type = try requiredString(node, "type", path)
        if let problem = Event.validateType(type) { throw Problem(status: 422, field: "\(path).type", reason: problem) }
        let key = try requiredString(node, "idempotency_key", path)
        guard (1...255).contains(key.unicodeScalars.count) else {
            throw Problem(status: 422, field: "\(path).idempotency_key", reason: "must be 1 to 255 characters")
        }
        var occurredAt = now
        switch node["occurred_at"] {
        case nil, .null?: break
        case .string(let text)?:
            guard let parsed = ISO8601.parse(text) else {
                throw Problem(
                    status: 422, field: "\(path).occurred_at",
                    reason: "'\(text)' is not an ISO 8601 date-time with a time zone offset")
            }
            occurredAt = parsed
        case let other?:
            throw Problem(status: 400, field: "\(path).occurred_at", reason: "must be a string, not \(other.kind)")
        }
        var payload = "{}"
        switch node["payload"] {
        case nil, .null?: break
        case let object? where { if case .object = object { return true } else { return false } }():
            payload = object.canonical.rendered
            guard payload.utf8.count <= 64 * 1024 else {
                throw Problem(status: 422, field: "\(path).payload", reason: "must be at most 65536 bytes")
            }
        case let other?:
            throw Problem(status: 422, field: "\(path).payload", reason: "must be a JSON object, not \(other.kind)")
        }
        return NewEvent(
            storeID: store.id, type: type, customerKey: try id(node, "customer_id", path),
            orderKey: try id(node, "order_id", path), occurredAt: occurredAt, payload: payload, idempotencyKey: key,
            origin: .live)
    }

    static func requiredString(_ node: JSONNode, _ name: String, _ path: String) throws(Problem) -> String {
        switch node[name] {
        case .string(let text)?: return text
        case nil: throw Problem(status: 400, field: "\(path).\(name)", reason: "is required")
        case let other?: throw Problem(status: 400, field: "\(path).\(name)", reason: "must be a string, not \(other.kind)")
        }
    }

    /// An id as a string or an integer (kept as its exact digits).
    static func id(_ node: JSONNode, _ name: String, _ path: String) throws(Problem) -> String? {
        switch node[name] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let id = APIIdentifier.text(text) else {
                throw Problem(status: 422, field: "\(path).\(name)", reason: APIIdentifier.reason)
            }
            return id
        case .number(let text)?:
            guard let id = APIIdentifier.integer(text) else {
                throw Problem(
                    status: 422, field: "\(path).\(name)", reason: "must be an integer id from -2^63 to 2^64-1, not \(text)")
            }
            return id
        case let other?:
            throw Problem(status: 400, field: "\(path).\(name)", reason: "must be a string or an integer id, not \(other.kind)")
        }
    }
}
