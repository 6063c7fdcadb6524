import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation
import HTTPTypes
import Hummingbird

/// The customer's loyalty page at `/l/{token}` (a signed link naming the store and the
/// customer, from the receipt or a message) and its redeem form: CSRF-checked, rate limited per
/// address and per token, and idempotent per page shown.
struct LoyaltyRoutes: Sendable {
    let care: CareService
    let signer: LinkSigner
    let guardian: FormGuard
    let limiter: RateLimiter

    var storage: any EncoreStorage { care.storage }

    func register(on router: Router<EncoreRequestContext>) {
        router.get("l/:token") { request, context in try await page(request, context) }
        router.get("loyalty/:token") { request, context in try await page(request, context) }
        router.post("l/:token/redeem") { request, context in try await redeem(request, context) }
        router.post("l/:token/birthday") { request, context in try await saveBirthday(request, context) }
    }

    func member(_ context: EncoreRequestContext) async throws -> (Store, Customer, String)? {
        guard let token = context.parameters.get("token"),
            let claims = signer.verify(token, purpose: LinkRequest.Purpose.loyalty.rawValue, now: care.clock.now()),
            let store = try await storage.store(id: claims.storeID),
            let customer = try await storage.customer(storeID: store.id, key: claims.customerKey, eventLimit: 0)?.customer
        else { return nil }
        return (store, customer, token)
    }

    func view(
        _ store: Store, _ customer: Customer, _ token: String, notice: String?, error: String?,
        program: PublishedLoyaltyProgram? = nil
    ) async throws -> LoyaltyView {
        let now = care.clock.now()
        let status =
            if let program {
                try await LoyaltyStatus.read(storage: storage, storeID: store.id, customerKey: customer.key, now: now, program: program)
            } else {
                try await LoyaltyStatus.read(storage: storage, storeID: store.id, customerKey: customer.key, now: now)
            }
        let code = try await ReferralService(storage: storage, clock: care.clock).code(
            storeID: store.id, customerKey: customer.key)
        let invited = try await storage.referrals(storeID: store.id, referrerKey: customer.key, status: nil, limit: 200)
        return LoyaltyView(
            store: store, customer: customer, status: status,
            referral: ReferralSummary(
                code: code, link: ReferralService.link(baseURL: care.links.baseURL, store: store, code: code),
                invited: invited.filter { $0.status == .invited || $0.status == .ordered }.count,
                credited: invited.filter { $0.status == .credited }.count),
            redemptions: try await storage.redemptions(storeID: store.id, customerKey: customer.key),
            usage: try await storage.rewardUsage(storeID: store.id), token: token,
            csrf: guardian.token(scope: token, now: now), requestKey: UUID().uuidString, notice: notice, error: error, now: now)
    }

    func page(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        guard let (store, customer, token) = try await member(context) else { return ReceiptRoutes.notFound() }
        guard let program = try await storage.loyaltyProgram(storeID: store.id) else {
            return ReceiptRoutes.notFound(Branding(store: store))
        }
        let notice =
            request.uri.queryParameters.get("redeemed") != nil
            ? "Done! Your code is at the top of “Your codes”."
            : request.uri.queryParameters.get("birthday") != nil ? "Thank you! Your birthday is saved." : nil
        return CustomerPage.response(.ok, LoyaltyPage.render(try await view(store, customer, token, notice: notice, error: nil, program: program)))
    }

    /// How a form posted to the page starts: refused (rate limit, an invalid link, a bad CSRF
    /// token) with the response to send, or accepted with the member and the fields.
    enum PostedForm {
        case refused(Response)
        case accepted(store: Store, customer: Customer, token: String, form: FormBody)
    }

    /// The start every form of the page shares: the rate limit per address and per token, the
    /// link, `refuse` (the form's own reason to answer before reading it, e.g. a 404), then the
    /// CSRF token of the page.
    func posted(
        _ request: Request, _ context: EncoreRequestContext, now: Timestamp,
        refuse: (Store) async throws -> Response? = { _ in nil }
    ) async throws -> PostedForm {
        let token = context.parameters.get("token") ?? ""
        if let wait = limiter.take(PublicLimits.keys(context, token: token), now: now) {
            return .refused(CustomerPage.tooManyRequests(retryAfter: wait, branding: nil))
        }
        guard let (store, customer, token) = try await member(context) else { return .refused(ReceiptRoutes.notFound()) }
        if let response = try await refuse(store) { return .refused(response) }
        let form = try await FormBody.read(request)
        guard guardian.verify(form["csrf"], scope: token, now: now) else {
            return .refused(PublicLimits.forbidden(Branding(store: store)))
        }
        return .accepted(store: store, customer: customer, token: token, form: form)
    }

    func redeem(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        let now = care.clock.now()
        let (store, customer, token, form): (Store, Customer, String, FormBody)
        switch try await posted(request, context, now: now) {
        case .refused(let response): return response
        case .accepted(let s, let c, let t, let f): (store, customer, token, form) = (s, c, t, f)
        }
        func again(_ status: HTTPResponse.Status, _ error: String) async throws -> Response {
            CustomerPage.response(status, LoyaltyPage.render(try await view(store, customer, token, notice: nil, error: error)))
        }
        guard let reward = form["reward"], !reward.isEmpty, let requestKey = form["request"], !requestKey.isEmpty else {
            return try await again(.unprocessableContent, "Choose a reward.")
        }
        do {
            let outcome = try await RewardRedeemer(storage: storage, clock: care.clock).redeem(
                store: store, customerKey: customer.key, rewardKey: reward, requestKey: requestKey)
            switch outcome {
            case .redeemed: return CustomerPage.redirect(to: "/l/\(token)?redeemed=1#codes")
            case .refused(let reason): return try await again(.conflict, reason.description)
            }
        } catch let error as RedeemError {
            return try await again(.unprocessableContent, "This reward cannot be redeemed here: \(error.description).")
        }
    }
}
