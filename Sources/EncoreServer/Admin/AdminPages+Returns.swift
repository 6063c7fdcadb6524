import EncoreCore
import EncoreStore
import Foundation
import Hummingbird

extension AdminPages {
    /// GET /admin/stores/:store/returns: open returns with their lines, and the next steps.
    func returns(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let list = try await storage.returns(
            storeID: store.id, statuses: [.requested, .approved, .received], limit: AdminRoutes.pageSize)
        let csrf: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(session.csrfToken)\">"
        var rows: [HTML] = []
        for item in list {
            let detail = try await storage.order(storeID: store.id, key: item.orderKey)
            let lines = detail?.returns.first { $0.key == item.returnKey }?.lines ?? []
            let titles: [HTML] = lines.map { line in
                let title = detail?.order.lines.first { $0.key == line.lineKey }?.title ?? line.lineKey
                return "<li>\(line.quantity) × \(title)</li>"
            }
            let next: [ReturnStatus] =
                switch item.status {
                case .requested: [.approved, .rejected]
                case .approved: [.received, .rejected]
                case .received: [.refunded]
                default: []
                }
            let buttons: [HTML] = next.map { "<button type=\"submit\" name=\"status\" value=\"\($0.rawValue)\">\($0 == .refunded ? "Refund" : $0.rawValue.capitalized)</button> " }
            rows.append(
                """
                <tr><td>\(item.orderKey)</td><td>\(item.status.rawValue)</td><td><ul>\(titles)</ul></td><td>\(item.reason ?? "—")</td>
                <td>\(HTML.time(item.requestedAt))</td><td><form method="post" action="/admin/stores/\(store.id)/returns/\(HTML.segment(item.orderKey))/\(HTML.segment(item.returnKey))">\(csrf)\(buttons)</form></td></tr>
                """)
        }
        let body = AdminLayout.table(
            caption: "Open returns, newest first", head: ["Order", "Status", "Lines", "Reason", "Requested", "Next"], rows: rows,
            empty: "No open returns.")
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Returns", session: session, store: store, section: .returns, body: body))
    }

    /// POST /admin/stores/:store/returns/:order/:return: moves a return on; "refunded" records the
    /// refund of its lines (their share of each line's total) as a refund and its event.
    func returnAction(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let fields = try await checkedForm(request, context)
        let store = try await store(context)
        let orderKey = try parameter("order", context)
        let returnKey = try parameter("return", context)
        guard let detail = try await storage.order(storeID: store.id, key: orderKey),
            var item = detail.returns.first(where: { $0.key == returnKey })
        else { throw AdminPageError.notFound }
        guard let status = ReturnStatus(rawValue: fields["status"] ?? "") else {
            throw AdminPageError(.unprocessableContent, "Unknown status.")
        }
        let now = clock.now()
        item.status = status
        var batch = IngestBatch(storeID: store.id, origin: .live, returns: [item])
        if status == .refunded {
            var lines: [RefundLine] = []
            for line in item.lines {
                guard let ordered = detail.order.lines.first(where: { $0.key == line.lineKey }), ordered.quantity > 0 else { continue }
                lines.append(RefundLine(lineKey: line.lineKey, quantity: line.quantity, amount: ordered.total * line.quantity / ordered.quantity))
            }
            let amount = lines.reduce(Int64(0)) { $0 + $1.amount }
            batch.refunds = [
                Refund(
                    storeID: store.id, key: "refund-\(returnKey)", orderKey: orderKey, amount: amount,
                    currency: detail.order.currency, reason: "return \(returnKey)", createdAt: now, lines: lines)
            ]
        }
        do {
            _ = try await storage.ingest(batch, now: now)
        } catch let error as IngestError {
            throw AdminPageError(.unprocessableContent, error.description)
        }
        return AdminLayout.redirect(to: "/admin/stores/\(store.id)/returns")
    }
}
