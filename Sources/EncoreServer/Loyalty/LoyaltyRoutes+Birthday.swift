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
        var published: PublishedLoyaltyProgram?
        let (store, customer, token, form): (Store, Customer, String, FormBody)
        let start = try await posted(request, context, now: now) { store in
            published = try await storage.loyaltyProgram(storeID: store.id)
            return published?.program.rule(for: .birthday) == nil ? ReceiptRoutes.notFound(Branding(store: store)) : nil
        }
        switch start {
        case .refused(let response): return response
        case .accepted(let s, let c, let t, let f): (store, customer, token, form) = (s, c, t, f)
        }
        guard let program = published else { return ReceiptRoutes.notFound(Branding(store: store)) }
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
