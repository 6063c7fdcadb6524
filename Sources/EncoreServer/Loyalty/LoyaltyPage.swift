import EncoreCore
import EncoreJourneys
import EncoreLoyalty
import EncoreStore
import Foundation

/// Everything the customer's loyalty page shows, gathered by `LoyaltyRoutes`.
struct LoyaltyView: Sendable {
    var store: Store
    var customer: Customer
    var status: LoyaltyStatus
    var referral: ReferralSummary
    var redemptions: [Redemption]
    var usage: [String: RewardUsage]
    var token: String
    var csrf: String
    /// A fresh key per page shown: the same form posted twice redeems once.
    var requestKey: String
    var notice: String?
    var error: String?
    var now: Timestamp
}

/// The customer's referral code and link, and what came of them.
struct ReferralSummary: Sendable {
    var code: String
    var link: String
    /// Friends who accepted and have not been credited yet.
    var invited: Int
    /// Friends whose first order credited both.
    var credited: Int
}

/// `/l/{token}`: the points a customer can spend and those still pending, the tier and how far
/// the next one is, points about to expire, the rewards with a button for each one they can have
/// (or what is missing), and the codes they redeemed. Works without script.
enum LoyaltyPage {
    static func render(_ view: LoyaltyView) -> HTML {
        let zone = TimeZone(identifier: view.customer.timeZone ?? view.store.timeZone) ?? TimeZone(identifier: "UTC")!
        let time = LocalTimeFormatter(zone: zone, locale: view.customer.locale)
        let balances = view.status.balance.balances
        var notice: HTML = .empty
        if let text = view.notice { notice = "<p class=\"status\" role=\"status\">\(text)</p>" }
        if let text = view.error { notice = "<p class=\"error\" role=\"alert\">\(text)</p>" }
        let pending: HTML =
            balances.pending > 0
            ? "<p class=\"muted\">\(balances.pending) more points become yours when the return windows of your orders close.</p>"
            : .empty
        let debt: HTML =
            balances.debt > 0
            ? "<p class=\"muted\">\(balances.debt) points were taken back for a refund after they were spent; new points pay that off first.</p>"
            : .empty
        return CustomerPage.page(
            title: "Your points", branding: Branding(store: view.store),
            body: """
                \(notice)
                <section aria-labelledby="points"><h1 id="points">Your points</h1>
                <p><strong class="big">\(balances.spendable)</strong> points to spend</p>\(pending)\(debt)
                \(tier(view))
                \(expiring(view, time))</section>
                \(codes(view, time))
                \(rewards(view))
                \(birthday(view, time))
                \(referral(view))
                """)
    }

    static func tier(_ view: LoyaltyView) -> HTML {
        guard let tier = view.status.tier else { return .empty }
        var text: HTML = "<h2>\(tier.name) member</h2>"
        if tier.multiplier != .one { text = "\(text)<p>You earn \(tier.multiplier.description)× points on every order.</p>" }
        guard let progress = view.status.progress, let program = view.status.program?.program,
            let next = program.tier(key: progress.nextKey), let basis = program.tiers?.basis
        else { return text }
        let missing =
            basis == .spend
            ? Money.format(minorUnits: progress.remaining, exponent: program.currency.exponent) + " " + program.currency.code
            : "\(progress.remaining) points"
        return """
            \(text)<label for="tier-progress">\(missing) more to \(next.name)</label>
            <progress id="tier-progress" max="1000" value="\(progress.perMille)">\(progress.perMille / 10)%</progress>
            """
    }

    static func expiring(_ view: LoyaltyView, _ time: LocalTimeFormatter) -> HTML {
        guard let expiry = view.status.program?.program.expiry else { return .empty }
        let horizon = expiry.warningHorizon(from: view.now)
        let soon = view.status.balance.openLots.filter { lot in lot.expiresAt.map { $0 <= horizon } ?? false }
        guard !soon.isEmpty else { return .empty }
        let items: [HTML] = soon.map { lot in
            "<li>\(lot.remaining) points on \(time.date(lot.expiresAt ?? view.now))</li>"
        }
        return "<h2>Expiring soon</h2><ul class=\"plain\">\(items)</ul>"
    }

    static func codes(_ view: LoyaltyView, _ time: LocalTimeFormatter) -> HTML {
        guard !view.redemptions.isEmpty else { return .empty }
        let program = view.status.program?.program
        let items: [HTML] = view.redemptions.prefix(20).map { redemption in
            let name = program?.reward(key: redemption.rewardKey)?.name ?? redemption.rewardKey
            return "<li><strong>\(name)</strong>: <code>\(redemption.code)</code> <span class=\"muted\">· \(time.date(redemption.createdAt))</span></li>"
        }
        return """
            <section aria-labelledby="codes"><h2 id="codes">Your codes</h2>
            <p class="hint">Enter a code at checkout in the shop.</p><ul class="plain">\(items)</ul></section>
            """
    }

    static func rewards(_ view: LoyaltyView) -> HTML {
        guard let program = view.status.program?.program, !program.rewards.isEmpty else { return .empty }
        let spendable = view.status.balance.balances.spendable
        let items: [HTML] = program.rewards.map { reward in
            let usage = view.usage[reward.key] ?? RewardUsage(redeemed: 0, codesLeft: 0)
            let mine = Int64(view.redemptions.filter { $0.rewardKey == reward.key }.count)
            let soldOut =
                (reward.stock.map { usage.redeemed >= $0 } ?? false) || (reward.fulfilment == .codePool && usage.codesLeft <= 0)
            let action: HTML
            if soldOut {
                action = "<p class=\"muted\">Out of stock</p>"
            } else if let limit = reward.perCustomerLimit, mine >= limit {
                action = "<p class=\"muted\">Already redeemed</p>"
            } else if spendable < reward.cost {
                action = "<p class=\"muted\">\(reward.cost - spendable) more points needed</p>"
            } else {
                action = """
                    <form method="post" action="/l/\(view.token)/redeem"><input type="hidden" name="csrf" value="\(view.csrf)">
                    <input type="hidden" name="reward" value="\(reward.key)"><input type="hidden" name="request" value="\(view.requestKey)-\(reward.key)">
                    <button type="submit">Redeem for \(reward.cost) points</button></form>
                    """
            }
            return "<li class=\"card\"><h3>\(reward.name)</h3><p>\(reward.cost) points</p>\(action)</li>"
        }
        return """
            <section aria-labelledby="rewards"><h2 id="rewards">Rewards</h2><ul class="plain">\(items)</ul></section>
            """
    }

    static func referral(_ view: LoyaltyView) -> HTML {
        let points = view.status.program?.program.rule(for: .referral)?.points
        let offer: HTML = points.map { "<p>When a friend's first order is kept past its return window, you both get \($0) points.</p>" } ?? .empty
        let progress: HTML =
            view.referral.invited + view.referral.credited > 0
            ? "<p class=\"muted\">\(view.referral.invited) invited friends still to order or to keep their order · \(view.referral.credited) credited</p>"
            : .empty
        return """
            <section aria-labelledby="invite"><h2 id="invite">Invite a friend</h2>\(offer)
            <label for="referral-link">Your link</label><input id="referral-link" readonly value="\(view.referral.link)">
            <p>Your code: <code>\(view.referral.code)</code></p>\(progress)</section>
            """
    }
}
