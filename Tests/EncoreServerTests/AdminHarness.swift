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

/// A browser-like client of the admin pages on a fresh database: two organisations ("acme" with
/// the store "shop", "rival" with the store "other"), a user of acme, and a cookie jar.
final class AdminBrowser: @unchecked Sendable {
    static let email = "admin@acme.test"
    static let password = "correct horse battery staple"

    let storage: any EncoreStorage
    let store: Store
    let rival: Store
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var location: String? { headers[.location] }
        var setCookies: [String] { headers[values: .setCookie] }
        /// The value of the first hidden `csrf` field.
        var csrf: String? {
            guard let range = text.range(of: "name=\"csrf\" value=\"") else { return nil }
            let rest = text[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    init(storage: any EncoreStorage, store: Store, rival: Store, client: any TestClientProtocol) {
        self.storage = storage
        self.store = store
        self.rival = rival
        self.client = client
    }

    static func run(_ backend: Backend, _ body: @Sendable (AdminBrowser) async throws -> Void) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await storage.createStore(
                name: "shop", organisation: "acme", currency: .usd, timeZone: "UTC", webhookSecret: nil,
                now: Fixtures.t0)
            let rival = try await storage.createStore(
                name: "other", organisation: "rival", currency: .eur, timeZone: "UTC", webhookSecret: nil,
                now: Fixtures.t0)
            _ = try await AdminUsers.create(
                storage: storage, email: email, organisation: "acme", password: password, cost: 4, now: Fixtures.t0)
            let app = Application(router: buildRouter(storage: storage))
            try await app.test(.router) { client in
                try await body(AdminBrowser(storage: storage, store: store, rival: rival, client: client))
            }
        }
    }

    /// Sends a request with the jar's cookies and keeps the cookies the answer sets.
    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ uri: String, form: [(String, String)]? = nil, headers extra: HTTPFields = [:]
    )
        async throws -> Page
    {
        var headers = extra
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: "; ")
        }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            body = ByteBuffer(
                string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(
                    separator: "&"))
        }
        let page = try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
        for header in page.setCookies {
            let pair = header.split(separator: ";")[0].split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return page
    }

    func get(_ uri: String) async throws -> Page { try await request(.get, uri) }

    /// Opens the login page and submits it.
    @discardableResult
    func login(email: String = AdminBrowser.email, password: String = AdminBrowser.password, next: String? = nil)
        async throws -> Page
    {
        let form = try await get("/admin/login")
        #expect(form.status == .ok)
        var fields = [("csrf", try #require(form.csrf)), ("email", email), ("password", password)]
        if let next { fields.append(("next", next)) }
        return try await request(.post, "/admin/login", form: fields)
    }

    var base: String { "/admin/stores/\(store.id)" }
}
