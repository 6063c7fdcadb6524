import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The parts of the receipt the first suite takes for granted: every total line, the payment,
/// the store's logo, several parcels with their estimates, another store's orders kept out, and
/// the rate limits seen from several addresses.
@Suite("Smart receipt: totals, logo, several parcels, other stores, and rate limits per address and per link")
struct ReceiptDetailTests {
    /// A 1×1 PNG, as a store would paste it into its settings.
    static let logo = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

    @Test("discounts, shipping, tax, total and refunds each on their line; the payment; the store's logo inline", arguments: Backend.enabled)
    func totalsAndLogo(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            var settings = browser.store.settings
            settings.logoURL = Self.logo
            try await browser.storage.updateSettings(storeID: browser.store.id, settings: settings)
            let order = Order(
                storeID: browser.store.id, key: "1003", number: "#1003", customerKey: "c1", placedAt: Fixtures.t0,
                currency: .usd, subtotal: 8_000, discounts: 1_250, tax: 539, shipping: 495, total: 7_784,
                financialStatus: .partiallyRefunded,
                lines: [
                    LineItem(key: "1", sku: "BEAN-1", title: "Beans", quantity: 2, unitPrice: 2_500),
                    LineItem(key: "2", sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: 3_000),
                ])
            let refund = Refund(
                storeID: browser.store.id, key: "rf1", orderKey: "1003", amount: 1_000, currency: .usd, reason: "dent",
                createdAt: Fixtures.t0.adding(seconds: 3_600), lines: [])
            _ = try await browser.storage.ingest(
                IngestBatch(storeID: browser.store.id, origin: .live, orders: [order], refunds: [refund]), now: Fixtures.t0)
            let page = try await browser.get(browser.link(.receipt, order: "1003"))
            #expect(page.status == .ok)
            let rows = [
                ("Subtotal", "$80.00"), ("Discounts", "−$12.50"), ("Shipping", "$4.95"), ("Tax", "$5.39"), ("Total", "$77.84"),
                ("Refunded", "−$10.00"),
            ]
            for (label, amount) in rows {
                #expect(page.text.contains("colspan=\"2\">\(label)</th><td class=\"n\">\(amount)</td>"), "\(label) \(amount)")
            }
            #expect(page.text.contains("2 × $25.00") && page.text.contains("SKU BEAN-1"))
            #expect(page.text.contains("Payment: partially refunded · USD · bought online"))
            #expect(page.text.contains("<img class=\"logo\" src=\"\(Self.logo)\" alt=\"Acme &lt;Coffee&gt;\">"))
            let policy = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(policy.contains("img-src 'self' data:"), "the inline logo is allowed, nothing from elsewhere")

            // A logo on another site is never loaded: the name stands in.
            settings.logoURL = "https://tracker.example/logo.png"
            try await browser.storage.updateSettings(storeID: browser.store.id, settings: settings)
            let plain = try await browser.get(browser.link(.receipt, order: "1003"))
            #expect(plain.status == .ok && !plain.text.contains("tracker.example") && !plain.text.contains("<img"))
        }
    }

    @Test("an order in two parcels: each with its timeline, the undelivered one with its estimate, on the receipt and the tracking page", arguments: Backend.enabled)
    func severalShipments(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let second = Shipment(
                storeID: browser.store.id, key: "s2", orderKey: "1001", carrier: "DHL", trackingNumber: "JD0002",
                estimatedDelivery: Fixtures.t0.adding(seconds: 5 * 86_400),
                checkpoints: [
                    ShipmentCheckpoint(status: .labelCreated, at: Fixtures.t0.adding(seconds: 86_400)),
                    ShipmentCheckpoint(status: .inTransit, at: Fixtures.t0.adding(seconds: 2 * 86_400), location: "Leipzig <hub>"),
                ])
            _ = try await browser.storage.ingest(
                IngestBatch(storeID: browser.store.id, origin: .live, shipments: [second]), now: Fixtures.t0)
            let receipt = try await browser.get(browser.link(.receipt))
            let form = try await browser.get("/track/shop")
            let tracked = try await browser.request(
                .post, "/track/shop", form: [("csrf", form.csrf ?? ""), ("number", "1001"), ("email", "c1@example.com")])
            for page in [receipt, tracked] {
                #expect(page.status == .ok)
                #expect(page.text.contains("Parcel: UPS · 1Z&lt;i&gt;") && page.text.contains("Parcel: DHL · JD0002"))
                #expect(page.text.contains("Leipzig &lt;hub&gt;") && page.text.contains("Portland"))
                #expect(page.text.components(separatedBy: "Estimated delivery:").count == 2, "only the parcel on its way shows an estimate")
                #expect(page.text.contains("Estimated delivery: <strong>"))
                let dhl = try #require(page.text.range(of: "Parcel: DHL"))
                #expect(page.text[dhl.upperBound...].prefix(200).contains("Estimated delivery"))
            }
        }
    }

    @Test("another store's order: its number in a link, the tracking form or the admin finds nothing here", arguments: Backend.enabled)
    func anotherStoresOrder(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let other = try await CareBrowser.seed(browser.storage, name: "other")
            _ = try await browser.storage.ingest(
                IngestBatch(
                    storeID: other.id, origin: .live,
                    customers: [Customer(storeID: other.id, key: "c9", email: "c9@example.com", firstName: "Zed", createdAt: Fixtures.t0)],
                    orders: [Fixtures.order(other, key: "2001", customer: "c9")]),
                now: Fixtures.t0)
            // This store's link naming the other store's order and customer.
            for (customer, order) in [("c9", "2001"), ("c1", "2001")] {
                let url = CareBrowser.links.url(
                    LinkRequest(
                        purpose: .receipt, storeID: browser.store.id, customerKey: customer, orderKey: order, messageID: nil,
                        issuedAt: CareBrowser.now))
                let page = try await browser.get(String(url.dropFirst("http://encore.test".count)))
                #expect(page.status == .notFound)
                #expect(!page.text.contains("Zed") && !page.text.contains("c9@example.com") && !page.text.contains("2001"))
            }
            // The other store's own link shows its order (and nothing of this store's).
            let theirs = CareBrowser.links.url(
                LinkRequest(purpose: .receipt, storeID: other.id, customerKey: "c9", orderKey: "2001", messageID: nil, issuedAt: CareBrowser.now))
            let page = try await browser.get(String(theirs.dropFirst("http://encore.test".count)))
            #expect(page.status == .ok && page.text.contains("Zed") && !page.text.contains("Ada"))
            // Tracking at this store with the other store's number and e-mail.
            let form = try await browser.get("/track/shop")
            let crossed = try await browser.request(
                .post, "/track/shop", form: [("csrf", form.csrf ?? ""), ("number", "2001"), ("email", "c9@example.com")])
            #expect(crossed.text.contains("We found no order") && !crossed.text.contains("Order 2001"))
            // A CSAT link of this store about the other store's ticket.
            let ticket = try await browser.storage.openTicket(
                NewTicket(
                    storeID: other.id, customerKey: "c9", email: "c9@example.com", orderKey: "2001", subject: "Theirs", body: "?",
                    author: "Zed", priority: .normal, source: .api, sourceRef: "t-1", createdAt: CareBrowser.now,
                    firstResponseDue: CareBrowser.now))
            let csat = browser.link(.csat, target: "ticket:\(ticket.ticket.key)")
            let survey = try await browser.get(csat)
            #expect(survey.status == .notFound && !survey.text.contains("Theirs"))
        }
    }

    @Test("public POSTs: one address is limited across links, one link is limited across addresses (429 with Retry-After)", arguments: Backend.enabled)
    func rateLimitsPerAddressAndPerLink(_ backend: Backend) async throws {
        try await CareBrowser.run(backend, testing: .live) { browser in
            let port = try #require(browser.client.port)
            func dismiss(_ link: String, from address: String) async throws -> Int {
                try await LoopbackClient.status("POST", link + "/nps/dismiss", port: port, from: address, form: "csrf=x")
            }
            // Per link: its burst of 10 is spent from one address; from a second address it is still limited,
            // while that second address may still post to another link.
            let shared = browser.link(.receipt)
            var fromFirst: [Int] = []
            for _ in 0..<10 { fromFirst.append(try await dismiss(shared, from: "127.0.0.2")) }
            #expect(fromFirst.allSatisfy { $0 == 403 }, "within the burst: refused only for the forged CSRF token")
            #expect(try await dismiss(shared, from: "127.0.0.2") == 429)
            #expect(try await dismiss(shared, from: "127.0.0.3") == 429, "the link's own limit holds from another address")
            #expect(try await dismiss(browser.link(.receipt, at: CareBrowser.now.adding(seconds: -1)), from: "127.0.0.3") == 403)

            // Per address: eleven different links from one address; the eleventh is limited though its link is fresh.
            let links = (0..<11).map { browser.link(.receipt, at: CareBrowser.now.adding(seconds: -100 - $0)) }
            var fromFourth: [Int] = []
            for link in links { fromFourth.append(try await dismiss(link, from: "127.0.0.4")) }
            #expect(Array(fromFourth.prefix(10)).allSatisfy { $0 == 403 })
            #expect(fromFourth.last == 429)
            #expect(try await dismiss(links.last!, from: "127.0.0.5") == 403, "the same link from a fresh address passes")

            // Tracking has no link: its limit is the address's.
            var tracking: [Int] = []
            for _ in 0..<11 {
                tracking.append(
                    try await LoopbackClient.status(
                        "POST", "/track/shop", port: port, from: "127.0.0.6", form: "csrf=x&number=1&email=a%40b.c"))
            }
            #expect(Array(tracking.prefix(10)).allSatisfy { $0 == 403 } && tracking.last == 429)
            let limited = try await browser.request(.post, shared + "/nps/dismiss", form: [("csrf", "x")])
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter].flatMap(Int.init).map { $0 >= 1 } == true)
            #expect(try await browser.storage.feedback(storeID: browser.store.id, key: "nps:order:1001") == nil, "nothing recorded")
        }
    }

    @Test(
        "behind a trusted proxy each visitor has the address it forwards; from anyone else X-Forwarded-For changes nothing",
        arguments: [true, false])
    func rateLimitsBehindAProxy(_ trusted: Bool) async throws {
        // The test client connects from 127.0.0.1: the proxy, when trusted.
        let proxies = try TrustedProxies(trusted ? ["127.0.0.0/8"] : ["10.0.0.0/8"])
        try await CareBrowser.run(.sqlite, testing: .live, trustedProxies: proxies) { browser in
            func dismiss(_ link: String, for visitor: String) async throws -> HTTPResponse.Status {
                try await browser.request(
                    .post, link + "/nps/dismiss", form: [("csrf", "x")],
                    headers: [HTTPField.Name("X-Forwarded-For")!: "198.51.100.1, \(visitor)"]
                ).status
            }
            // Eleven fresh links for one visitor: the eleventh is over the address's burst of 10.
            let links = (0..<12).map { browser.link(.receipt, at: CareBrowser.now.adding(seconds: -100 - $0)) }
            var first: [HTTPResponse.Status] = []
            for link in links.prefix(11) { first.append(try await dismiss(link, for: "203.0.113.7")) }
            #expect(first.prefix(10).allSatisfy { $0 == .forbidden } && first.last == .tooManyRequests)
            // Another visitor through the same proxy: limited only when the proxy is not trusted
            // (then every request is 127.0.0.1's, whatever the header says).
            let second = try await dismiss(links[11], for: "203.0.113.8")
            #expect(second == (trusted ? .forbidden : .tooManyRequests))
        }
    }
}
