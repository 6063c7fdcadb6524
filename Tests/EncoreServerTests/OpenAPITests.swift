import EncoreCore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing
@testable import EncoreServer

@Suite("OpenAPI document")
struct OpenAPITests {
    static func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
    }

    static func operations(_ document: [String: Any]) -> Set<String> {
        var out = Set<String>()
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for method in (item as? [String: Any] ?? [:]).keys { out.insert("\(method.uppercased()) \(path)") }
        }
        return out
    }

    @Test("every /v1 route is documented and every documented /v1 operation is routed")
    func routesMatch() throws {
        let document = try Self.document()
        #expect(document["openapi"] as? String == "3.1.0")
        let documented = Self.operations(document).filter { $0.contains(" /v1/") }
        let routed = Set(V1Routes.operations.map { "\($0.method.rawValue) /v1/\($0.path)" })
        #expect(documented == routed)
    }

    @Test("every $ref resolves")
    func references() throws {
        let text = OpenAPIDocument.json
        let document = try Self.document()
        let components = document["components"] as? [String: Any] ?? [:]
        let pattern = try NSRegularExpression(pattern: ##""\$ref": "#/components/(\w+)/(\w+)""##)
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
        #expect(!matches.isEmpty)
        for match in matches {
            let kind = String(text[Range(match.range(at: 1), in: text)!])
            let name = String(text[Range(match.range(at: 2), in: text)!])
            #expect((components[kind] as? [String: Any])?[name] != nil, "\(kind)/\(name)")
        }
    }

    @Test("served at /openapi.json, and live responses carry the documented required fields", arguments: Backend.enabled)
    func responsesMatchSchemas(_ backend: Backend) async throws {
        let document = try Self.document()
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        func required(_ name: String) -> [String] {
            let schema = schemas[name] as? [String: Any] ?? [:]
            if let all = schema["allOf"] as? [[String: Any]] {
                return all.flatMap { part -> [String] in
                    if let ref = part["$ref"] as? String { return required(String(ref.split(separator: "/").last!)) }
                    return part["required"] as? [String] ?? []
                }
            }
            return schema["required"] as? [String] ?? []
        }
        let requiredBySchema = Dictionary(uniqueKeysWithValues: schemas.keys.map { ($0, required($0)) })
        try await APIHarness.run(backend) { api in
            func required(_ name: String) -> [String] { requiredBySchema[name] ?? [] }
            let served = try await api.get("/openapi.json")
            #expect(served.status == .ok)
            #expect(served.text == OpenAPIDocument.json)
            let checks: [(APIHarness.Reply, String)] = [
                (try await api.post("/v1/orders", APIHarness.order), "OrderUpsertResult"),
                (try await api.get("/v1/orders/5678901234567890123"), "OrderDetail"),
                (try await api.get("/v1/customers/c-1"), "CustomerDetail"),
                (try await api.get("/v1/stats"), "StoreStats"),
                (
                    try await api.post("/v1/events", #"{"events": [{"type": "a.b", "idempotency_key": "k"}]}"#),
                    "EventBatchResult"
                ),
                (
                    try await api.post(
                        "/v1/shipments", #"{"id": "s", "order_id": "5678901234567890123", "status": "in_transit", "at": "2026-03-02T00:00:00Z"}"#),
                    "ShipmentResult"
                ),
                (try await api.get("/v1/orders/none"), "Error"),
            ]
            for (reply, schema) in checks {
                let keys = Set(reply.json.keys)
                let missing = Set(required(schema)).subtracting(keys)
                #expect(!required(schema).isEmpty)
                #expect(missing.isEmpty, "\(schema) lacks \(missing): \(reply.text)")
            }
            let order = try await api.get("/v1/orders/5678901234567890123").json
            let line = (order["lines"] as? [[String: Any]])?.first ?? [:]
            #expect(Set(required("Line")).isSubset(of: Set(line.keys)))
        }
    }

    /// The schema at `#/components/schemas/NAME`, or an inline one.
    static func resolve(_ schema: [String: Any], _ document: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        return resolve(schemas[String(ref.split(separator: "/").last!)] as? [String: Any] ?? [:], document)
    }

    /// True when the schema lets a value be null.
    static func allowsNull(_ schema: [String: Any], _ document: [String: Any]) -> Bool {
        let schema = resolve(schema, document)
        if let types = schema["type"] as? [String], types.contains("null") { return true }
        if schema["type"] as? String == "null" { return true }
        if let values = schema["enum"] as? [Any], values.contains(where: { $0 is NSNull }) { return true }
        for key in ["anyOf", "oneOf"] {
            if let options = schema[key] as? [[String: Any]], options.contains(where: { allowsNull($0, document) }) { return true }
        }
        return false
    }

    /// The properties of an object schema, through `allOf`.
    static func properties(_ schema: [String: Any], _ document: [String: Any]) -> [String: [String: Any]] {
        let schema = resolve(schema, document)
        var out = schema["properties"] as? [String: [String: Any]] ?? [:]
        for part in schema["allOf"] as? [[String: Any]] ?? [] {
            out.merge(properties(part, document)) { first, _ in first }
        }
        return out
    }

    /// Every property holding null in `value` whose schema does not allow null, as paths.
    static func undocumentedNulls(_ value: Any, _ schema: [String: Any], _ document: [String: Any], path: String = "") -> [String] {
        let schema = resolve(schema, document)
        if let object = value as? [String: Any] {
            let known = properties(schema, document)
            return object.keys.sorted().flatMap { key -> [String] in
                guard let property = known[key] else { return [] }
                if object[key] is NSNull { return allowsNull(property, document) ? [] : ["\(path).\(key)"] }
                return undocumentedNulls(object[key]!, property, document, path: "\(path).\(key)")
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            return array.enumerated().flatMap { undocumentedNulls($1, items, document, path: "\(path)[\($0)]") }
        }
        return []
    }

    @Test("every response field that can be null is documented as nullable", arguments: Backend.enabled)
    func nullableResponses(_ backend: Backend) async throws {
        try await APIHarness.run(backend) { api in
            let document = try Self.document()
            // An order and a customer with every optional field left out, so their fields come back null.
            let order = #"{"id": "bare", "placed_at": "2026-03-01T10:00:00Z", "customer": {"id": "bare-c"}, "lines": [{"title": "Tea", "quantity": 1, "unit_price": "3.00"}]}"#
            let replies: [(APIHarness.Reply, String)] = [
                (try await api.post("/v1/orders", order), "OrderUpsertResult"),
                (try await api.post("/v1/shipments", #"{"id": "s", "order_id": "bare"}"#), "ShipmentResult"),
                (
                    try await api.post(
                        "/v1/refunds", #"{"id": "r", "order_id": "bare", "amount": "1.00", "created_at": "2026-03-02T00:00:00Z"}"#),
                    "RefundResult"
                ),
                (
                    try await api.post(
                        "/v1/returns",
                        #"{"id": "t", "order_id": "bare", "status": "requested", "requested_at": "2026-03-02T00:00:00Z", "lines": [{"line_id": "1", "quantity": 1}]}"#),
                    "ReturnResult"
                ),
                (try await api.post("/v1/events", #"{"events": [{"type": "a.b", "idempotency_key": "k"}]}"#), "EventBatchResult"),
                (try await api.get("/v1/orders/bare"), "OrderDetail"),
                (try await api.get("/v1/customers/bare-c"), "CustomerDetail"),
                (try await api.get("/v1/stats"), "StoreStats"),
                (try await api.get("/v1/orders/none"), "Error"),
            ]
            for (reply, name) in replies {
                #expect(reply.status.code < 300 || name == "Error", "\(name): \(reply.text)")
                let json = try JSONSerialization.jsonObject(with: Data(reply.text.utf8))
                let nulls = Self.undocumentedNulls(json, ["$ref": "#/components/schemas/\(name)"], document)
                #expect(nulls.isEmpty, "\(name) returns null where the document does not allow it: \(nulls)")
            }
        }
    }

    @Test("optional input fields are documented as nullable, and the server takes null for absent", arguments: Backend.enabled)
    func nullableInputs(_ backend: Backend) async throws {
        let document = try Self.document()
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
        func check(_ schema: [String: Any], _ path: String) {
            let required = Set(schema["required"] as? [String] ?? [])
            for (name, property) in schema["properties"] as? [String: [String: Any]] ?? [:] {
                let nullable = Self.allowsNull(property, document)
                #expect(nullable || required.contains(name), "\(path).\(name) is optional, so null is accepted: say so")
                if let items = property["items"] as? [String: Any], items["properties"] != nil { check(items, "\(path).\(name)[]") }
            }
        }
        for (name, schema) in schemas where name.hasSuffix("Input") { check(schema, name) }
        try await APIHarness.run(backend) { api in
            let order = #"""
                {"id": "n1", "number": null, "placed_at": "2026-03-01T10:00:00Z", "currency": null, "subtotal": null, "discounts": null,
                 "tax": null, "shipping": null, "total": null, "channel": null, "financial_status": null, "fulfilment_status": null,
                 "cancelled_at": null, "cancel_reason": null, "shipping_address": null,
                 "customer": {"id": "n-c", "email": null, "phone": null, "first_name": null, "last_name": null, "time_zone": null,
                              "locale": null, "birthday": null, "consents": null},
                 "lines": [{"id": null, "sku": null, "title": "Tea", "category": null, "quantity": 1, "unit_price": "3.00", "discount": null}]}
                """#
            let created = try await api.post("/v1/orders", order)
            #expect(created.status == .created, "\(created.text)")
            let event = try await api.post(
                "/v1/events",
                #"{"events": [{"type": "a.b", "customer_id": null, "order_id": null, "occurred_at": null, "payload": null, "idempotency_key": "n"}]}"#)
            #expect(event.status == .ok, "\(event.text)")
        }
    }

    @Test("every operation documents the 405 the server answers to a method it does not serve")
    func methodNotAllowedDocumented() throws {
        let document = try Self.document()
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for (method, operation) in item {
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                #expect(responses["405"] != nil, "\(method.uppercased()) \(path)")
            }
        }
        let response = (document["components"] as? [String: Any])?["responses"] as? [String: Any]
        let headers = (response?["MethodNotAllowed"] as? [String: Any])?["headers"] as? [String: Any]
        #expect(headers?["Allow"] != nil)
    }

    @Test("the documented quantity limits are the server's", arguments: Backend.enabled)
    func quantityLimits(_ backend: Backend) async throws {
        let document = try Self.document()
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
        func quantity(_ schema: [String: Any]?) -> [String: Any] {
            (schema?["properties"] as? [String: Any])?["quantity"] as? [String: Any] ?? [:]
        }
        func lineItems(_ name: String) -> [String: Any]? {
            ((schemas[name]?["properties"] as? [String: Any])?["lines"] as? [String: Any])?["items"] as? [String: Any]
        }
        for schema in [schemas["LineInput"], lineItems("RefundInput"), lineItems("ReturnInput")] {
            #expect((quantity(schema)["maximum"] as? NSNumber)?.int64Value == Converter.maxQuantity)
        }
        try await APIHarness.run(backend) { api in
            func order(_ id: String, _ quantity: Int64) -> String {
                #"{"id": "\#(id)", "placed_at": "2026-03-01T10:00:00Z", "lines": [{"title": "Tea", "quantity": \#(quantity), "unit_price": "0.01"}]}"#
            }
            #expect(try await api.post("/v1/orders", order("q1", Converter.maxQuantity)).status == .created)
            let over = try await api.post("/v1/orders", order("q2", Converter.maxQuantity + 1))
            #expect(over.status == .unprocessableContent)
            #expect(over.errorField == "lines[0].quantity")
        }
    }

    @Test("the Shopify webhook documents the headers the route reads and the topics it takes")
    func shopifyHeaders() throws {
        let document = try Self.document()
        let operation = ((document["paths"] as? [String: Any])?["/webhooks/shopify/{store}"] as? [String: Any])?["post"] as? [String: Any]
        let parameters = operation?["parameters"] as? [[String: Any]] ?? []
        let headers = Dictionary(
            parameters.filter { $0["in"] as? String == "header" }.map { (($0["name"] as? String ?? "").lowercased(), $0) },
            uniquingKeysWith: { first, _ in first })
        for name in [ShopifyWebhookRoute.hmacHeader, ShopifyWebhookRoute.topicHeader, ShopifyWebhookRoute.webhookIDHeader] {
            #expect(headers[name.canonicalName]?["required"] as? Bool == true, "\(name) is required")
        }
        let topics = (headers["x-shopify-topic"]?["schema"] as? [String: Any])?["enum"] as? [String]
        #expect(topics.map(Set.init) == Set(ShopifyTopic.allCases.map(\.rawValue)))
        let webhookID = headers["x-shopify-webhook-id"]?["schema"] as? [String: Any]
        #expect(webhookID?["minLength"] as? Int == 1)
        #expect(webhookID?["maxLength"] as? Int == 255)
    }
}
