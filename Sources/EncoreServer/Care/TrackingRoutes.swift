import EncoreCore
import EncoreJourneys
import EncoreStore
import Foundation
import HTTPTypes
import Hummingbird

/// Order tracking without a link: `/track/{store}` asks for the order number and the e-mail
/// used, and shows every shipment of the order with its normalised timeline and estimated
/// delivery. The form is CSRF-protected with a visitor cookie and rate limited per address;
/// a wrong pair gets the same answer whether the order exists or not.
struct TrackingRoutes: Sendable {
    let care: CareService
    let guardian: FormGuard
    let limiter: RateLimiter

    var storage: any EncoreStorage { care.storage }
    static let cookie = "encore_visitor"

    func register(on router: Router<EncoreRequestContext>) {
        router.get("track/:store") { request, context in try await form(request, context) }
        router.post("track/:store") { request, context in try await lookup(request, context) }
    }

    func visitor(_ request: Request) -> String? {
        guard let value = request.cookies[Self.cookie]?.value, value.utf8.count == 32,
            value.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        return value
    }

    func form(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        guard let name = context.parameters.get("store"), let store = try await storage.store(named: name) else {
            return ReceiptRoutes.notFound()
        }
        let visitor = visitor(request) ?? Self.newVisitor()
        var response = CustomerPage.response(.ok, page(store, visitor: visitor, number: "", email: "", result: .empty))
        response.headers[.setCookie] =
            Cookie(name: Self.cookie, value: visitor, path: "/track", httpOnly: true, sameSite: .strict).description
        return response
    }

    static func newVisitor() -> String {
        (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    func page(_ store: Store, visitor: String, number: String, email: String, result: HTML) -> HTML {
        let csrf = guardian.token(scope: "track:\(store.id):\(visitor)", now: care.clock.now())
        return CustomerPage.page(
            title: "Track your order", branding: Branding(store: store),
            body: """
                \(result)
                <section aria-labelledby="track-h"><h1 id="track-h">Track your order</h1>
                <form method="post" action="/track/\(HTML.segment(store.name))"><input type="hidden" name="csrf" value="\(csrf)">
                <label for="number">Order number</label><input type="text" id="number" name="number" value="\(number)" maxlength="64" required autocomplete="off">
                <label for="email">E-mail used for the order</label><input type="email" id="email" name="email" value="\(email)" maxlength="254" required autocomplete="email">
                <p><button type="submit">Track</button></p></form></section>
                """)
    }

    func lookup(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        let now = care.clock.now()
        if let wait = limiter.take(PublicLimits.keys(context, token: nil), now: now) {
            return CustomerPage.tooManyRequests(retryAfter: wait, branding: nil)
        }
        guard let name = context.parameters.get("store"), let store = try await storage.store(named: name) else {
            return ReceiptRoutes.notFound()
        }
        let form = try await FormBody.read(request, limit: 4_096)
        guard let visitor = visitor(request), guardian.verify(form["csrf"], scope: "track:\(store.id):\(visitor)", now: now)
        else { return PublicLimits.forbidden(Branding(store: store)) }
        let number = (form["number"] ?? "").trimmingCharacters(in: .whitespaces)
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, number.count <= 64, email.contains("@"), email.count <= 254 else {
            let error: HTML = "<p class=\"error\" role=\"alert\">Enter the order number and the e-mail address used for the order.</p>"
            return CustomerPage.response(
                .unprocessableContent, page(store, visitor: visitor, number: number, email: email, result: error))
        }
        guard let key = try await storage.findOrder(storeID: store.id, number: number, email: email),
            let detail = try await storage.order(storeID: store.id, key: key)
        else {
            let none: HTML = "<p class=\"error\" role=\"alert\">We found no order with that number and e-mail address. Check both and try again.</p>"
            return CustomerPage.response(.ok, page(store, visitor: visitor, number: number, email: email, result: none))
        }
        var customer: Customer?
        if let key = detail.order.customerKey {
            customer = try await storage.customer(storeID: store.id, key: key, eventLimit: 0)?.customer
        }
        let zone = TimeZone(identifier: customer?.timeZone ?? store.timeZone) ?? TimeZone(identifier: "UTC")!
        let time = LocalTimeFormatter(zone: zone, locale: customer?.locale)
        var result: HTML = "<section aria-live=\"polite\"><h2>Order \(detail.order.number ?? detail.order.key)</h2>"
        if detail.shipments.isEmpty {
            result = "\(result)<p>Your order is being prepared. Tracking appears here as soon as it ships.</p></section>"
        } else {
            let view = ReceiptView(
                store: store, branding: Branding(store: store), customer: customer ?? Customer.anonymous(store.id),
                detail: detail, token: "", csrf: "", nps: nil, askNPS: false, reviews: [], tickets: [], returnable: [:],
                returnClosesAt: nil, notice: nil, error: nil, now: now)
            result = "\(result)\(ReceiptPage.statusTimeline(view, time))</section>\(ReceiptPage.shipments(view, time))"
        }
        return CustomerPage.response(.ok, page(store, visitor: visitor, number: number, email: email, result: result))
    }
}

extension Customer {
    /// A stand-in with no personal data, for pages about an order whose customer is unknown.
    static func anonymous(_ storeID: StoreID) -> Customer {
        Customer(storeID: storeID, key: "", createdAt: Timestamp(millisecondsSinceEpoch: 0))
    }
}
