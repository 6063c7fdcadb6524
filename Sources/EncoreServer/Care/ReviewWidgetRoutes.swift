import EncoreCore
import EncoreStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A product's published reviews for the shop's own site: `/reviews/{store}/{sku}` is an HTML
/// widget made to be framed (`<iframe src=…>`), `/reviews/{store}/{sku}.json` the same as JSON
/// with a schema.org `Product` and `AggregateRating` for search engines. Every review is from a
/// verified buyer; no score is ever held back.
struct ReviewWidgetRoutes: Sendable {
    let storage: any EncoreStorage

    func register(on router: Router<EncoreRequestContext>) {
        router.get("reviews/:store/:sku") { _, context in try await widget(context) }
    }

    func widget(_ context: EncoreRequestContext) async throws -> Response {
        guard let name = context.parameters.get("store"), var sku = context.parameters.get("sku"),
            let store = try await storage.store(named: name)
        else { return ReceiptRoutes.notFound() }
        sku = sku.removingPercentEncoding ?? sku
        let json = sku.hasSuffix(".json")
        if json { sku.removeLast(5) }
        guard !sku.isEmpty, sku.utf8.count <= 200 else { return ReceiptRoutes.notFound() }
        let summary = try await storage.reviewSummary(storeID: store.id, sku: sku, limit: 20)
        if json { return Self.json(summary, store: store) }
        return CustomerPage.response(.ok, Self.html(summary, store: store), framable: true)
    }

    static func average(_ summary: ReviewSummary) -> String { String(format: "%.1f", summary.average) }

    static func json(_ summary: ReviewSummary, store: Store) -> Response {
        var members: [(String, JSONText)] = [
            ("@context", .string("https://schema.org")), ("@type", .string("Product")), ("sku", .string(summary.sku)),
            ("brand", .object([("@type", .string("Brand")), ("name", .string(Branding(store: store).name))])),
        ]
        if summary.count > 0 {
            members.append(
                (
                    "aggregateRating",
                    .object([
                        ("@type", .string("AggregateRating")), ("ratingValue", .raw(average(summary))),
                        ("reviewCount", .int(Int64(summary.count))), ("bestRating", .int(5)), ("worstRating", .int(1)),
                    ])
                ))
        }
        members.append(
            (
                "review",
                .array(
                    summary.reviews.map { review in
                        var fields: [(String, JSONText)] = [
                            ("@type", .string("Review")), ("name", .string(review.title)), ("reviewBody", .string(review.body)),
                            ("author", .object([("@type", .string("Person")), ("name", .string(review.author))])),
                            ("datePublished", .string(String(review.createdAt.iso8601.prefix(10)))),
                            ("reviewRating", .object([("@type", .string("Rating")), ("ratingValue", .int(Int64(review.stars)))])),
                            ("verifiedBuyer", .bool(true)),
                        ]
                        if let reply = review.reply { fields.append(("merchantReply", .string(reply))) }
                        return .object(fields)
                    })
            ))
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=60",
                .accessControlAllowOrigin: "*", HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ], body: .init(byteBuffer: ByteBuffer(string: JSONText.object(members).rendered)))
    }

    static func stars(_ n: Int) -> String { String(repeating: "★", count: n) + String(repeating: "☆", count: 5 - n) }

    static func html(_ summary: ReviewSummary, store: Store) -> HTML {
        let items: [HTML] = summary.reviews.map { review in
            let reply: HTML = review.reply.map { "<p class=\"card\"><strong>Reply from \(Branding(store: store).name):</strong> \($0)</p>" } ?? .empty
            return """
                <li class="card"><p><span aria-hidden="true">\(stars(review.stars))</span><span class="sr-only">\(review.stars) out of 5 stars</span>
                <strong>\(review.title)</strong></p><p>\(review.body)</p>
                <p class="muted">\(review.author) <span class="badge">Verified buyer</span> · <time datetime="\(review.createdAt.iso8601)">\(String(review.createdAt.iso8601.prefix(10)))</time></p>\(reply)</li>
                """
        }
        let head: HTML =
            summary.count == 0
            ? "<p>No reviews yet.</p>"
            : "<p><strong>\(average(summary)) out of 5</strong> from \(summary.count) verified \(summary.count == 1 ? "buyer" : "buyers")</p>"
        return CustomerPage.page(
            title: "Reviews", branding: Branding(store: store),
            body: "<section aria-labelledby=\"reviews-h\"><h1 id=\"reviews-h\">Customer reviews</h1>\(head)<ul class=\"plain\">\(items)</ul></section>")
    }
}
