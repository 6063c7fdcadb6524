/// A store's models and every customer's prediction, from one fit on its whole history.
public struct StorePredictions: Sendable {
    public var purchases: BGNBDFit
    /// nil when the store has too few repeat customers with amounts for the spend model.
    public var spend: GammaGammaFit?
    /// One per history given, in the same order.
    public var customers: [CustomerPrediction]

    /// Fits BG/NBD (and Gamma-Gamma when it can) on the histories as of `today` and predicts each
    /// customer; throws `ModelFitError` when the purchase model cannot be fitted (too few
    /// customers, nobody bought again).
    public static func compute(_ histories: [CustomerHistory], today: Int, settings: PredictionSettings = PredictionSettings())
        throws -> StorePredictions
    {
        let summaries = histories.map(\.summary)
        let purchases = try BGNBDFit.fit(summaries)
        let spend = try? GammaGammaFit.fit(summaries)
        let model = purchases.model
        let value = spend.map { LifetimeValue(purchases: model, spend: $0.model) }
        let horizon = Double(settings.horizonDays) / 7
        let values: [Double?] = summaries.map { summary in
            value?.value(summary, months: settings.months, monthlyDiscount: settings.monthlyDiscount)
        }
        let known = values.compactMap { $0 }
        let deciles = RFM.deciles(known)
        var decileOf: [Int?] = []
        decileOf.reserveCapacity(values.count)
        var next = 0
        for v in values {
            if v != nil {
                decileOf.append(deciles[next])
                next += 1
            } else {
                decileOf.append(nil)
            }
        }
        let scores = RFM.score(
            histories.map {
                RFM.Input(id: $0.key, recencyDays: today - $0.lastDay, frequency: $0.orders, monetary: Double($0.spent))
            })
        var out: [CustomerPrediction] = []
        out.reserveCapacity(histories.count)
        for (i, history) in histories.enumerated() {
            let s = history.summary
            let gapWeeks = (model.alpha + s.age) / (model.r + s.frequency)
            let gapDays = min(36_500, max(1, Int((gapWeeks * 7).rounded())))
            out.append(
                CustomerPrediction(
                    key: history.key,
                    pAlive: model.probabilityAlive(x: s.frequency, tx: s.recency, T: s.age),
                    expectedPurchases: model.expectedPurchases(t: horizon, x: s.frequency, tx: s.recency, T: s.age) ?? 0,
                    expectedSpend: spend?.model.expectedAverage(x: s.frequency, mean: s.monetary),
                    value: values[i], valueDecile: decileOf[i], nextPurchaseDay: history.lastDay + gapDays, rfm: scores[i]))
        }
        return StorePredictions(purchases: purchases, spend: spend, customers: out)
    }
}
