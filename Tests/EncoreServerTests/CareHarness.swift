import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A customer's browser on the public pages of a fresh store: an order of two products by a
/// customer whose name holds markup, delivered a day after it was placed, and the receipt link.
final class CareBrowser: @unchecked Sendable {
    static let signer = LinkSigner(secret: "care-test-secret")
    static let links = JourneyLinks(baseURL: "http://encore.test", signer: signer)
    /// Three days after the order: delivered, inside the return window.
    static let now = Fixtures.t0.adding(seconds: 3 * 86_400)

    let storage: any EncoreStorage
    let store: Store
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var location: String? { headers[.location] }
        var csrf: String? {
            guard let range = text.range(of: "name=\"csrf\" value=\"") else { return nil }
            let rest = text[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    init(storage: any EncoreStorage, store: Store, client: any TestClientProtocol) {
        self.storage = storage
        self.store = store
        self.client = client
    }

    static func seed(_ storage: any EncoreStorage, name: String = "shop") async throws -> Store {
        var store = try await Fixtures.store(storage, name)
        store.settings = StoreSettings(displayName: "Acme <Coffee>", supportEmail: "help@acme.test", brandColour: "#ffcc00")
        try await storage.updateSettings(storeID: store.id, settings: store.settings)
        var customer = Fixtures.customer(store)
        customer.firstName = "<b>Ada</b>"
        let shipment = Shipment(
            storeID: store.id, key: "s1", orderKey: "1001", carrier: "UPS", trackingNumber: "1Z<i>",
            estimatedDelivery: Fixtures.t0.adding(seconds: 2 * 86_400),
            checkpoints: [
                ShipmentCheckpoint(status: .labelCreated, at: Fixtures.t0.adding(seconds: 3_600)),
                ShipmentCheckpoint(status: .inTransit, at: Fixtures.t0.adding(seconds: 7_200), location: "Portland"),
                ShipmentCheckpoint(status: .delivered, at: Fixtures.t0.adding(seconds: 86_400)),
            ])
        _ = try await storage.ingest(
            IngestBatch(
                storeID: store.id, origin: .live, customers: [customer], orders: [Fixtures.order(store)], shipments: [shipment]),
            now: Fixtures.t0)
        return store
    }

    static func run(
        _ backend: Backend, clock: any Clock = FixedClock(now), testing: TestingSetup = .router,
        trustedProxies: TrustedProxies = TrustedProxies(), _ body: @Sendable (CareBrowser) async throws -> Void
    ) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await seed(storage)
            let app = Application(
                router: buildRouter(
                    storage: storage, clock: clock, links: signer, baseURL: "http://encore.test",
                    trustedProxies: trustedProxies))
            try await app.test(testing) { client in
                try await body(CareBrowser(storage: storage, store: store, client: client))
            }
        }
    }

    /// A link of `purpose` for the seeded customer and order, issued at `at`.
    func link(_ purpose: LinkRequest.Purpose, at: Timestamp = CareBrowser.now, order: String? = "1001", target: String? = nil)
        -> String
    {
        let url = Self.links.url(
            LinkRequest(
                purpose: purpose, storeID: store.id, customerKey: "c1", orderKey: order, messageID: nil, target: target,
                issuedAt: at))
        return String(url.dropFirst("http://encore.test".count))
    }

    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ uri: String, form: [(String, String)]? = nil, raw: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Page {
        var headers = extra
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        var body: ByteBuffer?
        if let form {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            body = ByteBuffer(
                string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
                    .joined(separator: "&"))
        }
        if let raw { body = ByteBuffer(string: raw) }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            for line in response.headers[values: .setCookie] {
                let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                if pair.count == 2 { self.cookies[String(pair[0])] = String(pair[1]) }
            }
            return Page(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    func get(_ uri: String) async throws -> Page { try await request(.get, uri) }

    /// Loads `page`, then posts `fields` with its CSRF token to `action`.
    func submit(from page: String, to action: String, _ fields: [(String, String)]) async throws -> Page {
        let csrf = try await get(page).csrf ?? ""
        return try await request(.post, action, form: [("csrf", csrf)] + fields)
    }
}
