import EncoreCore
import EncoreStore
import Foundation
import Hummingbird

extension AdminPages {
    /// GET /admin/stores/:store/reviews[?status=S]: the moderation queue (pending: what moderation
    /// flagged, never a low score), published and rejected reviews, each with publish, reject and reply.
    func reviews(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let status = request.uri.queryParameters["status"].map(String.init).flatMap {
            ["pending", "published", "rejected"].contains($0) ? $0 : nil
        } ?? "pending"
        let reviews = try await storage.reviews(storeID: store.id, status: status, limit: AdminRoutes.pageSize)
        let base = "/admin/stores/\(store.id)/reviews"
        let tabs: [HTML] = ["pending", "published", "rejected"].map {
            "<li><a href=\"\(base)?status=\($0)\"\(HTML(raw: $0 == status ? " aria-current=\"page\"" : ""))>\($0 == "pending" ? "Moderation queue" : $0.capitalized)</a></li>"
        }
        let csrf: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(session.csrfToken)\">"
        let items: [HTML] = reviews.map { review in
            let flags: [HTML] = review.flags.map { "<li>\($0)</li>" }
            let flagList: HTML = flags.isEmpty ? .empty : "<p class=\"bad\">Flagged:</p><ul>\(flags)</ul>"
            let action = "\(base)/\(HTML.segment(review.key))"
            return """
                <li class="card"><p><strong>\(review.stars)/5 · \(review.title)</strong> — \(review.sku) · \(review.author) · order \(review.orderKey) · \(HTML.time(review.createdAt))</p>
                <pre>\(review.body)</pre>\(flagList)
                <form method="post" action="\(action)">\(csrf)
                <button type="submit" name="status" value="published">Publish</button> <button type="submit" name="status" value="rejected">Reject</button></form>
                <form method="post" action="\(action)">\(csrf)<label for="reply-\(HTML.segment(review.key))">Public reply</label>
                <textarea id="reply-\(HTML.segment(review.key))" name="reply" rows="2" maxlength="2000">\(review.reply ?? "")</textarea>
                <p><button type="submit">Save reply</button></p></form></li>
                """
        }
        let list: HTML = items.isEmpty ? "<p class=\"empty\">No reviews here.</p>" : "<ol class=\"inbox\">\(items)</ol>"
        let body: HTML = """
            <ul class="tabs">\(tabs)</ul>
            <p class="muted">Every buyer is invited to review; moderation holds a review only for profanity, links or personal data, never for its score.</p>
            \(list)
            """
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Reviews", session: session, store: store, section: .reviews, body: body))
    }

    /// POST /admin/stores/:store/reviews/:review: publish, reject, or set the reply.
    func reviewAction(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let fields = try await checkedForm(request, context)
        let store = try await store(context)
        let key = try parameter("review", context)
        let now = clock.now()
        var found = true
        if let status = fields["status"] {
            guard ["published", "rejected"].contains(status) else { throw AdminPageError(.unprocessableContent, "Unknown status.") }
            found = try await storage.moderateReview(storeID: store.id, key: key, status: status, now: now)
        } else if let reply = fields["reply"] {
            let text: String
            do {
                text = try FreeText.clean(reply, field: "reply", maxLength: 2_000, required: false)
            } catch let error as InputError {
                throw AdminPageError(.unprocessableContent, "\(error.field): \(error.reason)")
            }
            found = try await storage.replyToReview(storeID: store.id, key: key, reply: text, now: now)
        }
        guard found else { throw AdminPageError.notFound }
        return AdminLayout.redirect(to: "/admin/stores/\(store.id)/reviews")
    }
}
