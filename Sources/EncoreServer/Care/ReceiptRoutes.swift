import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The smart receipt at `/r/{token}` and the forms on it. The token (signed, expiring,
/// revocable per order) is the only key: it names the store, the customer and the order, so no
/// URL can reach another store's order. Every POST carries the page's CSRF token and is rate
/// limited per address and per token.
struct ReceiptRoutes: Sendable {
    let care: CareService
    let signer: LinkSigner
    let guardian: FormGuard
    let limiter: RateLimiter
    /// Rendered receipts, when the storage can tell that nothing changed (see `PageCache`).
    var pages: PageCache? = nil

    var storage: any EncoreStorage { care.storage }
    var clock: any Clock { care.clock }

    func register(on router: Router<EncoreRequestContext>) {
        router.get("r/:token") { request, context in try await page(request, context) }
        router.post("r/:token/nps") { request, context in try await post(request, context) { try await nps($0, $1) } }
        router.post("r/:token/nps/reason") { request, context in try await post(request, context) { try await reason($0, $1) } }
        router.post("r/:token/nps/dismiss") { request, context in try await post(request, context) { try await dismiss($0, $1) } }
        router.post("r/:token/ticket") { request, context in try await post(request, context) { try await ticket($0, $1) } }
        router.post("r/:token/return") { request, context in try await post(request, context) { try await returnRequest($0, $1) } }
        router.post("r/:token/review") { request, context in try await post(request, context) { try await review($0, $1) } }
        router.post("r/:token/scratch") { request, context in try await post(request, context) { try await scratch($0, $1) } }
        router.post("r/:token/resend") { request, context in try await resend(request, context) }
        router.get("review/:token") { _, context in try await reviewLink(context) }
    }

    /// `{{links.review}}` in messages: the review forms live on the order's receipt, so a valid
    /// review link leads there (a fresh receipt link for the same customer and order).
    func reviewLink(_ context: EncoreRequestContext) async throws -> Response {
        let now = clock.now()
        guard let token = context.parameters.get("token"), let claims = signer.verify(token, purpose: "review", now: now),
            let orderKey = claims.orderKey
        else { return Self.notFound() }
        let receipt = signer.token(
            LinkClaims(
                purpose: "receipt", storeID: claims.storeID, customerKey: claims.customerKey, orderKey: orderKey,
                expiresAt: now.adding(seconds: JourneyLinks.route(.receipt).days * 86_400)))
        return CustomerPage.redirect(to: "/r/\(receipt)#reviews-h")
    }

    /// A verified receipt link with what it points at.
    struct Receipt: Sendable {
        var token: String
        var claims: LinkClaims
        var record: ReceiptRecord
        var store: Store { record.store }
        var customer: Customer { record.customer }
        var detail: OrderDetail { record.detail }
    }

    enum Resolution {
        case valid(Receipt)
        /// Signed by us, but expired or revoked: the page offers to e-mail a fresh link.
        case stale(LinkClaims, Store)
        case invalid
    }

    /// Checks the link and reads everything the page needs in one snapshot.
    func resolve(_ context: EncoreRequestContext, now: Timestamp) async throws -> Resolution {
        guard let token = context.parameters.get("token"), let claims = signer.authentic(token, purpose: "receipt"),
            let orderKey = claims.orderKey,
            let record = try await storage.receipt(storeID: claims.storeID, orderKey: orderKey, customerKey: claims.customerKey),
            record.detail.order.customerKey == claims.customerKey
        else { return .invalid }
        let issued = JourneyLinks.issuedAt(purpose: .receipt, expiresAt: claims.expiresAt)
        if now > claims.expiresAt || (record.revokedAt.map { issued <= $0 } ?? false) { return .stale(claims, record.store) }
        return .valid(Receipt(token: token, claims: claims, record: record))
    }

    static func notFound(_ branding: Branding? = nil) -> Response {
        CustomerPage.response(
            .notFound,
            CustomerPage.page(
                title: "Link not valid", branding: branding,
                body: "<h1>This link is not valid</h1><p>Check that the whole link was copied. The newest message from the shop has a working one.</p>"))
    }

    func stalePage(_ claims: LinkClaims, _ store: Store, token: String, now: Timestamp, sent: Bool) -> Response {
        let branding = Branding(store: store)
        let body: HTML =
            sent
            ? "<h1>Check your inbox</h1><p role=\"status\">If we have an e-mail address for this order, a fresh link is on its way.</p>"
            : """
            <h1>This link has expired</h1><p>For your privacy, receipt links stop working after a while.</p>
            <form method="post" action="/r/\(token)/resend"><input type="hidden" name="csrf" value="\(guardian.token(scope: token, now: now))">
            <p><button type="submit">E-mail me a fresh link</button></p></form>
            """
        return CustomerPage.response(sent ? .ok : .gone, CustomerPage.page(title: "Link expired", branding: branding, body: body))
    }

    func view(_ receipt: Receipt, notice: String?, error: InputError?, now: Timestamp) async throws -> ReceiptView {
        let store = receipt.store
        let order = receipt.detail.order
        let npsKey = FeedbackRecord.key(kind: .nps, touchpoint: .order, subjectKey: order.key)
        let nps = receipt.record.nps
        var askNPS = false
        if nps == nil, order.cancelledAt == nil {
            if let last = receipt.record.lastAsked, last.key != npsKey {
                askNPS = care.throttle(store).mayAsk(lastAskedAt: last.askedAt, now: now)
            } else {
                askNPS = true
            }
        }
        var returnable: [String: Int64] = [:]
        var closesAt: Timestamp?
        let window = care.returnWindow(store)
        if let delivered = CareService.deliveredAt(receipt.detail), order.cancelledAt == nil {
            let requested = CareService.requestedQuantities(receipt.detail)
            let close = delivered.adding(seconds: Int64(window.days) * 86_400)
            if now < close {
                closesAt = close
                for line in order.lines {
                    let left = line.quantity - (requested[line.key] ?? 0)
                    if left > 0 { returnable[line.key] = left }
                }
            }
        }
        var loyalty: ReceiptLoyalty?
        if let program = try await storage.loyaltyProgram(storeID: store.id) {
            let status = try await LoyaltyStatus.read(
                storage: storage, storeID: store.id, customerKey: receipt.customer.key, now: now, program: program)
            let lots = try await storage.loyaltyLots(storeID: store.id, source: LoyaltyEventPlanner.orderSource(order.key))
            let token = signer.token(
                LinkClaims(
                    purpose: LinkRequest.Purpose.loyalty.rawValue, storeID: store.id, customerKey: receipt.customer.key,
                    expiresAt: now.adding(seconds: JourneyLinks.route(.loyalty).days * 86_400)))
            loyalty = ReceiptLoyalty(
                orderPoints: lots.reduce(0) { $0 + $1.points - $1.reversed - $1.clawedBack - $1.shortfall },
                orderPending: lots.contains { $0.availableAt.map { $0 > now } ?? true }, status: status, path: "/l/" + token)
        }
        var scratch: [(card: ScratchCard, campaign: ScratchCampaign)] = []
        let cards = try await storage.scratchCards(storeID: store.id, orderKey: order.key)
        if !cards.isEmpty {
            let campaigns = try await storage.scratchCampaigns(storeID: store.id)
            for card in cards {
                if let record = campaigns.first(where: { $0.campaign.key == card.campaignKey }) { scratch.append((card, record.campaign)) }
            }
        }
        let alsoLike = try await RecommendationBuilder(storage: storage, clock: clock).forCustomer(
            storeID: store.id, customerKey: receipt.customer.key, basket: order.lines.compactMap(\.sku), limit: RecommendedProduct.shown)
        return ReceiptView(
            store: store, branding: Branding(store: store), customer: receipt.customer, detail: receipt.detail,
            token: receipt.token, csrf: guardian.token(scope: receipt.token, now: now), nps: nps, askNPS: askNPS,
            reviews: receipt.record.reviews, tickets: receipt.record.tickets, returnable: returnable, returnClosesAt: closesAt, notice: notice, error: error, now: now,
            preferencesPath: "/p/" + signer.token(
                LinkClaims(
                    purpose: "preferences", storeID: store.id, customerKey: receipt.customer.key,
                    expiresAt: now.adding(seconds: JourneyLinks.route(.preferences).days * 86_400))),
            loyalty: loyalty, alsoLike: alsoLike, scratch: scratch,
            allied: try await AlliedOfferService(storage: storage, clock: clock).standings(
                storeID: store.id, customerKey: receipt.customer.key, now: now))
    }

    /// When the page shown at `now` would change with the clock alone: the link expires, the
    /// return window closes, or the hour of its form tokens ends (they stay valid a few hours,
    /// but a fresh page gets fresh ones).
    static func validUntil(_ view: ReceiptView, _ receipt: Receipt, now: Timestamp) -> Timestamp {
        let hour: Int64 = 3_600_000
        var until = Timestamp(millisecondsSinceEpoch: (now.millisecondsSinceEpoch / hour + 1) * hour)
        until = min(until, receipt.claims.expiresAt)
        if let closes = view.returnClosesAt { until = min(until, closes) }
        return until
    }

    static let notices: [String: String] = [
        "nps": "Thank you! Your answer was recorded.",
        "reason": "Your answer was saved.",
        "dismiss": "No problem. We won't ask about this order again.",
        "ticket": "Your message was sent. We'll reply by e-mail.",
        "return": "Your return request was received. We'll e-mail you the next steps.",
        "review": "Thank you for your review!",
        "scratch": "Scratched! Your card is below.",
    ]

    /// The receipt, from `pages` when nothing was committed since it was rendered for this very
    /// link (which was verified then; a revocation is a commit), else read and rendered.
    func page(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        let now = clock.now()
        let done = request.uri.queryParameters.get("done").flatMap { Self.notices[$0] != nil ? String($0) : nil }
        let key = (context.parameters.get("token") ?? "") + "|" + (done ?? "")
        var generation: Int64?
        if let pages {
            switch pages.lookup(key, now: now) {
            case .hit(let bytes): return CustomerPage.response(.ok, bytes: bytes)
            case .miss(let current): generation = current
            }
        }
        switch try await resolve(context, now: now) {
        case .invalid: return Self.notFound()
        case .stale(let claims, let store):
            return stalePage(claims, store, token: context.parameters.get("token") ?? "", now: now, sent: false)
        case .valid(let receipt):
            let view = try await view(receipt, notice: done.flatMap { Self.notices[$0] }, error: nil, now: now)
            let bytes = ByteBuffer(string: ReceiptPage.render(view).raw)
            if let pages, let generation {
                pages.store(key, page: bytes, generation: generation, now: now, validUntil: Self.validUntil(view, receipt, now: now))
            }
            return CustomerPage.response(.ok, bytes: bytes)
        }
    }

    /// The shared frame of every form: rate limit, resolve the link, check CSRF, read the form,
    /// run the action; an `InputError` re-renders the page with the reason (422).
    func post(
        _ request: Request, _ context: EncoreRequestContext,
        action: @Sendable (Receipt, FormBody) async throws -> String
    ) async throws -> Response {
        let now = clock.now()
        let token = context.parameters.get("token") ?? ""
        if let wait = limiter.take(PublicLimits.keys(context, token: token), now: now) {
            return CustomerPage.tooManyRequests(retryAfter: wait, branding: nil)
        }
        guard case .valid(let receipt) = try await resolve(context, now: now) else { return Self.notFound() }
        let form = try await FormBody.read(request)
        guard guardian.verify(form["csrf"], scope: token, now: now) else {
            return PublicLimits.forbidden(Branding(store: receipt.store))
        }
        do {
            let done = try await action(receipt, form)
            return CustomerPage.redirect(to: "/r/\(token)?done=\(done)")
        } catch let error as InputError {
            return CustomerPage.response(
                .unprocessableContent, ReceiptPage.render(try await view(receipt, notice: nil, error: error, now: now)))
        }
    }

    func scratch(_ receipt: Receipt, _ form: FormBody) async throws -> String {
        guard let campaign = form["campaign"], !campaign.isEmpty,
            try await ScratchService(storage: storage, clock: clock).reveal(
                storeID: receipt.store.id, campaignKey: campaign, orderKey: receipt.detail.order.key) != nil
        else { throw InputError(field: "campaign", reason: "this order has no such scratch card") }
        return "scratch"
    }

    func nps(_ receipt: Receipt, _ form: FormBody) async throws -> String {
        guard let text = form["score"], let score = Int(text) else {
            throw InputError(field: "score", reason: "choose a number from 0 to 10")
        }
        let order = receipt.detail.order
        _ = try await care.answer(
            store: receipt.store, customer: receipt.customer, kind: .nps, touchpoint: .order, subjectKey: order.key,
            orderKey: order.key, score: score, channel: "receipt", now: clock.now())
        return "nps"
    }

    func reason(_ receipt: Receipt, _ form: FormBody) async throws -> String {
        let reason = try FreeText.clean(form["reason"] ?? "", field: "reason", maxLength: 2_000, required: true)
        let key = FeedbackRecord.key(kind: .nps, touchpoint: .order, subjectKey: receipt.detail.order.key)
        guard try await storage.setFeedbackReason(storeID: receipt.store.id, key: key, reason: reason, now: clock.now())
        else { throw InputError(field: "reason", reason: "answer the question first") }
        return "reason"
    }

    func dismiss(_ receipt: Receipt, _ form: FormBody) async throws -> String {
        let order = receipt.detail.order
        _ = try await storage.dismissFeedback(
            FeedbackRecord(
                storeID: receipt.store.id, kind: .nps, touchpoint: .order, subjectKey: order.key,
                customerKey: receipt.customer.key, orderKey: order.key, askedAt: clock.now()), now: clock.now())
        return "dismiss"
    }

    static let topics = ["delivery": "Where is my order?", "damaged": "Damaged or wrong item", "return": "Returns and refunds", "other": "A question"]

    func ticket(_ receipt: Receipt, _ form: FormBody) async throws -> String {
        guard let topic = form["topic"], let title = Self.topics[topic] else {
            throw InputError(field: "topic", reason: "choose a topic")
        }
        let message = try FreeText.clean(form["message"] ?? "", field: "message", maxLength: 5_000, required: true)
        let order = receipt.detail.order
        // One ticket per form shown: a double submit (same CSRF token) finds the first.
        let ref = "\(order.key):\(form["csrf"] ?? "")"
        _ = try await care.openTicket(
            store: receipt.store, customer: receipt.customer, orderKey: order.key,
            subject: "\(title) (order \(order.number ?? order.key))", body: message, author: receipt.customer.displayName,
            priority: topic == "damaged" ? .high : .normal, source: .receipt, sourceRef: ref, now: clock.now())
        return "ticket"
    }

    func returnRequest(_ receipt: Receipt, _ form: FormBody) async throws -> String {
        let reason = try FreeText.clean(form["reason"] ?? "", field: "reason", maxLength: 200, required: true)
        var lines: [(lineKey: String, quantity: Int64)] = []
        for line in receipt.detail.order.lines {
            guard let text = form["qty.\(line.key)"], !text.isEmpty else { continue }
            guard let quantity = Int64(text), quantity >= 0 else {
                throw InputError(field: "qty.\(line.key)", reason: "'\(text)' is not a quantity")
            }
            if quantity > 0 { lines.append((line.key, quantity)) }
        }
        guard !lines.isEmpty else { throw InputError(field: "quantity", reason: "choose at least one item to return") }
        _ = try await care.requestReturn(store: receipt.store, detail: receipt.detail, lines: lines, reason: reason, now: clock.now())
        return "return"
    }

    func review(_ receipt: Receipt, _ form: FormBody) async throws -> String {
        guard let sku = form["sku"], let line = receipt.detail.order.lines.first(where: { $0.sku == sku }) else {
            throw InputError(field: "sku", reason: "that product is not in this order")
        }
        guard let starsText = form["stars"], let stars = Int(starsText), (1...5).contains(stars) else {
            throw InputError(field: "stars", reason: "choose from 1 to 5 stars")
        }
        let title = try FreeText.clean(form["title"] ?? "", field: "title", maxLength: 120, required: true)
        let body = try FreeText.clean(form["body"] ?? "", field: "body", maxLength: 5_000, required: true)
        _ = try await care.submitReview(
            store: receipt.store, customer: receipt.customer, orderKey: receipt.detail.order.key, sku: sku,
            productTitle: line.title, stars: stars, title: title, body: body, now: clock.now())
        return "review"
    }

    /// An expired or revoked link asks for a fresh one: it goes to the address on file, never
    /// to one typed here, and the page says the same whether or not there is one.
    func resend(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        let now = clock.now()
        let token = context.parameters.get("token") ?? ""
        if let wait = limiter.take(PublicLimits.keys(context, token: token), now: now) {
            return CustomerPage.tooManyRequests(retryAfter: wait, branding: nil)
        }
        guard let claims = signer.authentic(token, purpose: "receipt"), let orderKey = claims.orderKey,
            let store = try await storage.store(id: claims.storeID)
        else { return Self.notFound() }
        let form = try await FormBody.read(request)
        guard guardian.verify(form["csrf"], scope: token, now: now) else { return PublicLimits.forbidden(Branding(store: store)) }
        if let detail = try await storage.order(storeID: store.id, key: orderKey),
            let customer = try await storage.customer(storeID: store.id, key: claims.customerKey, eventLimit: 0)?.customer,
            let email = customer.email, let url = care.receiptURL(store: store, order: detail.order, now: now)
        {
            let number = detail.order.number ?? detail.order.key
            try await storage.enqueue([
                care.message(
                    store: store, to: email, customerKey: customer.key, purpose: .transactional,
                    subject: "Your receipt for order \(number)",
                    text: "Here is a fresh link to your receipt for order \(number):\n\(url)", id: "receipt-link-\(orderKey)",
                    now: now)
            ])
        }
        return stalePage(claims, store, token: token, now: now, sent: true)
    }
}

/// Rate-limit keys and refusals shared by the public routes.
enum PublicLimits {
    /// The client's address (the socket's peer, or the address a trusted proxy forwarded) and,
    /// when given, the link token's hash.
    static func keys(_ context: EncoreRequestContext, token: String?) -> [String] {
        var keys = ["ip:" + (context.clientAddress ?? "unknown")]
        if let token, !token.isEmpty {
            var hasher = StableHasher()
            hasher.combine(token)
            keys.append("token:" + hasher.hexDigest)
        }
        return keys
    }

    static func forbidden(_ branding: Branding?) -> Response {
        CustomerPage.response(
            .forbidden,
            CustomerPage.page(
                title: "Form expired", branding: branding,
                body: "<h1>This form has expired</h1><p role=\"alert\">Please go back, reload the page and try again.</p>"))
    }
}
