import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation
import Hummingbird

extension AdminPages {
    /// GET /admin/allied?from=DATE&to=DATE: the organisation's allied partners, its offers with
    /// the rewards given and waiting, and what each partner owes for the period (default: the
    /// current month, UTC; `to` exclusive).
    func allied(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let organisationID = session.organisationID
        let (from, to) = try Self.settlementPeriod(request, now: clock.now())
        let stores = Dictionary(
            try await storage.stores(organisationID: organisationID).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let partners = try await storage.alliedPartners(organisationID: organisationID)
        let partnerByID = Dictionary(partners.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let progress = try await storage.alliedProgress(organisationID: organisationID)
        let offers = try await storage.alliedOffers(organisationID: organisationID)
        let settlement = AlliedSettlement(
            rewards: try await storage.alliedIssuedRewards(organisationID: organisationID, from: from, to: to), from: from, to: to)

        let partnerRows: [HTML] = partners.map { partner in
            "<tr><td><code>\(partner.key)</code></td><td>\(partner.name)</td><td><code>\(LoyaltyAccount.partner(partner.key).code)</code></td><td>\(HTML.time(partner.createdAt))</td></tr>"
        }
        let offerRows: [HTML] = offers.map { record in
            let offer = record.offer
            let done = progress[offer.key] ?? AlliedOfferProgress()
            let spend = Money.format(minorUnits: offer.threshold, exponent: offer.currency.exponent) + " " + offer.currency.code
            return """
                <tr><td><code>\(offer.key)</code></td><td>\(stores[offer.sourceStoreID]?.name ?? "store \(offer.sourceStoreID)")</td>
                <td>\(spend) within \(offer.windowDays) days</td><td>\(stores[offer.targetStoreID]?.name ?? "store \(offer.targetStoreID)")</td>
                <td>\(Self.alliedAmount(offer.reward.amount, offer.reward.unit))</td><td>\(partnerByID[offer.partnerID]?.name ?? "partner \(offer.partnerID)")</td>
                <td>\(HTML.time(offer.startsAt)) to \(HTML.time(offer.endsAt))</td>
                <td class="n">\(done.granted) (\(Self.alliedAmount(done.grantedAmount, offer.reward.unit)))</td>
                <td class="n">\(done.waiting) (\(Self.alliedAmount(done.waitingAmount, offer.reward.unit)))</td></tr>
                """
        }
        let settlementRows: [HTML] = (settlement.partners + settlement.offers).sorted { a, b in
            if a.partnerID != b.partnerID { return a.partnerID < b.partnerID }
            if (a.offerKey == nil) != (b.offerKey == nil) { return a.offerKey == nil }
            if a.offerKey != b.offerKey { return (a.offerKey ?? "") < (b.offerKey ?? "") }
            return a.unit < b.unit
        }.map { line in
            let partner = partnerByID[line.partnerID]?.name ?? "partner \(line.partnerID)"
            let what: HTML = line.offerKey.map { "offer <code>\(HTML(raw: HTML.escape($0)))</code>" } ?? "<strong>Total</strong>"
            return "<tr><td>\(partner)</td><td>\(what)</td><td class=\"n\">\(line.count)</td><td class=\"n\">\(Self.alliedAmount(line.amount, line.unit))</td></tr>"
        }
        let body: HTML = """
            <p>Spend-threshold offers between the stores of \(session.organisationName): purchases at one brand earn a reward at another, funded by a partner and settled with it. Rewards are given by the loyalty worker on each order placed.</p>
            \(AdminLayout.table(caption: "Partners", head: ["Key", "Name", "Ledger account", "Added"], rows: partnerRows, empty: "No partners (encore allied partner add)."))
            \(AdminLayout.table(caption: "Offers", head: ["Offer", "Spend at", "Threshold", "Reward at", "Reward", "Partner", "Dates", "Given", "Waiting"], rows: offerRows, empty: "No allied offers (encore allied offer add)."))
            <section aria-labelledby="settlement"><h2 id="settlement">Settlement</h2>
            <form method="get" action="/admin/allied"><label for="from">From (inclusive)</label><input id="from" name="from" type="date" value="\(String(from.iso8601.prefix(10)))">
            <label for="to">To (exclusive)</label><input id="to" name="to" type="date" value="\(String(to.iso8601.prefix(10)))"> <button type="submit">Show</button></form>
            <p>Rewards given from \(HTML.time(from)) to \(HTML.time(to)).</p>
            \(AdminLayout.table(caption: "Owed per partner and offer", head: ["Partner", "Offer", "Rewards", "Amount"], rows: settlementRows, empty: "Nothing given in this period."))
            </section>
            """
        return AdminLayout.response(.ok, AdminLayout.page(title: "Allied brands", session: session, section: .allied, body: body))
    }

    /// The period asked for (`from`, `to`: ISO 8601 dates or times), or the current month (UTC).
    static func settlementPeriod(_ request: Request, now: Timestamp) throws -> (Timestamp, Timestamp) {
        let days = Int(now.millisecondsSinceEpoch / 86_400_000)
        let today = ISO8601.civilFromDays(days)
        let monthStart = ISO8601.daysFromCivil(year: today.year, month: today.month, day: 1)
        let nextMonth = today.month == 12
            ? ISO8601.daysFromCivil(year: today.year + 1, month: 1, day: 1)
            : ISO8601.daysFromCivil(year: today.year, month: today.month + 1, day: 1)
        var from = Timestamp(millisecondsSinceEpoch: Int64(monthStart) * 86_400_000)
        var to = Timestamp(millisecondsSinceEpoch: Int64(nextMonth) * 86_400_000)
        if let text = request.uri.queryParameters.get("from"), !text.isEmpty {
            guard let parsed = ISO8601.parse(String(text)) else { throw AdminPageError(.badRequest, "'from' is not a date (YYYY-MM-DD).") }
            from = parsed
        }
        if let text = request.uri.queryParameters.get("to"), !text.isEmpty {
            guard let parsed = ISO8601.parse(String(text)) else { throw AdminPageError(.badRequest, "'to' is not a date (YYYY-MM-DD).") }
            to = parsed
        }
        guard to > from else { throw AdminPageError(.badRequest, "'to' must be after 'from'.") }
        return (from, to)
    }

    /// "250 points" or "25.00 EUR".
    static func alliedAmount(_ amount: Int64, _ unit: AlliedRewardUnit) -> String {
        switch unit {
        case .points: return "\(amount) points"
        case .money(let currency): return Money.format(minorUnits: amount, exponent: currency.exponent) + " " + currency.code
        }
    }
}
