import EncoreCore
import EncoreLoyalty
import EncoreStore
import Hummingbird

extension AdminPages {
    /// The loyalty page's referrals: how many per status, and the latest 50 with who invited whom,
    /// from which address, and the reason of every rejection.
    func referralSection(_ store: Store) async throws -> HTML {
        let counts = try await storage.referralCounts(storeID: store.id)
        let summary = ReferralStatus.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: " · ")
        let rows: [HTML] = try await storage.referrals(storeID: store.id, referrerKey: nil, status: nil, limit: 50).map { referral in
            let link = "/admin/stores/\(store.id)/loyalty/customers/\(HTML.segment(referral.referrerKey))"
            return """
                <tr><td>\(HTML.time(referral.createdAt))</td><td><a href="\(link)">\(referral.referrerKey)</a> (\(referral.code))</td>
                <td>\(referral.friendEmail)</td><td>\(referral.friendOrderKey ?? "")</td><td>\(referral.ip ?? "")</td>
                <td>\(referral.status.rawValue)</td><td>\(referral.reason.map { "\($0.code): \($0.description)" } ?? "")</td></tr>
                """
        }
        let table = AdminLayout.table(
            caption: "Referrals (latest 50)", head: ["Accepted", "Referrer (code)", "Friend", "First order", "From", "Status", "Reason"],
            rows: rows, empty: "No referrals yet.")
        return "<section aria-labelledby=\"referrals\"><h2 id=\"referrals\">Referrals</h2><p>\(summary)</p>\(table)</section>"
    }
}
