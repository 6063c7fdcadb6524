import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A test client with a store and its API key, on a fresh database of the given backend.
struct APIHarness {
    let storage: any EncoreStorage
    let store: Store
    let key: String
    let client: any TestClientProtocol

    /// A decoded response: status and JSON body.
    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
        }
        /// The "error" object of an error body.
        var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
        var errorField: String? { error["field"] as? String }
    }

    static func run(
        _ backend: Backend, storeName: String = "shop", _ body: @Sendable (APIHarness) async throws -> Void
    ) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await storage.createStore(
                name: storeName, organisation: nil, currency: .usd, timeZone: "UTC", webhookSecret: "shhh",
                now: Fixtures.t0)
            let key = APIKeys.generate()
            try await storage.addAPIKey(storeID: store.id, keyHash: APIKeys.hash(key), prefix: APIKeys.prefix(key), now: Fixtures.t0)
            let app = Application(router: buildRouter(storage: storage))
            try await app.test(.router) { client in
                try await body(APIHarness(storage: storage, store: store, key: key, client: client))
            }
        }
    }

    func request(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, bytes: [UInt8]? = nil, key: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        headers[.authorization] = "Bearer \(key ?? self.key)"
        headers[.contentType] = "application/json"
        let buffer: ByteBuffer? = bytes.map { ByteBuffer(bytes: $0) } ?? body.map { ByteBuffer(string: $0) }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    func post(_ uri: String, _ body: String, key: String? = nil) async throws -> Reply {
        try await request(.post, uri, body: body, key: key)
    }

    func get(_ uri: String, key: String? = nil) async throws -> Reply {
        try await request(.get, uri, key: key)
    }

    static let order = """
        {"id": 5678901234567890123, "number": "#1001", "placed_at": "2026-03-01T10:00:00Z", "currency": "USD",
         "tax": "4.00", "shipping": "5.00",
         "customer": {"id": "c-1", "email": "ada@example.com", "first_name": "Ada", "time_zone": "Europe/London",
                      "consents": [{"channel": "email", "purpose": "marketing", "granted": true}]},
         "lines": [{"id": "1", "sku": "BEAN-1", "title": "Beans", "category": "coffee", "quantity": 2, "unit_price": "12.50"},
                   {"id": "2", "sku": "MUG-1", "title": "Mug", "quantity": 1, "unit_price": "9.99", "discount": "1.00"}]}
        """
}
