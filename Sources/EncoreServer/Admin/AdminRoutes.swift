import EncoreCore
import EncoreStore
import Foundation
import Hummingbird

/// The admin pages under /admin: sign-in, the store picker, journeys with their funnels and
/// diagrams, instance timelines, the outbox and the mailbox. Server-rendered HTML, no script.
///
/// Every page but the login needs a session, and shows only the stores of the user's
/// organisation: another organisation's store id in a URL answers 404, like an unknown one.
public enum AdminRoutes {
    /// Most rows a list page shows (the newest).
    static let pageSize = 100

    /// Adds the admin routes to `router`.
    public static func register(
        on router: Router<EncoreRequestContext>, storage: any EncoreStorage, clock: any Clock, links: JourneyLinks
    ) {
        register(on: router, auth: AdminAuth(storage: storage, clock: clock), links: links)
    }

    static func register(on router: Router<EncoreRequestContext>, auth: AdminAuth, links: JourneyLinks) {
        let admin = router.group("admin", context: AdminRequestContext.self)
            .add(middleware: AdminErrorMiddleware())
        let login = AdminLoginPage(auth: auth)
        admin.get("login") { request, _ in try await login.show(request) }
        admin.post("login") { request, _ in try await login.submit(request) }

        let pages = AdminPages(storage: auth.storage, clock: auth.clock, links: links)
        let signedIn = admin.group().add(middleware: AdminSessionMiddleware(auth: auth))
        signedIn.post("logout") { request, _ in
            AdminLayout.redirect(to: "/admin/login", cookies: [try await auth.endSession(for: request)])
        }
        signedIn.get("/") { _, context in try await pages.home(context) }
        signedIn.get("allied") { request, context in try await pages.allied(request, context) }
        signedIn.get("stores/:store") { _, context in
            let store = try await pages.store(context)
            return AdminLayout.redirect(to: "/admin/stores/\(store.id)/overview")
        }
        signedIn.get("dashboard") { request, context in try await pages.dashboard(request, context) }
        signedIn.get("stores/:store/overview") { request, context in try await pages.overview(request, context) }
        signedIn.get("stores/:store/journeys") { _, context in try await pages.journeys(context) }
        signedIn.get("stores/:store/journey-map") { request, context in try await pages.journeyMap(request, context) }
        signedIn.get("stores/:store/customers") { request, context in try await pages.customers(request, context) }
        signedIn.get("stores/:store/customers/:customer") { request, context in try await pages.customer(request, context) }
        signedIn.get("stores/:store/journeys/:journey") { request, context in try await pages.journey(request, context)
        }
        signedIn.get("stores/:store/instances/:key") { _, context in try await pages.instance(context) }
        signedIn.get("stores/:store/outbox") { request, context in try await pages.outbox(request, context) }
        signedIn.get("stores/:store/outbox/:message") { _, context in try await pages.message(context) }
        signedIn.get("stores/:store/mailbox") { _, context in try await pages.mailbox(context) }
        signedIn.get("stores/:store/tickets") { request, context in try await pages.tickets(request, context) }
        signedIn.get("stores/:store/tickets/new") { request, context in try await pages.newTicket(request, context) }
        signedIn.post("stores/:store/tickets/new") { request, context in try await pages.createTicket(request, context) }
        signedIn.get("stores/:store/tickets/:ticket") { request, context in try await pages.ticket(request, context) }
        for action in ["reply", "note", "update"] {
            signedIn.post("stores/:store/tickets/:ticket/\(action)") { request, context in
                try await pages.ticketAction(action, request, context)
            }
        }
        signedIn.get("stores/:store/reviews") { request, context in try await pages.reviews(request, context) }
        signedIn.post("stores/:store/reviews/:review") { request, context in try await pages.reviewAction(request, context) }
        signedIn.get("stores/:store/returns") { request, context in try await pages.returns(request, context) }
        signedIn.get("stores/:store/loyalty") { request, context in try await pages.loyalty(request, context) }
        signedIn.get("stores/:store/loyalty/customers/:customer") { request, context in
            try await pages.loyaltyCustomer(request, context)
        }
        signedIn.post("stores/:store/returns/:order/:return") { request, context in
            try await pages.returnAction(request, context)
        }
    }

    /// `next` if it is a path of the admin pages (never another site: no scheme, no `//`).
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/admin"), !next.hasPrefix("/admin/login"), !next.contains("//"),
            !next.contains("\\"), next.utf8.count <= 512,
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f })
        else { return nil }
        return next
    }
}

/// GET and POST /admin/login.
struct AdminLoginPage {
    let auth: AdminAuth

    func show(_ request: Request) async throws -> Response {
        if try await auth.session(for: request) != nil {
            return AdminLayout.redirect(
                to: AdminRoutes.safeNext(request.uri.queryParameters["next"].map(String.init)) ?? "/admin")
        }
        let next = AdminRoutes.safeNext(request.uri.queryParameters["next"].map(String.init))
        return try await form(request, status: .ok, email: "", next: next, error: nil)
    }

    func submit(_ request: Request) async throws -> Response {
        var request = request
        let fields = try await AdminForm.read(&request)
        guard try await auth.checkLoginToken(fields["csrf"], request: request) else { throw AdminPageError.forbidden }
        let email = String((fields["email"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(254))
        let password = fields["password"] ?? ""
        let next = AdminRoutes.safeNext(fields["next"])
        let now = auth.clock.now()
        if auth.throttle.isBlocked(email, now: now) {
            return try await form(
                request, status: .tooManyRequests, email: email, next: next,
                error: "Too many failed attempts for this email. Wait 15 minutes and try again.")
        }
        guard !email.isEmpty, !password.isEmpty, password.utf8.count <= 1_024,
            let user = try await auth.authenticate(email: email, password: password)
        else {
            auth.throttle.recordFailure(email, now: now)
            return try await form(
                request, status: .unauthorized, email: email, next: next,
                error: "The email or the password is not right.")
        }
        auth.throttle.recordSuccess(email)
        let session = try await auth.startSession(for: user, secure: AdminAuth.isSecure(request))
        let clearLogin = Cookie(
            name: AdminAuth.loginCookie, value: "", maxAge: 0, path: "/admin", secure: AdminAuth.isSecure(request),
            httpOnly: true, sameSite: .lax)
        return AdminLayout.redirect(to: next ?? "/admin", cookies: [session, clearLogin])
    }

    private func form(_ request: Request, status: HTTPResponse.Status, email: String, next: String?, error: String?)
        async throws -> Response
    {
        let (nonce, cookie) = auth.loginNonce(for: request)
        let token = try await auth.loginToken(nonce: nonce)
        let alert: HTML = error.map { "<p class=\"error\" role=\"alert\" id=\"login-error\">\($0)</p>" } ?? .empty
        let describedBy: HTML = error == nil ? .empty : " aria-describedby=\"login-error\""
        let nextField: HTML = next.map { "<input type=\"hidden\" name=\"next\" value=\"\($0)\">" } ?? .empty
        let body: HTML = """
            \(alert)<form class="login" method="post" action="/admin/login">
            <input type="hidden" name="csrf" value="\(token)">\(nextField)
            <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="\(email)"\(describedBy)\(HTML(raw: email.isEmpty ? " autofocus" : ""))>
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required\(describedBy)\(HTML(raw: email.isEmpty ? "" : " autofocus"))>
            <p><button type="submit">Sign in</button></p></form>
            <p class="muted">Accounts are created on the server with <code>encore users create</code>.</p>
            """
        return AdminLayout.response(
            status, AdminLayout.page(title: "Sign in", session: nil, body: body), cookies: cookie.map { [$0] } ?? [])
    }
}
