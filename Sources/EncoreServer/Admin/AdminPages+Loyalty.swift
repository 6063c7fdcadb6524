import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation
import Hummingbird

extension AdminPages {
    /// GET /admin/stores/:store/loyalty: the program as published (earning, tiers with their
    /// members, rewards with what is gone), the liability report and a customer look-up.
    func loyalty(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        if let wanted = request.uri.queryParameters.get("customer"), !wanted.isEmpty {
            guard let key = try await storage.customerKey(storeID: store.id, emailOrKey: String(wanted)) else {
                throw AdminPageError(.notFound, "No customer '\(wanted)' (by id or a unique e-mail address).")
            }
            return AdminLayout.redirect(to: "/admin/stores/\(store.id)/loyalty/customers/\(HTML.segment(key))")
        }
        guard let published = try await storage.loyaltyProgram(storeID: store.id) else {
            let body: HTML = "<p>No loyalty program yet. Publish one with <code>encore loyalty apply --defaults --store \(store.name)</code>.</p>"
            return AdminLayout.response(.ok, AdminLayout.page(title: "Loyalty", session: session, store: store, section: .loyalty, body: body))
        }
        let program = published.program
        let now = clock.now()
        let liability = try await storage.loyaltyLiability(storeID: store.id, now: now)
        let members = try await storage.loyaltyTierCounts(storeID: store.id)
        let usage = try await storage.rewardUsage(storeID: store.id)
        let exponent = program.currency.exponent
        func money(_ minor: Int64) -> String { Money.format(minorUnits: minor, exponent: exponent) + " " + program.currency.code }

        let rate = Self.bestPointValue(program)
        let value: HTML =
            rate.map { "<p>Worth at most <strong>\(money(Int64((Double(liability.outstanding) * $0).rounded())))</strong> at the best fixed reward (\(String(format: "%.4f", $0 / pow(10, Double(exponent)))) \(program.currency.code) a point).</p>" }
            ?? "<p>No fixed-value reward to price a point by.</p>"
        let report: HTML = """
            <section aria-labelledby="liability"><h2 id="liability">Liability</h2>
            <p><strong>\(liability.outstanding)</strong> points outstanding, held by \(liability.members) customers:
            \(liability.available) spendable, \(liability.pending) pending, less \(liability.debt) owed.</p>\(value)</section>
            """
        var earning: HTML = "<p>Purchases earn nothing.</p>"
        if let rule = program.purchase {
            let pending = rule.pendingUntilReturnWindowCloses ? ", pending until the return window closes" : ""
            earning = "<p>\(rule.pointsPerUnit) point(s) per \(money(rule.unitAmount)) spent\(pending).</p>"
        }
        var tiers: HTML = .empty
        if let policy = program.tiers {
            let rows: [HTML] = policy.tiers.sorted { $0.threshold < $1.threshold }.map { tier in
                let threshold = policy.basis == .spend ? money(tier.threshold) : "\(tier.threshold) points"
                return "<tr><td>\(tier.name)</td><td>\(threshold)</td><td>×\(tier.multiplier.description)</td><td>\(members[tier.key] ?? 0)</td></tr>"
            }
            tiers = AdminLayout.table(
                caption: "Tiers by \(policy.basis.rawValue) over \(policy.windowMonths) months, downgrade: \(policy.downgrade.rawValue)",
                head: ["Tier", "From", "Multiplier", "Members"], rows: rows, empty: "No tiers.")
        }
        let rewardRows: [HTML] = program.rewards.map { reward in
            let used = usage[reward.key] ?? RewardUsage(redeemed: 0, codesLeft: 0)
            let stock = reward.stock.map { "\(max(0, $0 - used.redeemed)) of \($0)" } ?? "unlimited"
            let codes = reward.fulfilment == .codePool ? "\(used.codesLeft) codes left" : "issued by Encore, webhook"
            return "<tr><td>\(reward.name)</td><td>\(reward.cost)</td><td>\(used.redeemed)</td><td>\(stock)</td><td>\(codes)</td></tr>"
        }
        let rewards = AdminLayout.table(
            caption: "Rewards", head: ["Reward", "Points", "Redeemed", "Stock", "Fulfilment"], rows: rewardRows, empty: "No rewards.")
        let totals = try await storage.scratchTotals(storeID: store.id)
        let campaignRows: [HTML] = try await storage.scratchCampaigns(storeID: store.id).map { record in
            let campaign = record.campaign
            let used = totals[campaign.key] ?? ScratchTotals(cards: 0, prizes: 0, budgetSpent: 0, revealed: 0)
            let odds: [HTML] = campaign.odds.lines.map { "<li>\($0)</li>" }
            return """
                <tr><td>\(campaign.key)</td><td><ul>\(odds)</ul></td><td>\(used.budgetSpent) of \(campaign.budget) \(campaign.budgetUnit.description)</td>
                <td>\(used.cards) (\(used.revealed) scratched)</td><td>\(used.prizes)</td><td>\(money(record.minimumOrder))</td></tr>
                """
        }
        let campaigns = AdminLayout.table(
            caption: "Scratch-card campaigns", head: ["Campaign", "Odds", "Budget used", "Cards", "Prizes", "Minimum order"],
            rows: campaignRows, empty: "No scratch-card campaigns (encore scratch create).")
        let referrals = try await referralSection(store)
        let body: HTML = """
            <p>Version \(published.version), published \(HTML.time(published.publishedAt)).</p>
            <form method="get" action="/admin/stores/\(store.id)/loyalty"><label for="customer">A customer's ledger (id or e-mail)</label>
            <input id="customer" name="customer" type="text" required> <button type="submit">Show</button></form>
            \(report)
            <section aria-labelledby="earning"><h2 id="earning">Earning</h2>\(earning)</section>
            \(tiers)
            \(rewards)
            \(campaigns)
            \(referrals)
            <details><summary>The program file as applied</summary><pre>\(published.source)</pre></details>
            """
        return AdminLayout.response(.ok, AdminLayout.page(title: "Loyalty", session: session, store: store, section: .loyalty, body: body))
    }

    /// GET /admin/stores/:store/loyalty/customers/:customer: balance by state, tier, open lots and
    /// every posting with its reason, newest first.
    func loyaltyCustomer(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let key = try parameter("customer", context)
        guard try await storage.customer(storeID: store.id, key: key, eventLimit: 0) != nil else { throw AdminPageError.notFound }
        let now = clock.now()
        let status = try await LoyaltyStatus.read(storage: storage, storeID: store.id, customerKey: key, now: now)
        let postings = try await storage.loyaltyPostings(storeID: store.id, customerKey: key, limit: 500)
        let b = status.balance.balances
        var tier: HTML = .empty
        if let current = status.tier { tier = "<p>Tier <strong>\(current.name)</strong>\(status.floor.map { " (floor \($0))" } ?? "").</p>" }
        let lotRows: [HTML] = status.balance.openLots.map { lot in
            "<tr><td>\(lot.source)</td><td>\(lot.remaining) of \(lot.points)</td><td>\(lot.state(at: now).rawValue)</td><td>\(lot.expiresAt.map(HTML.time) ?? "never")</td></tr>"
        }
        let postingRows: [HTML] = postings.map { posting in
            let sign = posting.credit == .customer(key) ? "+" : "−"
            return "<tr><td>\(HTML.time(posting.at))</td><td>\(posting.kind.rawValue)</td><td>\(sign)\(posting.points)</td><td>\(posting.reason)</td><td><code>\(posting.eventKey)</code></td></tr>"
        }
        let body: HTML = """
            <p>Balance <strong>\(b.balance)</strong>: \(b.available) spendable, \(b.pending) pending, \(b.spent) spent, \(b.expired) expired, \(b.reversed) reversed, \(b.debt) owed.</p>
            \(tier)
            \(AdminLayout.table(caption: "Open lots, oldest first", head: ["Source", "Left", "State", "Expires"], rows: lotRows, empty: "No open lots."))
            \(AdminLayout.table(caption: "Postings, newest first", head: ["When", "Kind", "Points", "Reason", "Key"], rows: postingRows, empty: "No postings."))
            """
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Loyalty: customer \(key)", session: session, store: store, section: .loyalty, body: body))
    }

    /// Minor units a point is worth at the fixed-discount reward that pays most per point.
    static func bestPointValue(_ program: LoyaltyProgram) -> Double? {
        program.rewards.compactMap { reward -> Double? in
            guard case .fixedDiscount(let amount) = reward.kind, reward.cost > 0 else { return nil }
            return Double(amount) / Double(reward.cost)
        }.max()
    }
}
