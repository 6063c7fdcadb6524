import EncoreCore
import EncoreLoyalty
import EncoreStore
import HTTPTypes
import Hummingbird

extension LoyaltyRoutes {
    /// POST `/l/{token}/birthday`: saves the birthday chosen on the page (month and day), when the
    /// program gives birthday points and none is on file yet. CSRF-checked and rate limited like
    /// the redeem form; a month or day that does not exist is shown again with a 422.
    func saveBirthday(_ request: Request, _ context: EncoreRequestContext) async throws -> Response {
        let now = care.clock.now()
        let token = context.parameters.get("token") ?? ""
        if let wait = limiter.take(PublicLimits.keys(context, token: token), now: now) {
            return CustomerPage.tooManyRequests(retryAfter: wait, branding: nil)
        }
        guard let (store, customer, token) = try await member(context) else { return ReceiptRoutes.notFound() }
        guard let program = try await storage.loyaltyProgram(storeID: store.id), program.program.rule(for: .birthday) != nil
        else { return ReceiptRoutes.notFound(Branding(store: store)) }
        let form = try await FormBody.read(request)
        guard guardian.verify(form["csrf"], scope: token, now: now) else { return PublicLimits.forbidden(Branding(store: store)) }
        func again(_ status: HTTPResponse.Status, _ error: String) async throws -> Response {
            CustomerPage.response(
                status,
                LoyaltyPage.render(try await view(store, customer, token, notice: nil, error: error, program: program)))
        }
        if let problem = LoyaltyPage.birthdayProblem(month: form["month"], day: form["day"]) {
            return try await again(.unprocessableContent, problem)
        }
        let birthday = Birthday(month: Int(form["month"] ?? "") ?? 0, day: Int(form["day"] ?? "") ?? 0)!
        guard try await storage.setBirthdayIfMissing(storeID: store.id, customerKey: customer.key, birthday: birthday, now: now)
        else { return try await again(.conflict, "Your birthday is already on file; to change it, contact the shop.") }
        return CustomerPage.redirect(to: "/l/\(token)?birthday=1#birthday")
    }
}
