import EncoreCore
import EncoreStore
import Hummingbird

/// One-click answers from messages: `/nps/{token}?score=N` and `/csat/{token}?score=N` show a
/// confirmation page (a GET never records anything, so mail scanners that follow links never
/// vote); its POST records the answer, then asks the follow-up question. A dismissal is recorded
/// apart from an answer.
struct SurveyRoutes: Sendable {
    let care: CareService
    let signer: LinkSigner
    let guardian: FormGuard
    let limiter: RateLimiter

    var storage: any EncoreStorage { care.storage }

    func register(on router: Router<EncoreRequestContext>) {
        for kind in [SurveyKind.nps, .csat] {
            router.get("\(kind.rawValue)/:token") { request, context in try await confirm(kind, request, context) }
            router.post("\(kind.rawValue)/:token") { request, context in try await record(kind, request, context) }
        }
    }

    /// A verified survey link: who is asked about what.
    struct Question: Sendable {
        var store: Store
        var customer: Customer
        var touchpoint: Touchpoint
        var subjectKey: String
        var orderKey: String?
        var key: String
    }

    func question(_ kind: SurveyKind, _ context: EncoreRequestContext) async throws -> Question? {
        guard let token = context.parameters.get("token"),
            let claims = signer.verify(token, purpose: kind.rawValue, now: care.clock.now()),
            let store = try await storage.store(id: claims.storeID),
            let customer = try await storage.customer(storeID: store.id, key: claims.customerKey, eventLimit: 0)?.customer
        else { return nil }
        var touchpoint = Touchpoint.order
        var subject = claims.orderKey ?? ""
        if let target = claims.target, let colon = target.firstIndex(of: ":"),
            let kind = Touchpoint(rawValue: String(target[..<colon]))
        {
            touchpoint = kind
            subject = String(target[target.index(after: colon)...])
        }
        guard !subject.isEmpty, try await belongs(touchpoint, subject, orderKey: claims.orderKey, to: customer) else {
            return nil
        }
        return Question(
            store: store, customer: customer, touchpoint: touchpoint, subjectKey: subject, orderKey: claims.orderKey,
            key: FeedbackRecord.key(kind: kind, touchpoint: touchpoint, subjectKey: subject))
    }

    /// Whether the survey's subject (the ticket, or the order) is the customer's, in their
    /// store: a link never records an answer about anything else.
    func belongs(_ touchpoint: Touchpoint, _ subject: String, orderKey: String?, to customer: Customer) async throws -> Bool {
        if touchpoint == .ticket {
            guard let ticket = try await storage.ticket(storeID: customer.storeID, key: subject)?.ticket else { return false }
            return ticket.customerKey == customer.key
        }
        guard let key = touchpoint == .order ? subject : orderKey else { return true }
        guard let order = try await storage.order(storeID: customer.storeID, key: key)?.order else { return false }
        return order.customerKey == customer.key
    }

    static func prompt(_ kind: SurveyKind, _ q: Question) -> String {
        switch (kind, q.touchpoint) {
        case (.nps, _): "How likely are you to recommend \(Branding(store: q.store).name) to a friend?"
        case (.csat, .ticket): "How satisfied are you with the help you got?"
        case (.csat, .delivery): "How satisfied are you with the delivery?"
        case (.csat, .order): "How satisfied are you with your order?"
        }
    }

    func confirm(_ kind: SurveyKind, _ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        let now = care.clock.now()
        guard let q = try await question(kind, context), let token = context.parameters.get("token") else {
            return ReceiptRoutes.notFound()
        }
        let branding = Branding(store: q.store)
        let hidden: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(guardian.token(scope: token, now: now))\">"
        if let stored = try await storage.feedback(storeID: q.store.id, key: q.key), stored.status == "answered" {
            return CustomerPage.response(.ok, answered(kind, q, stored, branding: branding, hidden: hidden, token: token))
        }
        let range = kind.scores
        let chosen = request.uri.queryParameters.get("score").flatMap { Int($0) }.flatMap { range.contains($0) ? $0 : nil }
        let body: HTML
        if let chosen {
            body = """
                <h1>\(Self.prompt(kind, q))</h1><p>You chose <strong>\(chosen)</strong> \(kind.scaleText).</p>
                <form method="post" action="/\(kind.rawValue)/\(token)">\(hidden)<input type="hidden" name="score" value="\(chosen)">
                <p><button type="submit">Confirm \(chosen)</button></p></form>
                <p><a href="/\(kind.rawValue)/\(token)">Choose another score</a></p>
                """
        } else {
            let buttons: [HTML] = range.map {
                "<button type=\"submit\" name=\"score\" value=\"\($0)\" aria-label=\"\($0) \(kind.scaleText)\">\($0)</button>"
            }
            body = """
                <form method="post" action="/\(kind.rawValue)/\(token)">\(hidden)<fieldset><legend><h1>\(Self.prompt(kind, q))</h1></legend>
                <div class="scale">\(buttons)</div></fieldset></form>
                <form method="post" action="/\(kind.rawValue)/\(token)">\(hidden)<input type="hidden" name="dismiss" value="1">
                <p><button type="submit" class="secondary">I'd rather not say</button></p></form>
                """
        }
        return CustomerPage.response(.ok, CustomerPage.page(title: "Your opinion", branding: branding, body: body))
    }

    func answered(_ kind: SurveyKind, _ q: Question, _ stored: FeedbackRecord, branding: Branding, hidden: HTML, token: String)
        -> HTML
    {
        let follow: HTML =
            stored.reason == nil
            ? """
            <form method="post" action="/\(kind.rawValue)/\(token)">\(hidden)
            <label for="reason">What is the main reason for your score?</label>
            <textarea id="reason" name="reason" maxlength="2000" required></textarea><p><button type="submit">Send</button></p></form>
            """
            : "<p>Thank you for telling us why.</p>"
        return CustomerPage.page(
            title: "Thank you", branding: branding,
            body: "<h1>Thank you!</h1><p role=\"status\">Your answer (\(stored.score ?? 0) \(kind.scaleText)) is recorded.</p>\(follow)")
    }

    func record(_ kind: SurveyKind, _ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        let now = care.clock.now()
        let token = context.parameters.get("token") ?? ""
        if let wait = limiter.take(PublicLimits.keys(context, token: token), now: now) {
            return CustomerPage.tooManyRequests(retryAfter: wait, branding: nil)
        }
        guard let q = try await question(kind, context) else { return ReceiptRoutes.notFound() }
        let branding = Branding(store: q.store)
        let form = try await FormBody.read(request)
        guard guardian.verify(form["csrf"], scope: token, now: now) else { return PublicLimits.forbidden(branding) }
        let hidden: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(guardian.token(scope: token, now: now))\">"
        if form["dismiss"] != nil {
            _ = try await storage.dismissFeedback(
                FeedbackRecord(
                    storeID: q.store.id, kind: kind, touchpoint: q.touchpoint, subjectKey: q.subjectKey,
                    customerKey: q.customer.key, orderKey: q.orderKey, askedAt: now), now: now)
            return CustomerPage.response(
                .ok, CustomerPage.page(title: "Thank you", branding: branding, body: "<h1>No problem</h1><p role=\"status\">We won't ask about this again.</p>"))
        }
        if let text = form["reason"] {
            do {
                let reason = try FreeText.clean(text, field: "reason", maxLength: 2_000, required: true)
                _ = try await storage.setFeedbackReason(storeID: q.store.id, key: q.key, reason: reason, now: now)
            } catch let error as InputError {
                return CustomerPage.response(
                    .unprocessableContent,
                    CustomerPage.page(title: "Check your answer", branding: branding, body: "<p class=\"error\" role=\"alert\">\(error.reason)</p><p><a href=\"/\(kind.rawValue)/\(token)\">Back</a></p>"))
            }
        } else {
            guard let text = form["score"], let score = Int(text), kind.scores.contains(score) else {
                return CustomerPage.response(
                    .unprocessableContent,
                    CustomerPage.page(
                        title: "Choose a score", branding: branding,
                        body: "<p class=\"error\" role=\"alert\">Choose a score from \(kind.scores.lowerBound) to \(kind.scores.upperBound).</p><p><a href=\"/\(kind.rawValue)/\(token)\">Back</a></p>"))
            }
            _ = try await care.answer(
                store: q.store, customer: q.customer, kind: kind, touchpoint: q.touchpoint, subjectKey: q.subjectKey,
                orderKey: q.orderKey, score: score, channel: "email", now: now)
        }
        guard let stored = try await storage.feedback(storeID: q.store.id, key: q.key) else { return ReceiptRoutes.notFound() }
        return CustomerPage.response(.ok, answered(kind, q, stored, branding: branding, hidden: hidden, token: token))
    }
}
