import Crypto
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

/// Two organisations, each with one store holding the same customer and order keys ("c1",
/// "1001"), so a look-up that forgot its store would find the other's rows. Alpha's data carries
/// markers no page of Bravo's may ever show.
struct IsolationWorld {
    static let markers = ["Zephyrine", "zephyrine@alpha.example", "Alpha Secret Roast", "#A-2002", "Alpha-only review"]
    static let adminEmail = "admin@bravo.example"
    static let password = "correct horse battery staple"

    let storage: any EncoreStorage
    let alpha: Store
    let bravo: Store
    let bravoKey: String
    let alphaKey: String
    let alphaTicket: Int64

    static func build(_ storage: any EncoreStorage) async throws -> IsolationWorld {
        // Alpha first: the lower store id, the rows an unscoped look-up would meet first.
        let alpha = try await storage.createStore(
            name: "alpha", organisation: "org-alpha", currency: .usd, timeZone: "UTC", webhookSecret: "alpha-hook",
            now: Fixtures.t0)
        let bravo = try await storage.createStore(
            name: "bravo", organisation: "org-bravo", currency: .usd, timeZone: "UTC", webhookSecret: "bravo-hook",
            now: Fixtures.t0)
        for (store, name, email, product) in [
            (alpha, "Zephyrine", "zephyrine@alpha.example", "Alpha Secret Roast"), (bravo, "Bob", "bob@bravo.example", "Bravo Blend"),
        ] {
            var customer = Fixtures.customer(store)
            customer.firstName = name
            customer.email = email
            customer.consents = [Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: Fixtures.t0)]
            var order = Fixtures.order(store)
            order.lines = order.lines.map { line in
                var line = line
                line.title = product
                return line
            }
            var orders = [order]
            if store.id == alpha.id {
                var extra = Fixtures.order(store, key: "A-2002")
                extra.number = "#A-2002"
                orders.append(extra)
            }
            let shipment = Shipment(
                storeID: store.id, key: "s1", orderKey: "1001", carrier: "UPS", trackingNumber: "1Z-\(name)",
                checkpoints: [ShipmentCheckpoint(status: .delivered, at: Fixtures.t0.adding(seconds: 86_400))])
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .live, customers: [customer], orders: orders, shipments: [shipment]),
                now: Fixtures.t0)
            _ = try await storage.referralCode(
                storeID: store.id, customerKey: "c1", candidate: store.id == alpha.id ? "ALPHACODE" : "BRAVOCODE", now: Fixtures.t0)
        }
        _ = try await storage.submitReview(
            ReviewRecord(
                storeID: alpha.id, orderKey: "1001", customerKey: "c1", sku: "SKU-1", author: "Zephyrine",
                stars: 5, title: "Alpha-only review", body: "Alpha-only review body", status: "published", flags: [],
                createdAt: Fixtures.t0),
            ticket: nil, event: nil)
        let ticket = try await storage.openTicket(
            NewTicket(
                storeID: alpha.id, customerKey: "c1", email: "zephyrine@alpha.example", orderKey: "1001",
                subject: "Alpha Secret Roast arrived cold", body: "Zephyrine writes", author: "Zephyrine", priority: .normal,
                source: .admin, sourceRef: "iso-1", createdAt: Fixtures.t0, firstResponseDue: Fixtures.t0.adding(seconds: 3_600)))
        _ = try await AdminUsers.create(
            storage: storage, email: adminEmail, organisation: "org-bravo", password: password, cost: 4, now: Fixtures.t0)
        let bravoKey = APIKeys.generate()
        try await storage.addAPIKey(storeID: bravo.id, keyHash: APIKeys.hash(bravoKey), prefix: String(bravoKey.prefix(8)), now: Fixtures.t0)
        let alphaKey = APIKeys.generate()
        try await storage.addAPIKey(storeID: alpha.id, keyHash: APIKeys.hash(alphaKey), prefix: String(alphaKey.prefix(8)), now: Fixtures.t0)
        return IsolationWorld(
            storage: storage, alpha: alpha, bravo: bravo, bravoKey: bravoKey, alphaKey: alphaKey, alphaTicket: ticket.ticket.number)
    }

    /// Everything stored for Alpha that a request of Bravo's could change.
    func alphaState() async throws -> String {
        let id = alpha.id
        var parts: [String] = []
        parts.append(String(describing: try await storage.customer(storeID: id, key: "c1", eventLimit: 1_000).map {
            ($0.customer, $0.orders, $0.events.map { "\($0.type) \($0.idempotencyKey)" }) }))
        parts.append(String(describing: try await storage.order(storeID: id, key: "1001").map { ($0.order, $0.refunds, $0.returns, $0.shipments) }))
        parts.append(String(describing: try await storage.order(storeID: id, key: "A-2002").map(\.order)))
        parts.append(String(describing: try await storage.stats(storeID: id)))
        parts.append(String(describing: try await storage.outbox(storeID: id, status: nil, limit: 1_000)))
        parts.append(String(describing: try await storage.suppressions(storeID: id, channel: .email)))
        let sql = try #require(storage as? any SQLBackend)
        for table in ["tickets", "ticket_messages", "reviews", "survey_responses", "referral_codes", "loyalty_postings", "erasure_requests"] {
            let exists = try? await sql.read([SQLStatement("SELECT COUNT(*) FROM \(table) WHERE store_id = ?", [.int(id)])])
            parts.append("\(table): \(exists.map { String($0[0][0].int(0)) } ?? "absent")")
        }
        return parts.joined(separator: "\n")
    }
}

/// What one route is asked, as Bravo (its key, its admin, its customer's links) or as anyone,
/// aiming at Alpha's records where the route takes an address.
enum IsolationCase {
    /// A page or probe that shows no store's data to anyone.
    case open(HTTPRequest.Method, String, form: [(String, String)] = [])
    /// The JSON API with Bravo's key; Alpha-only records must be unknown.
    case api(HTTPRequest.Method, String, body: String? = nil, expect: Set<Int>? = nil)
    /// An admin page of Alpha's, opened by Bravo's admin: refused.
    case adminOfAlpha(HTTPRequest.Method, String, form: [(String, String)] = [])
    /// An admin page of no store in particular, opened by Bravo's admin: Bravo's data only.
    case adminOwn(String)
    /// A customer link of Bravo's customer (same customer and order keys as Alpha's); `page`
    /// is the page whose form the POST comes from (for its CSRF token).
    case link(HTTPRequest.Method, String, page: String? = nil, form: [(String, String)] = [])
    /// A public page addressed by store name, asked for Bravo with Alpha's codes and numbers.
    case publicStore(HTTPRequest.Method, String, form: [(String, String)] = [], headers: [String: String] = [:], body: String? = nil)
}

@Suite("Isolation: no route shows one store's, organisation's or customer's data to another")
struct IsolationTests {
    static let signer = LinkSigner(secret: "isolation-test-secret")
    static let links = JourneyLinks(baseURL: "http://encore.test", signer: signer)
    static let now = Fixtures.t0.adding(seconds: 3 * 86_400)

    /// A link of Bravo's customer c1 for order 1001.
    static func link(_ world: IsolationWorld, _ purpose: LinkRequest.Purpose, target: String? = nil) -> String {
        let url = links.url(
            LinkRequest(
                purpose: purpose, storeID: world.bravo.id, customerKey: "c1", orderKey: "1001", messageID: nil,
                target: target, issuedAt: now))
        return String(url.dropFirst("http://encore.test".count))
    }

    /// The cases of every route, keyed by "METHOD /pattern" as the router lists them.
    static func cases(_ world: IsolationWorld) -> [String: [IsolationCase]] {
        let a = "/admin/stores/\(world.alpha.id)"
        let r = link(world, .receipt)
        let p = link(world, .preferences)
        let l = link(world, .loyalty)
        let nps = link(world, .nps)
        let csat = link(world, .csat)
        let review = link(world, .review)
        let erase = link(world, .erase)
        let unsubscribe = link(world, .unsubscribe)
        let order = #"{"id": "B-3003", "customer": {"id": "c1"}, "placed_at": "2026-01-02T00:00:00Z", "lines": [{"id": "1", "title": "x", "quantity": 1, "unit_price": "1.00"}]}"#
        let shopify = ##"{"id": 77001, "name": "#A-2002", "email": "zephyrine@alpha.example", "created_at": "2026-01-02T00:00:00Z", "currency": "USD", "total_price": "1.00", "line_items": []}"##
        let alphaSignature = Data(
            HMAC<SHA256>.authenticationCode(for: Data(shopify.utf8), using: SymmetricKey(data: Data("alpha-hook".utf8)))
        ).base64EncodedString()
        return [
            "GET /": [.open(.get, "/")],
            "GET /health": [.open(.get, "/health")],
            "GET /healthz": [.open(.get, "/healthz")],
            "GET /readyz": [.open(.get, "/readyz")],
            "GET /metrics": [.open(.get, "/metrics")],
            "GET /openapi.json": [.open(.get, "/openapi.json")],
            "GET /admin/login": [.open(.get, "/admin/login")],
            "POST /admin/login": [.open(.post, "/admin/login", form: [("email", "zephyrine@alpha.example"), ("password", "x")])],
            "POST /admin/logout": [.open(.post, "/admin/logout")],

            "GET /v1/customers/{id}": [.api(.get, "/v1/customers/c1", expect: [200]), .api(.get, "/v1/customers/nobody", expect: [404])],
            "GET /v1/orders/{id}": [.api(.get, "/v1/orders/1001", expect: [200]), .api(.get, "/v1/orders/A-2002", expect: [404])],
            "GET /v1/stats": [.api(.get, "/v1/stats", expect: [200])],
            "POST /v1/orders": [.api(.post, "/v1/orders", body: order)],
            "POST /v1/refunds": [.api(.post, "/v1/refunds", body: #"{"id": "rf1", "order_id": "A-2002", "amount": "1.00", "created_at": "2026-01-03T00:00:00Z"}"#, expect: [404, 422])],
            "POST /v1/returns": [.api(.post, "/v1/returns", body: #"{"id": "rt1", "order_id": "A-2002", "status": "requested", "requested_at": "2026-01-03T00:00:00Z", "lines": [{"line_id": "1", "quantity": 1}]}"#, expect: [404, 422])],
            "POST /v1/shipments": [.api(.post, "/v1/shipments", body: #"{"id": "sh9", "order_id": "A-2002", "carrier": "UPS", "tracking_number": "1Z", "checkpoints": []}"#, expect: [404, 422])],
            "POST /v1/events": [.api(.post, "/v1/events", body: #"{"events": [{"type": "custom.ping", "customer_id": "c1", "idempotency_key": "iso-e1", "occurred_at": "2026-01-03T00:00:00Z"}]}"#)],
            "POST /v1/tickets": [.api(.post, "/v1/tickets", body: #"{"customer_id": "c1", "order_id": "A-2002", "subject": "s", "body": "b"}"#)],

            "GET /admin": [.adminOwn("/admin")],
            "GET /admin/allied": [.adminOwn("/admin/allied")],
            "GET /admin/dashboard": [.adminOwn("/admin/dashboard")],
            "GET /admin/stores/{store}": [.adminOfAlpha(.get, a)],
            "GET /admin/stores/{store}/customers": [.adminOfAlpha(.get, "\(a)/customers")],
            "GET /admin/stores/{store}/customers/{customer}": [.adminOfAlpha(.get, "\(a)/customers/c1")],
            "GET /admin/stores/{store}/instances/{key}": [.adminOfAlpha(.get, "\(a)/instances/x")],
            "GET /admin/stores/{store}/journey-map": [.adminOfAlpha(.get, "\(a)/journey-map")],
            "GET /admin/stores/{store}/journeys": [.adminOfAlpha(.get, "\(a)/journeys")],
            "GET /admin/stores/{store}/journeys/{journey}": [.adminOfAlpha(.get, "\(a)/journeys/thanks")],
            "GET /admin/stores/{store}/loyalty": [.adminOfAlpha(.get, "\(a)/loyalty")],
            "GET /admin/stores/{store}/loyalty/customers/{customer}": [.adminOfAlpha(.get, "\(a)/loyalty/customers/c1")],
            "GET /admin/stores/{store}/mailbox": [.adminOfAlpha(.get, "\(a)/mailbox")],
            "GET /admin/stores/{store}/outbox": [.adminOfAlpha(.get, "\(a)/outbox")],
            "GET /admin/stores/{store}/outbox/{message}": [.adminOfAlpha(.get, "\(a)/outbox/m1")],
            "GET /admin/stores/{store}/overview": [.adminOfAlpha(.get, "\(a)/overview")],
            "GET /admin/stores/{store}/returns": [.adminOfAlpha(.get, "\(a)/returns")],
            "GET /admin/stores/{store}/reviews": [.adminOfAlpha(.get, "\(a)/reviews")],
            "GET /admin/stores/{store}/tickets": [.adminOfAlpha(.get, "\(a)/tickets")],
            "GET /admin/stores/{store}/tickets/new": [.adminOfAlpha(.get, "\(a)/tickets/new")],
            "GET /admin/stores/{store}/tickets/{ticket}": [.adminOfAlpha(.get, "\(a)/tickets/\(world.alphaTicket)")],
            "POST /admin/stores/{store}/returns/{order}/{return}": [.adminOfAlpha(.post, "\(a)/returns/1001/rt1", form: [("action", "approve")])],
            "POST /admin/stores/{store}/reviews/{review}": [.adminOfAlpha(.post, "\(a)/reviews/1001:SKU-1", form: [("action", "reject")])],
            "POST /admin/stores/{store}/tickets/new": [.adminOfAlpha(.post, "\(a)/tickets/new", form: [("email", "x@y.example"), ("subject", "s"), ("body", "b")])],
            "POST /admin/stores/{store}/tickets/{ticket}/note": [.adminOfAlpha(.post, "\(a)/tickets/\(world.alphaTicket)/note", form: [("body", "n")])],
            "POST /admin/stores/{store}/tickets/{ticket}/reply": [.adminOfAlpha(.post, "\(a)/tickets/\(world.alphaTicket)/reply", form: [("body", "r")])],
            "POST /admin/stores/{store}/tickets/{ticket}/update": [.adminOfAlpha(.post, "\(a)/tickets/\(world.alphaTicket)/update", form: [("status", "solved")])],

            "GET /r/{token}": [.link(.get, r)],
            "POST /r/{token}/nps": [.link(.post, "\(r)/nps", page: r, form: [("score", "9")])],
            "POST /r/{token}/nps/dismiss": [.link(.post, "\(r)/nps/dismiss", page: r)],
            "POST /r/{token}/nps/reason": [.link(.post, "\(r)/nps/reason", page: r, form: [("reason", "fine")])],
            "POST /r/{token}/resend": [.link(.post, "\(r)/resend", page: r)],
            "POST /r/{token}/return": [.link(.post, "\(r)/return", page: r, form: [("line", "1"), ("quantity", "1"), ("reason", "damaged")])],
            "POST /r/{token}/review": [.link(.post, "\(r)/review", page: r, form: [("sku", "SKU-1"), ("stars", "4"), ("title", "t"), ("body", "b")])],
            "POST /r/{token}/scratch": [.link(.post, "\(r)/scratch", page: r)],
            "POST /r/{token}/ticket": [.link(.post, "\(r)/ticket", page: r, form: [("subject", "s"), ("body", "b")])],
            "GET /u/{token}": [.link(.get, unsubscribe)],
            "POST /u/{token}": [.link(.post, unsubscribe)],
            "GET /p/{token}": [.link(.get, p)],
            "POST /p/{token}": [.link(.post, p, page: p, form: [("email_marketing", "off")])],
            "GET /p/{token}/export": [.link(.get, "\(p)/export")],
            "POST /p/{token}/erase": [.link(.post, "\(p)/erase", page: p)],
            "GET /erase/{token}": [.link(.get, erase)],
            "POST /erase/{token}": [.link(.post, erase, page: erase)],
            "GET /nps/{token}": [.link(.get, nps)],
            "POST /nps/{token}": [.link(.post, nps, page: nps, form: [("score", "10")])],
            "GET /csat/{token}": [.link(.get, csat)],
            "POST /csat/{token}": [.link(.post, csat, page: csat, form: [("score", "5")])],
            "GET /review/{token}": [.link(.get, review)],
            "GET /l/{token}": [.link(.get, l)],
            "GET /loyalty/{token}": [.link(.get, "/loyalty/" + l.dropFirst("/l/".count))],
            "POST /l/{token}/redeem": [.link(.post, "\(l)/redeem", page: l, form: [("reward", "any")])],
            "POST /l/{token}/birthday": [.link(.post, "\(l)/birthday", page: l, form: [("month", "5"), ("day", "4")])],
            "GET /c/{token}": [.link(.get, link(world, .click, target: "https://bravo.example/x"))],
            "GET /o/{token}": [.link(.get, link(world, .open))],

            "GET /ref/{store}/{code}": [.publicStore(.get, "/ref/bravo/ALPHACODE")],
            "POST /ref/{store}/{code}": [.publicStore(.post, "/ref/bravo/ALPHACODE", form: [("email", "friend@x.example")])],
            "GET /reviews/{store}/{sku}": [.publicStore(.get, "/reviews/bravo/SKU-1")],
            "GET /track/{store}": [.publicStore(.get, "/track/bravo")],
            "POST /track/{store}": [
                .publicStore(.post, "/track/bravo", form: [("order", "#A-2002"), ("email", "zephyrine@alpha.example")]),
                .publicStore(.post, "/track/bravo", form: [("order", "1001"), ("email", "zephyrine@alpha.example")]),
            ],
            "POST /webhooks/shopify/{store}": [
                .publicStore(
                    .post, "/webhooks/shopify/bravo",
                    headers: ["X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": "iso-w1", "X-Shopify-Hmac-Sha256": alphaSignature,
                        "Content-Type": "application/json"], body: shopify)
            ],
        ]
    }

    @Test("every route the router has is in the table, and every entry of the table is a route")
    func everyRouteHasACase() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let world = try await IsolationWorld.build(storage)
            let routes = Set(buildRouter(storage: storage).routes.map { "\($0.method) \($0.path)" })
            let table = Set(Self.cases(world).keys)
            let missing = routes.subtracting(table).sorted()
            #expect(missing.isEmpty, "routes without an isolation case (add one to IsolationTests.cases): \(missing)")
            let stale = table.subtracting(routes).sorted()
            #expect(stale.isEmpty, "cases of routes that no longer exist: \(stale)")
        }
    }

    @Test("as Bravo, no route answers with Alpha's data or changes it; a 5xx is a failure too", arguments: Backend.enabled)
    func noRouteLeaks(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let world = try await IsolationWorld.build(storage)
            let before = try await world.alphaState()
            let app = Application(
                router: buildRouter(storage: storage, clock: FixedClock(Self.now), links: Self.signer, baseURL: "http://encore.test"))
            try await app.test(.router) { client in
                // Controls: Alpha's own key, admin-less receipt and tokens do show the markers, so their absence below means something.
                let own = try await client.execute(
                    uri: "/v1/customers/c1", method: .get, headers: [.authorization: "Bearer \(world.alphaKey)"]) { String(buffer: $0.body) }
                #expect(own.contains("zephyrine@alpha.example"))
                let alphaReceipt = Self.links.url(
                    LinkRequest(purpose: .receipt, storeID: world.alpha.id, customerKey: "c1", orderKey: "1001", messageID: nil, target: nil, issuedAt: Self.now))
                let control = CareBrowser(storage: storage, store: world.alpha, client: client)
                #expect(try await control.get(String(alphaReceipt.dropFirst("http://encore.test".count))).text.contains("Alpha Secret Roast"))

                let customer = CareBrowser(storage: storage, store: world.bravo, client: client)
                // Bravo's own link shows Bravo's order: the cases below reach real pages.
                #expect(try await customer.get(Self.link(world, .receipt)).text.contains("Bravo Blend"))
                let admin = AdminBrowser(storage: storage, store: world.bravo, rival: world.alpha, client: client)
                let signedIn = try await admin.login(email: IsolationWorld.adminEmail, password: IsolationWorld.password)
                #expect(signedIn.status == .seeOther)
                var checked = 0
                for (route, cases) in Self.cases(world).sorted(by: { $0.key < $1.key }) {
                    for isolationCase in cases {
                        let (status, text) = try await Self.run(isolationCase, world: world, client: client, customer: customer, admin: admin)
                        checked += 1
                        #expect(status < 500, "\(route): \(status)")
                        for marker in IsolationWorld.markers {
                            #expect(!text.contains(marker), "\(route) showed Alpha's \"\(marker)\"")
                        }
                        switch isolationCase {
                        case .adminOfAlpha: #expect([403, 404].contains(status), "\(route): Bravo's admin got \(status) on Alpha's page")
                        case .api(_, _, _, let expect?): #expect(expect.contains(status), "\(route): \(status) \(text.prefix(200))")
                        default: break
                        }
                    }
                }
                #expect(checked == Self.cases(world).values.map(\.count).reduce(0, +))
            }
            let after = try await world.alphaState()
            #expect(before == after, "a request of Bravo's changed Alpha's data")
        }
    }

    static func run(
        _ isolationCase: IsolationCase, world: IsolationWorld, client: some TestClientProtocol, customer: CareBrowser,
        admin: AdminBrowser
    ) async throws -> (Int, String) {
        switch isolationCase {
        case .open(let method, let uri, let form):
            let page = try await CareBrowser(storage: world.storage, store: world.bravo, client: client)
                .request(method, uri, form: method == .post ? form : nil)
            return (page.status.code, page.text)
        case .api(let method, let uri, let body, _):
            var headers: HTTPFields = [.authorization: "Bearer \(world.bravoKey)"]
            if body != nil { headers[.contentType] = "application/json" }
            return try await client.execute(
                uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
            ) { ($0.status.code, String(buffer: $0.body)) }
        case .adminOfAlpha(let method, let uri, let form):
            let csrf = try await admin.get("/admin").csrf ?? ""
            let page = try await admin.request(method, uri, form: method == .post ? [("csrf", csrf)] + form : nil)
            return (page.status.code, page.text)
        case .adminOwn(let uri):
            let page = try await admin.get(uri)
            return (page.status.code, page.text)
        case .link(let method, let uri, let pageURI, let form):
            guard method == .post else {
                let page = try await customer.get(uri)
                return (page.status.code, page.text)
            }
            var csrf: String?
            if let pageURI { csrf = try await customer.get(pageURI).csrf }
            let page = try await customer.request(.post, uri, form: (csrf.map { [("csrf", $0)] } ?? []) + form)
            return (page.status.code, page.text)
        case .publicStore(let method, let uri, let form, let headers, let body):
            if let body {
                var fields: HTTPFields = [:]
                for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
                return try await client.execute(uri: uri, method: method, headers: fields, body: ByteBuffer(string: body)) {
                    ($0.status.code, String(buffer: $0.body))
                }
            }
            let csrf = method == .post ? try await customer.get(uri).csrf : nil
            let page = try await customer.request(method, uri, form: method == .post ? (csrf.map { [("csrf", $0)] } ?? []) + form : nil)
            return (page.status.code, page.text)
        }
    }
}
