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
}
