import EncoreCore
import EncoreStore
import HTTPTypes
import Hummingbird
import NIOCore

/// The preference centre at `/p/{token}`: consent per channel and purpose (saved at once and
/// read by every journey), "export my data" as JSON, and "erase my data" (a request, a
/// confirmation link by e-mail, then erasure everywhere but the bookkeeping the law requires).
struct PreferenceRoutes: Sendable {
    let care: CareService
    let signer: LinkSigner
    let guardian: FormGuard
    let limiter: RateLimiter

    var storage: any EncoreStorage { care.storage }

    func register(on router: Router<EncoreRequestContext>) {
        router.get("p/:token") { request, context in try await page(request, context) }
        router.post("p/:token") { request, context in try await save(request, context) }
        router.get("p/:token/export") { _, context in try await export(context) }
        router.post("p/:token/erase") { request, context in try await requestErasure(request, context) }
        router.get("erase/:token") { _, context in try await confirmErasure(context) }
        router.post("erase/:token") { request, context in try await erase(request, context) }
    }

    /// The choices offered: (channel, purpose, what it means). Order e-mails are not optional.
    static let choices: [(EncoreCore.Channel, Purpose, String)] = [
        (.email, .marketing, "News and offers by e-mail"),
        (.email, .feedback, "Short surveys by e-mail (at most one a month)"),
        (.sms, .transactional, "Delivery updates by text message"),
        (.sms, .marketing, "News and offers by text message"),
        (.sms, .feedback, "Short surveys by text message"),
    ]

    func customer(_ context: EncoreRequestContext, purpose: String) async throws -> (Store, Customer, String)? {
        guard let token = context.parameters.get("token"),
            let claims = signer.verify(token, purpose: purpose, now: care.clock.now()),
            let store = try await storage.store(id: claims.storeID),
            let customer = try await storage.customer(storeID: store.id, key: claims.customerKey, eventLimit: 0)?
                .customer
        else { return nil }
        return (store, customer, token)
    }

    func granted(_ customer: Customer, _ channel: EncoreCore.Channel, _ purpose: Purpose, suppressed: Bool) -> Bool {
        if channel == .email && purpose == .marketing && suppressed { return false }
        return customer.consents.first { $0.channel == channel && $0.purpose == purpose }?.granted
            ?? (purpose != .marketing)
    }

    func page(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        guard let (store, customer, token) = try await customer(context, purpose: "preferences") else {
            return ReceiptRoutes.notFound()
        }
        let saved = request.uri.queryParameters.get("saved") != nil
        return CustomerPage.response(
            .ok,
            try await render(store, customer, token, notice: saved ? "Saved. Your choices apply from now on." : nil))
    }

    func render(_ store: Store, _ customer: Customer, _ token: String, notice: String?) async throws -> HTML {
        let now = care.clock.now()
        let branding = Branding(store: store)
        var suppressed = false
        if let email = customer.email {
            suppressed = try await storage.suppressions(storeID: store.id, channel: .email).contains {
                $0.address == email.lowercased()
            }
        }
        let csrf = guardian.token(scope: token, now: now)
        var boxes: [HTML] = []
        for (channel, purpose, text) in Self.choices {
            guard channel == .email ? customer.email != nil : customer.phone != nil else { continue }
            let name = "\(channel.rawValue).\(purpose.rawValue)"
            let checked = granted(customer, channel, purpose, suppressed: suppressed) ? " checked" : ""
            boxes.append("<label><input type=\"checkbox\" name=\"\(name)\" value=\"on\"\(checked)> \(text)</label>")
        }
        let status: HTML = notice.map { "<p class=\"status\" role=\"status\">\($0)</p>" } ?? .empty
        let address: HTML = customer.email.map { "<p>For <strong>\($0)</strong>.</p>" } ?? .empty
        return CustomerPage.page(
            title: "Your preferences", branding: branding,
            body: """
                \(status)<section aria-labelledby="prefs"><h1 id="prefs">What \(branding.name) may send you</h1>\(address)
                <form method="post" action="/p/\(token)"><input type="hidden" name="csrf" value="\(csrf)">
                <fieldset><legend>Choose what you want to receive</legend>\(boxes)</fieldset>
                <p class="hint">Order confirmations and delivery e-mails always arrive: they are part of your purchase.</p>
                <p><button type="submit">Save my choices</button></p></form></section>
                <section aria-labelledby="data"><h2 id="data">Your data</h2>
                <p><a class="button" href="/p/\(token)/export" download="my-data.json">Export my data (JSON)</a></p>
                <details><summary>Erase my data</summary>
                <p>We remove your name, contact details, reviews, messages and answers everywhere. We keep only what the law requires (order dates, amounts and taxes), without your name.</p>
                <form method="post" action="/p/\(token)/erase"><input type="hidden" name="csrf" value="\(csrf)">
                <p><button type="submit" class="secondary">Ask to erase my data</button></p></form></details></section>
                """)
    }

    /// The frame of every POST here: rate limit, the link's customer, the form and its CSRF token.
    func guarded(
        _ request: Request, _ context: EncoreRequestContext, purpose: String,
        action: (Store, Customer, String, FormBody, Timestamp) async throws -> Response
    ) async throws -> Response {
        let now = care.clock.now()
        if let wait = limiter.take(PublicLimits.keys(context, token: context.parameters.get("token")), now: now) {
            return CustomerPage.tooManyRequests(retryAfter: wait, branding: nil)
        }
        guard let (store, customer, token) = try await customer(context, purpose: purpose) else {
            return ReceiptRoutes.notFound()
        }
        let form = try await FormBody.read(request)
        guard guardian.verify(form["csrf"], scope: token, now: now) else {
            return PublicLimits.forbidden(Branding(store: store))
        }
        return try await action(store, customer, token, form, now)
    }

    func save(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        try await guarded(request, context, purpose: "preferences") { store, customer, token, form, now in
            var consents: [Consent] = []
            for (channel, purpose, _) in Self.choices {
                guard channel == .email ? customer.email != nil : customer.phone != nil else { continue }
                let on = form["\(channel.rawValue).\(purpose.rawValue)"] == "on"
                consents.append(Consent(channel: channel, purpose: purpose, granted: on, updatedAt: now))
                if channel == .email, purpose == .marketing, let email = customer.email {
                    if on {
                        try await storage.unsuppress(storeID: store.id, channel: .email, address: email)
                    } else {
                        try await storage.suppress(
                            storeID: store.id, channel: .email, address: email, reason: "unsubscribed", now: now)
                    }
                }
            }
            try await storage.setConsents(storeID: store.id, customerKey: customer.key, consents: consents)
            return CustomerPage.redirect(to: "/p/\(token)?saved=1")
        }
    }

    func export(_ context: EncoreRequestContext) async throws -> Response {
        guard let (store, customer, _) = try await customer(context, purpose: "preferences"),
            let json = try await storage.exportCustomer(storeID: store.id, customerKey: customer.key)
        else { return ReceiptRoutes.notFound() }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"my-data.json\"",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    func requestErasure(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        try await guarded(request, context, purpose: "preferences") { store, customer, _, _, now in
            let branding = Branding(store: store)
            try await storage.requestErasure(storeID: store.id, customerKey: customer.key, now: now)
            let url = care.links.url(
                LinkRequest(
                    purpose: .erase, storeID: store.id, customerKey: customer.key, orderKey: nil, messageID: nil,
                    issuedAt: now))
            let body: HTML
            if let email = customer.email {
                try await storage.enqueue([
                    care.message(
                        store: store, to: email, customerKey: customer.key, purpose: .transactional,
                        subject: "Confirm: erase your data",
                        text:
                            "You asked \(branding.name) to erase your data. To confirm, open this link within 48 hours:\n\(url)\n\nIf you did not ask, ignore this message: nothing will be erased.",
                        id: "erase-\(customer.key)", now: now)
                ])
                body =
                    "<h1>Check your inbox</h1><p role=\"status\">We sent a confirmation link to <strong>\(email)</strong>. Your data is erased once you confirm.</p>"
            } else {
                body = "<h1>Confirm erasure</h1><p><a class=\"button\" href=\"\(url)\">Continue to confirm</a></p>"
            }
            return CustomerPage.response(.ok, CustomerPage.page(title: "Erase my data", branding: branding, body: body))
        }
    }

    func confirmErasure(_ context: EncoreRequestContext) async throws -> Response {
        guard let (store, _, token) = try await customer(context, purpose: "erase") else {
            return ReceiptRoutes.notFound()
        }
        let csrf = guardian.token(scope: token, now: care.clock.now())
        return CustomerPage.response(
            .ok,
            CustomerPage.page(
                title: "Erase my data", branding: Branding(store: store),
                body: """
                    <h1>Erase your data?</h1><p>This cannot be undone. Your name, contact details, reviews, messages and answers are removed; order amounts stay for the accounts, without your name.</p>
                    <form method="post" action="/erase/\(token)"><input type="hidden" name="csrf" value="\(csrf)">
                    <p><button type="submit">Yes, erase my data</button></p></form>
                    """))
    }

    func erase(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        try await guarded(request, context, purpose: "erase") { store, customer, _, _, now in
            let branding = Branding(store: store)
            try await storage.eraseCustomer(storeID: store.id, customerKey: customer.key, now: now)
            return CustomerPage.response(
                .ok,
                CustomerPage.page(
                    title: "Data erased", branding: branding,
                    body:
                        "<h1>Your data is erased</h1><p role=\"status\">\(branding.name) no longer holds your name, contact details or messages.</p>"
                ))
        }
    }
}
