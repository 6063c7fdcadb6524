import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation
import HTTPTypes
import Hummingbird

/// The referral link `/ref/{store}/{code}`: the invitation page and its form (CSRF-checked, rate
/// limited per address and per code). The friend's address is screened at once (self-referral,
/// the referrer's own address, a burst from one network address, an existing customer) and
/// the outcome, a rejection with its reason included, is stored.
struct ReferralRoutes: Sendable {
    let care: CareService
    let guardian: FormGuard
    let limiter: RateLimiter

    var storage: any EncoreStorage { care.storage }

    func register(on router: Router<EncoreRequestContext>) {
        router.get("ref/:store/:code") { request, context in try await page(request, context) }
        router.post("ref/:store/:code") { request, context in try await accept(request, context) }
    }

    /// The store, the canonical code and its owner's first name; nil for an unknown store or code,
    /// or a store without a loyalty program.
    func invitation(_ context: EncoreRequestContext) async throws -> (Store, String, String?, Int64?)? {
        guard let name = context.parameters.get("store"), let typed = context.parameters.get("code"),
            let store = try await storage.store(named: name),
            let program = try await storage.loyaltyProgram(storeID: store.id),
            let code = ReferralCode(normalizing: typed)?.text,
            let owner = try await storage.referralOwner(storeID: store.id, code: code)
        else { return nil }
        let referrer = try await storage.customer(storeID: store.id, key: owner, eventLimit: 0)?.customer
        return (store, code, referrer?.firstName, program.program.rule(for: .referral)?.points)
    }

    func page(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        guard let (store, code, referrer, points) = try await invitation(context) else { return ReceiptRoutes.notFound() }
        let csrf = guardian.token(scope: "ref:\(store.id):\(code)", now: care.clock.now())
        return CustomerPage.response(
            .ok, ReferralPage.invitation(store: store, referrerName: referrer, code: code, points: points, csrf: csrf))
    }

    func accept(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        let now = care.clock.now()
        let typed = context.parameters.get("code") ?? ""
        if let wait = limiter.take(PublicLimits.keys(context, token: "ref:" + typed), now: now) {
            return CustomerPage.tooManyRequests(retryAfter: wait, branding: nil)
        }
        guard let (store, code, referrer, points) = try await invitation(context) else { return ReceiptRoutes.notFound() }
        let scope = "ref:\(store.id):\(code)"
        let form = try await FormBody.read(request)
        guard guardian.verify(form["csrf"], scope: scope, now: now) else { return PublicLimits.forbidden(Branding(store: store)) }
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        let outcome = try await ReferralService(storage: storage, clock: care.clock).accept(
            store: store, code: code, email: email, ip: context.clientAddress)
        switch outcome {
        case .invalidEmail:
            return CustomerPage.response(
                .unprocessableContent,
                ReferralPage.invitation(
                    store: store, referrerName: referrer, code: code, points: points,
                    csrf: guardian.token(scope: scope, now: now), email: String(email.prefix(320)),
                    error: "Enter an e-mail address such as name@example.com."))
        case .unknownCode:
            return ReceiptRoutes.notFound(Branding(store: store))
        case .recorded(let record):
            return CustomerPage.response(
                record.status == .rejected ? .conflict : .ok, ReferralPage.outcome(store: store, record: record, existing: false))
        case .existing(let record):
            return CustomerPage.response(.ok, ReferralPage.outcome(store: store, record: record, existing: true))
        }
    }
}
