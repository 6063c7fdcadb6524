import EncoreCore
import EncoreJourneys
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Signed links: tracked clicks, opens, unsubscribe, preferences")
struct LinkRoutesTests {
    static let signer = LinkSigner(secret: "test-secret")
    static let links = JourneyLinks(baseURL: "http://encore.test", signer: signer)

    /// A store whose customer received one marketing email; returns the message.
    static func mailed(_ storage: any EncoreStorage) async throws -> (Store, OutboxMessage) {
        let store = try await Fixtures.store(storage)
        let yaml = """
            id: promo
            name: Promo
            category: marketing
            holdout: 0
            quiet_hours: { action: ignore }
            trigger: { event: order.placed }
            steps:
              - id: mail
                send: { channel: email, template: promo }
            """
        let templates = [
            TemplateSource(name: "promo", part: .subject, path: "promo.subject", text: "For {{customer.first_name}}"),
            TemplateSource(
                name: "promo", part: .html, path: "promo.html", text: "<p><a href=\"https://shop.example/new?a=1&amp;b=2\">New</a></p>"),
            TemplateSource(name: "promo", part: .text, path: "promo.text", text: "New: https://shop.example/new"),
        ]
        _ = try await storage.applyJourney(
            storeID: store.id, definition: try JourneyLoader.load(path: "promo.yaml", text: yaml), templates: templates,
            source: yaml, now: Fixtures.t0)
        var customer = Fixtures.customer(store)
        customer.firstName = "<b>Ada</b>"
        customer.consents = [Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: Fixtures.t0)]
        _ = try await storage.ingest(
            IngestBatch(storeID: store.id, customers: [customer], orders: [Fixtures.order(store)]), now: Fixtures.t0)
        _ = try await storage.runJourneys(now: Fixtures.t0, limit: 10, runtime: links.runtime())
        let message = try #require(try await storage.outbox(storeID: store.id, status: nil, limit: 10).first)
        return (store, message)
    }

    static func path(of url: String) -> String { String(url.dropFirst("http://encore.test".count)) }

    static func links(in html: String, prefix: String) -> [String] {
        html.components(separatedBy: "\"").filter { $0.hasPrefix("http://encore.test/\(prefix)/") }
            .map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    }

    @Test("a tracked click is recorded once and redirects to the original address", arguments: Backend.enabled)
    func click(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let (store, message) = try await Self.mailed(storage)
            let html = try #require(message.html)
            let click = try #require(Self.links(in: html, prefix: "c").first)
            #expect(!html.contains("href=\"https://shop.example/new"), "links go through the tracker")
            let open = try #require(Self.links(in: html, prefix: "o").first)
            let app = Application(router: buildRouter(storage: storage, clock: FixedClock(Fixtures.t0), links: Self.signer))
            try await app.test(.router) { client in
                for _ in 0..<2 {
                    try await client.execute(uri: Self.path(of: click), method: .get) { response in
                        #expect(response.status == .found)
                        #expect(response.headers[.location] == "https://shop.example/new?a=1&b=2")
                    }
                }
                try await client.execute(uri: Self.path(of: open), method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "image/gif")
                }
                var forged = Self.path(of: click)
                forged.removeLast(2)
                try await client.execute(uri: forged + "xx", method: .get) { response in
                    #expect(response.status == .notFound)
                }
            }
            let funnel = try #require(try await storage.journeyFunnels(storeID: store.id).first)
            #expect(funnel.opened == 1)
            #expect(funnel.clicked == 1, "repeated clicks count once")
        }
    }

    @Test("unsubscribe: the page asks, the one-click POST suppresses, a bad token reveals nothing", arguments: Backend.enabled)
    func unsubscribe(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let (store, message) = try await Self.mailed(storage)
            let header = try #require(message.headers.first { $0.name == "List-Unsubscribe" }?.value)
            let url = String(header.dropFirst().dropLast())
            let app = Application(router: buildRouter(storage: storage, clock: FixedClock(Fixtures.t0), links: Self.signer))
            try await app.test(.router) { client in
                try await client.execute(uri: Self.path(of: url), method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("c1@example.com"))
                    #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.hasPrefix("default-src 'none';") == true)
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                }
                try await client.execute(uri: "/", method: .get) { response in
                    #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                }
                #expect(try await storage.suppressions(storeID: store.id, channel: .email).isEmpty, "GET alone changes nothing")
                try await client.execute(
                    uri: Self.path(of: url), method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "List-Unsubscribe=One-Click")
                ) { response in
                    #expect(response.status == .ok)
                }
                try await client.execute(uri: "/u/not-a-token", method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(!String(buffer: response.body).contains("example.com"))
                }
            }
            let suppressed = try await storage.suppressions(storeID: store.id, channel: .email)
            #expect(suppressed.map(\.address) == ["c1@example.com"])
            #expect(suppressed.map(\.reason) == ["unsubscribed"])
        }
    }

    @Test("an expired or other-purpose token is refused")
    func tokens() {
        let claims = LinkClaims(
            purpose: "unsubscribe", storeID: 1, customerKey: "c1", expiresAt: Fixtures.t0.adding(seconds: 60))
        let token = Self.signer.token(claims)
        #expect(Self.signer.verify(token, purpose: "unsubscribe", now: Fixtures.t0) == claims)
        #expect(Self.signer.verify(token, purpose: "preferences", now: Fixtures.t0) == nil)
        #expect(Self.signer.verify(token, purpose: "unsubscribe", now: Fixtures.t0.adding(seconds: 61)) == nil)
        #expect(LinkSigner(secret: "other").verify(token, purpose: "unsubscribe", now: Fixtures.t0) == nil)
    }
}
