import EncoreCore
import EncoreLoyalty

extension ReceiptPage {
    /// The partner-brand slot: each allied offer running at this store, with how far the
    /// customer is toward it, or that they earned its reward at the partner brand. Always
    /// present as a landmark, so the shop's layout is the same with or without offers.
    static func allied(_ view: ReceiptView) -> HTML {
        guard !view.allied.isEmpty else {
            return "<aside class=\"slot no-print\" aria-label=\"An offer from a partner brand\"></aside>"
        }
        let items: [HTML] = view.allied.map { standing in
            let offer = standing.offer
            let threshold = money(offer.threshold, offer.currency)
            let reward = rewardText(offer.reward)
            if standing.earned {
                return """
                    <div class="card"><p><strong>You earned \(reward) at \(standing.targetName)!</strong>
                    It waits for you there under this e-mail address.</p></div>
                    """
            }
            let id = "allied-\(HTML.segment(offer.key))"
            let perMille = Int64(min(1_000, Int128(max(0, standing.progress)) * 1_000 / Int128(max(1, offer.threshold))))
            return """
                <div class="card"><p>Spend \(threshold) here within \(offer.windowDays) days and get <strong>\(reward)</strong> at \(standing.targetName).</p>
                <p><label for="\(id)">So far: \(money(min(standing.progress, offer.threshold), offer.currency)) of \(threshold)</label>
                <progress id="\(id)" max="1000" value="\(perMille)">\(perMille / 10)%</progress></p></div>
                """
        }
        return """
            <aside class="slot no-print" aria-labelledby="allied-h"><h2 id="allied-h">From a partner brand</h2>\(items)</aside>
            """
    }

    static func rewardText(_ reward: AlliedReward) -> String {
        switch reward {
        case .points(let points): "\(points) points"
        case .credit(let amount, let currency): "\(money(amount, currency)) credit"
        }
    }
}
