import EncoreCore
import EncoreJourneys
import EncoreLoyalty
import EncoreStore
import Foundation

/// Everything the smart receipt shows, gathered by `ReceiptRoutes`.
struct ReceiptView: Sendable {
    var store: Store
    var branding: Branding
    var customer: Customer
    var detail: OrderDetail
    /// The receipt's link token (forms post back under it).
    var token: String
    var csrf: String
    var nps: FeedbackRecord?
    /// Whether the NPS question may be shown (throttling across surveys).
    var askNPS: Bool
    var reviews: [ReviewRecord]
    var tickets: [Ticket]
    /// Per line: how many may still be returned, while the window is open.
    var returnable: [String: Int64]
    var returnClosesAt: Timestamp?
    var notice: String?
    var error: InputError?
    var now: Timestamp
    /// The customer's preference centre (a path on this server), if they can have one.
    var preferencesPath: String? = nil
    /// The order's points and the customer's standing, when the store has a loyalty program.
    var loyalty: ReceiptLoyalty? = nil
    /// "You may also like": bought together with this order's products, none the customer has.
    var alsoLike: [RecommendedProduct] = []
    /// The order's scratch cards, with their campaigns (for the odds).
    var scratch: [(card: ScratchCard, campaign: ScratchCampaign)] = []
    /// The allied offers running at this store, as the customer stands with each.
    var allied: [AlliedOfferStanding] = []
}

/// The receipt's loyalty slot.
struct ReceiptLoyalty: Sendable {
    /// Points this order earned (after refunds), and whether they are still pending.
    var orderPoints: Int64
    var orderPending: Bool
    var status: LoyaltyStatus
    /// The customer's loyalty page.
    var path: String
}

/// The smart receipt: itemised receipt, live status, one-tap NPS with its follow-up, reviews of
/// the order's products, returns, help and a ticket form. Every form works without script.
enum ReceiptPage {
    /// Points earned by the order, the balance, the tier and the way to the loyalty page.
    static func loyalty(_ view: ReceiptView) -> HTML {
        guard let loyalty = view.loyalty else { return .empty }
        let balances = loyalty.status.balance.balances
        var earned: HTML = .empty
        if loyalty.orderPoints > 0 {
            earned =
                loyalty.orderPending
                ? "<p>This order earned you <strong>\(loyalty.orderPoints) points</strong>, yours to spend once its return window closes.</p>"
                : "<p>This order earned you <strong>\(loyalty.orderPoints) points</strong>.</p>"
        }
        var tier: HTML = .empty
        if let current = loyalty.status.tier {
            tier = "<p>\(current.name) member"
            if let progress = loyalty.status.progress, let next = loyalty.status.program?.program.tier(key: progress.nextKey) {
                tier = "\(tier) · <label for=\"receipt-tier\">on the way to \(next.name)</label> <progress id=\"receipt-tier\" max=\"1000\" value=\"\(progress.perMille)\">\(progress.perMille / 10)%</progress>"
            }
            tier = "\(tier)</p>"
        }
        return """
            <section aria-labelledby="loyalty-h" class="no-print"><h2 id="loyalty-h">Your points</h2>\(earned)
            <p>\(balances.spendable) points to spend\(balances.pending > 0 ? " and \(balances.pending) on the way" : "").</p>\(tier)
            <p><a href="\(loyalty.path)">See your points and rewards</a></p></section>
            """
    }

    /// The order's scratch cards: a button to scratch, or what it revealed; the odds printed on
    /// each (the outcome was decided when the order qualified, not when it is scratched).
    static func scratch(_ view: ReceiptView) -> HTML {
        guard !view.scratch.isEmpty else { return .empty }
        let cards: [HTML] = view.scratch.map { card, campaign in
            let odds: [HTML] = campaign.odds.lines.map { "<li>\($0)</li>" }
            let face: HTML
            if card.revealedAt == nil {
                face = """
                    <form method="post" action="\(action(view, "scratch"))">\(hidden(view))<input type="hidden" name="campaign" value="\(campaign.key)">
                    <p><button type="submit">Scratch your card</button></p></form>
                    """
            } else if let label = card.prizeLabel {
                face = "<p class=\"status\" role=\"status\"><strong>You won: \(label)!</strong></p>"
            } else {
                face = "<p>No prize this time. Thank you for your order!</p>"
            }
            return "<div class=\"card\">\(face)<details><summary>Odds</summary><ul>\(odds)</ul></details></div>"
        }
        return """
            <section aria-labelledby="scratch-h" class="no-print"><h2 id="scratch-h">Your scratch card</h2>\(cards)</section>
            """
    }

    /// Products often bought with this order's, by name (the shop's own pages sell them).
    static func alsoLike(_ view: ReceiptView) -> HTML {
        guard !view.alsoLike.isEmpty else { return .empty }
        let items: [HTML] = view.alsoLike.map { "<li>\($0.title)</li>" }
        let shop: HTML = view.store.settings.url.map { "<p><a href=\"\($0)\">Visit the shop</a></p>" } ?? .empty
        return """
            <section aria-labelledby="also-h" class="no-print"><h2 id="also-h">You may also like</h2>
            <p class="hint">Often bought together with what you ordered.</p><ul>\(items)</ul>\(shop)</section>
            """
    }

    static func render(_ view: ReceiptView) -> HTML {
        let order = view.detail.order
        let zone = TimeZone(identifier: view.customer.timeZone ?? view.store.timeZone) ?? TimeZone(identifier: "UTC")!
        let time = LocalTimeFormatter(zone: zone, locale: view.customer.locale)
        let number = order.number ?? order.key
        let first = view.customer.firstName.map { ", \($0)" } ?? ""
        var notice: HTML = .empty
        if let text = view.notice { notice = "<p class=\"status\" role=\"status\">\(text)</p>" }
        if let error = view.error {
            notice = "<p class=\"error\" role=\"alert\"><strong>Please check \(label(error.field)):</strong> \(error.reason)</p>"
        }
        return CustomerPage.page(
            title: "Order \(number)", branding: view.branding,
            body: """
                \(notice)
                <section aria-labelledby="thanks"><h1 id="thanks">Thank you\(first)!</h1>
                <p>Order <strong>\(number)</strong> · placed \(time.date(order.placedAt))</p>
                \(statusTimeline(view, time))</section>
                \(itemised(view))
                \(shipments(view, time))
                \(feedback(view))
                \(reviews(view))
                \(loyalty(view))
                \(scratch(view))
                \(alsoLike(view))
                \(allied(view))
                \(returns(view, time))
                \(help(view))
                \(view.preferencesPath.map { "<p class=\"no-print\"><a href=\"\($0)\">Your e-mail preferences and data</a></p>" as HTML } ?? .empty)
                """)
    }

    static func label(_ field: String) -> String {
        switch field {
        case "score": "your score"
        case "reason": "the reason"
        case "message": "your message"
        case "topic": "the topic"
        case "stars": "the stars"
        case "title": "the title"
        case "body": "your review"
        case "sku": "the product"
        default: field.replacingOccurrences(of: "_", with: " ")
        }
    }

    static func money(_ minor: Int64, _ currency: Currency) -> String {
        MoneyFormatter.format(Money(minorUnits: minor, currency: currency))
    }

    static func action(_ view: ReceiptView, _ path: String) -> String { "/r/\(view.token)/\(path)" }

    static func hidden(_ view: ReceiptView) -> HTML { "<input type=\"hidden\" name=\"csrf\" value=\"\(view.csrf)\">" }

    /// Placed → shipped → out for delivery → delivered, with cancellations, returns and refunds.
    static func statusTimeline(_ view: ReceiptView, _ time: LocalTimeFormatter) -> HTML {
        let order = view.detail.order
        var steps: [(String, Timestamp?, String)] = [("Order placed", order.placedAt, "done")]
        if let cancelled = order.cancelledAt {
            steps.append(("Order cancelled", cancelled, "bad"))
        } else {
            let checkpoints = view.detail.shipments.flatMap(\.checkpoints)
            let shipped = checkpoints.filter { $0.status != .labelCreated }.map(\.at).min()
            let out = checkpoints.filter { $0.status == .outForDelivery }.map(\.at).min()
            let delivered = CareService.deliveredAt(view.detail)
            let trouble = checkpoints.filter { [.exception, .failedAttempt, .returnedToSender].contains($0.status) }
                .max { $0.at < $1.at }
            steps.append(("On its way", shipped, shipped == nil ? "" : "done"))
            if let trouble, delivered == nil || trouble.at > delivered! {
                steps.append((ShipmentText.status(trouble.status), trouble.at, "bad"))
            }
            // A carrier that never reported "out for delivery" still delivered: skip that step then.
            if out != nil || delivered == nil { steps.append(("Out for delivery", out, out == nil ? "" : "done")) }
            steps.append(("Delivered", delivered, delivered == nil ? "" : "done"))
        }
        for ret in view.detail.returns {
            steps.append(("Return \(ret.status.rawValue)", ret.requestedAt, "done"))
        }
        for refund in view.detail.refunds {
            steps.append(("Refunded \(money(refund.amount, refund.currency))", refund.createdAt, "done"))
        }
        let items: [HTML] = steps.map { name, at, state in
            let when: HTML = at.map { "<br><span class=\"muted\">\(time.dateTime($0))</span>" } ?? .empty
            let done: HTML = state.isEmpty ? "<span class=\"sr-only\"> (not yet)</span>" : .empty
            return "<li class=\"\(state)\">\(name)\(done)\(when)</li>"
        }
        return "<h2>Status</h2><ol class=\"timeline\" aria-label=\"Order status\">\(items)</ol>"
    }

    static func itemised(_ view: ReceiptView) -> HTML {
        let order = view.detail.order
        let currency = order.currency
        let lines: [HTML] = order.lines.map { line in
            """
            <tr><td>\(line.title)\(line.sku.map { "<br><span class=\"muted\">SKU \($0)</span>" as HTML } ?? .empty)</td>
            <td class="n">\(line.quantity) × \(money(line.unitPrice, currency))</td><td class="n">\(money(line.total, currency))</td></tr>
            """
        }
        var totals: [HTML] = ["<tr><th scope=\"row\" colspan=\"2\">Subtotal</th><td class=\"n\">\(money(order.subtotal, currency))</td></tr>"]
        if order.discounts != 0 {
            totals.append("<tr><th scope=\"row\" colspan=\"2\">Discounts</th><td class=\"n\">−\(money(order.discounts, currency))</td></tr>")
        }
        totals.append("<tr><th scope=\"row\" colspan=\"2\">Shipping</th><td class=\"n\">\(money(order.shipping, currency))</td></tr>")
        totals.append("<tr><th scope=\"row\" colspan=\"2\">Tax</th><td class=\"n\">\(money(order.tax, currency))</td></tr>")
        totals.append("<tr class=\"total\"><th scope=\"row\" colspan=\"2\">Total</th><td class=\"n\">\(money(order.total, currency))</td></tr>")
        let refunded = view.detail.refunds.reduce(Int64(0)) { $0 + $1.amount }
        if refunded > 0 {
            totals.append("<tr><th scope=\"row\" colspan=\"2\">Refunded</th><td class=\"n\">−\(money(refunded, currency))</td></tr>")
        }
        let payment = String(order.financialStatus.rawValue.map { $0 == "_" ? " " : $0 })
        return """
            <section aria-labelledby="receipt"><h2 id="receipt">Receipt</h2>
            <table><caption class="sr-only">Items in order \(order.number ?? order.key)</caption>
            <thead><tr><th scope="col">Item</th><th scope="col" class="n">Qty × price</th><th scope="col" class="n">Amount</th></tr></thead>
            <tbody>\(lines)</tbody><tfoot>\(totals)</tfoot></table>
            <p class="muted">Payment: \(payment) · \(currency.code) · bought \(order.channel.rawValue == "pos" ? "in store" : "online")</p></section>
            """
    }

    static func shipments(_ view: ReceiptView, _ time: LocalTimeFormatter) -> HTML {
        guard !view.detail.shipments.isEmpty else { return .empty }
        let parts: [HTML] = view.detail.shipments.map { shipment in
            let checkpoints: [HTML] = shipment.checkpoints.map { point in
                let place: HTML = point.location.map { " · \($0)" } ?? .empty
                let bad = [.exception, .failedAttempt, .returnedToSender].contains(point.status)
                return "<li class=\"\(bad ? "bad" : "done")\">\(ShipmentText.status(point.status))\(place)<br><span class=\"muted\">\(time.dateTime(point.at))</span></li>"
            }
            let carrier = [shipment.carrier, shipment.trackingNumber].compactMap { $0 }.joined(separator: " · ")
            let delivered = shipment.checkpoints.contains { $0.status == .delivered }
            let estimate: HTML =
                delivered ? .empty : shipment.estimatedDelivery.map { "<p>Estimated delivery: <strong>\(time.date($0))</strong></p>" } ?? .empty
            return """
                <div class="card"><h3>Parcel\(carrier.isEmpty ? "" : ": ")\(carrier)</h3>\(estimate)
                <ol class="timeline">\(checkpoints)</ol></div>
                """
        }
        return "<section aria-labelledby=\"tracking\"><h2 id=\"tracking\">Tracking</h2>\(parts)</section>"
    }

    static func feedback(_ view: ReceiptView) -> HTML {
        if let nps = view.nps, nps.status == "answered", let score = nps.score {
            let follow: HTML =
                nps.reason == nil
                ? """
                <form method="post" action="\(action(view, "nps/reason"))">\(hidden(view))
                <label for="reason">What is the main reason for your score?</label>
                <textarea id="reason" name="reason" maxlength="2000" required></textarea>
                <p><button type="submit">Send</button></p></form>
                """
                : "<p>Thank you for telling us why.</p>"
            return """
                <section id="feedback" aria-labelledby="feedback-h"><h2 id="feedback-h">Your feedback</h2>
                <p>You gave us <strong>\(score) out of 10</strong>. Thank you!</p>\(follow)</section>
                """
        }
        if view.nps?.status == "dismissed" || !view.askNPS { return .empty }
        let buttons: [HTML] = (0...10).map { score in
            "<button type=\"submit\" name=\"score\" value=\"\(score)\" aria-label=\"\(score) out of 10\">\(score)</button>"
        }
        return """
            <section id="feedback" class="no-print" aria-labelledby="feedback-h"><h2 id="feedback-h">One quick question</h2>
            <form method="post" action="\(action(view, "nps"))">\(hidden(view))
            <fieldset><legend>How likely are you to recommend \(view.branding.name) to a friend?</legend>
            <div class="scale">\(buttons)</div><div class="scale-ends" aria-hidden="true"><span>0 · not likely</span><span>10 · very likely</span></div></fieldset></form>
            <form method="post" action="\(action(view, "nps/dismiss"))">\(hidden(view))<p><button type="submit" class="secondary">Not now</button></p></form>
            </section>
            """
    }

    static func reviews(_ view: ReceiptView) -> HTML {
        let products = uniqueProducts(view.detail.order)
        guard !products.isEmpty, CareService.deliveredAt(view.detail) != nil || view.detail.order.channel.rawValue == "pos"
        else { return .empty }
        let written = Dictionary(view.reviews.map { ($0.sku, $0) }, uniquingKeysWith: { a, _ in a })
        let items: [HTML] = products.map { sku, title in
            if let review = written[sku] {
                let state = review.status == "published" ? "published" : review.status == "pending" ? "waiting for a quick check" : "not published"
                return "<li><strong>\(title)</strong>: you gave \(review.stars) of 5 <span class=\"badge\">Verified buyer</span> <span class=\"muted\">(\(state))</span></li>"
            }
            let stars: [HTML] = (1...5).reversed().map { n in
                "<label><input type=\"radio\" name=\"stars\" value=\"\(n)\" required> \(n) \(n == 1 ? "star" : "stars")</label>"
            }
            let id = "review-\(HTML.segment(sku))"
            return """
                <li><details><summary>Review \(title)</summary>
                <form method="post" action="\(action(view, "review"))">\(hidden(view))<input type="hidden" name="sku" value="\(sku)">
                <fieldset><legend>Your rating</legend><div class="stars">\(stars)</div></fieldset>
                <label for="\(id)-title">Title</label><input type="text" id="\(id)-title" name="title" maxlength="120" required>
                <label for="\(id)-body">Your review</label><textarea id="\(id)-body" name="body" maxlength="5000" required></textarea>
                <p class="hint">Every review is published, good or bad, after a quick check for personal details and links.</p>
                <p><button type="submit">Post review</button></p></form></details></li>
                """
        }
        return """
            <section class="no-print" aria-labelledby="reviews-h"><h2 id="reviews-h">Review what you bought</h2>
            <ul class="plain">\(items)</ul></section>
            """
    }

    /// Each SKU of the order once, with its title.
    static func uniqueProducts(_ order: Order) -> [(String, String)] {
        var seen = Set<String>()
        var out: [(String, String)] = []
        for line in order.lines {
            guard let sku = line.sku, !sku.isEmpty, seen.insert(sku).inserted else { continue }
            out.append((sku, line.title))
        }
        return out
    }

    static func returns(_ view: ReceiptView, _ time: LocalTimeFormatter) -> HTML {
        let open = view.detail.order.lines.filter { (view.returnable[$0.key] ?? 0) > 0 }
        guard let closes = view.returnClosesAt, !open.isEmpty else { return .empty }
        let rows: [HTML] = open.map { line in
            let most = view.returnable[line.key] ?? 0
            let options: [HTML] = (0...most).map { "<option value=\"\($0)\">\($0)</option>" }
            let id = "qty-\(HTML.segment(line.key))"
            return "<label for=\"\(id)\">\(line.title) (up to \(most))</label><select id=\"\(id)\" name=\"qty.\(line.key)\">\(options)</select>"
        }
        return """
            <section class="no-print" aria-labelledby="returns-h"><h2 id="returns-h">Return something</h2>
            <details><summary>Request a return</summary><p class="hint">You can ask until \(time.date(closes)).</p>
            <form method="post" action="\(action(view, "return"))">\(hidden(view))\(rows)
            <label for="return-reason">Reason</label><select id="return-reason" name="reason" required>
            <option value="">Choose a reason</option><option>Doesn't fit</option><option>Arrived damaged</option>
            <option>Not as described</option><option>Changed my mind</option><option>Other</option></select>
            <p><button type="submit">Request return</button></p></form></details></section>
            """
    }

    static func help(_ view: ReceiptView) -> HTML {
        let open: [HTML] = view.tickets.map {
            "<li>#\($0.number) \($0.subject) <span class=\"muted\">(\($0.status.rawValue))</span></li>"
        }
        let mine: HTML = open.isEmpty ? .empty : "<p>Your requests:</p><ul>\(open)</ul>"
        return """
            <section class="no-print" aria-labelledby="help-h"><h2 id="help-h">Need help?</h2>
            <details><summary>Step by step</summary><ol class="steps">
            <li>Check the tracking above: most parcels move within a day of the last update.</li>
            <li>Not arrived by the estimated date? Check with neighbours and your building's mailroom.</li>
            <li>Wrong or damaged item? Request a return above, or write to us below with a photo description.</li>
            <li>Anything else: send us a message below. We answer within our business hours.</li></ol></details>
            \(mine)
            <details id="contact"><summary>Write to us</summary>
            <form method="post" action="\(action(view, "ticket"))">\(hidden(view))
            <label for="topic">Topic</label><select id="topic" name="topic" required><option value="">Choose a topic</option>
            <option value="delivery">Where is my order?</option><option value="damaged">Damaged or wrong item</option>
            <option value="return">Returns and refunds</option><option value="other">Something else</option></select>
            <label for="message">Message</label><textarea id="message" name="message" maxlength="5000" required></textarea>
            <p><button type="submit">Send message</button></p></form></details></section>
            """
    }
}

/// Customer-facing words for shipment statuses.
enum ShipmentText {
    static func status(_ status: ShipmentStatus) -> String {
        switch status {
        case .labelCreated: "Label created"
        case .inTransit: "In transit"
        case .outForDelivery: "Out for delivery"
        case .delivered: "Delivered"
        case .failedAttempt: "Delivery attempt failed"
        case .exception: "Delivery problem"
        case .returnedToSender: "Returned to sender"
        }
    }
}
