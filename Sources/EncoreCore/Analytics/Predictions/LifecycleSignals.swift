/// The journey events a refresh adds for a customer, from their prediction: `customer.lapsing`
/// when P(alive) is under the store's threshold, `customer.replenishment_due` when the expected
/// next purchase has come and the customer is still likely active. Each is keyed by the
/// customer's last purchase day, so one silence after one purchase announces each at most once,
/// however often the refresh runs; the next purchase starts a new cycle.
public enum LifecycleSignals {
    /// The P(alive) under which a customer is lapsing when the store sets none.
    public static let defaultLapsingBelow = 0.3

    /// The events for one customer on `today` (a local day number); `at` is the refresh's time.
    public static func events(
        storeID: StoreID, history: CustomerHistory, prediction: CustomerPrediction, today: Int, lapsingBelow: Double,
        at: Timestamp, currency: Currency
    ) -> [NewEvent] {
        let cycle = "\(history.key):\(LocalDate(daysSinceEpoch: Int64(history.lastDay)).description)"
        var common: [(String, JSONText)] = [
            ("p_alive", .number(prediction.pAlive)),
            ("last_purchase_on", .string(LocalDate(daysSinceEpoch: Int64(history.lastDay)).description)),
            ("orders", .int(Int64(history.orders))),
            ("expected_next_purchase_on", .string(LocalDate(daysSinceEpoch: Int64(prediction.nextPurchaseDay)).description)),
        ]
        if let value = prediction.value {
            common.append(("predicted_clv", .string(Money(rounding: value, currency: currency).description)))
        }
        if prediction.pAlive < lapsingBelow {
            return [
                NewEvent(
                    storeID: storeID, type: "customer.lapsing", customerKey: history.key, occurredAt: at,
                    payload: JSONText.render(common + [("threshold", .number(lapsingBelow))]),
                    idempotencyKey: "customer.lapsing:\(cycle)")
            ]
        }
        if today >= prediction.nextPurchaseDay {
            return [
                NewEvent(
                    storeID: storeID, type: "customer.replenishment_due", customerKey: history.key, occurredAt: at,
                    payload: JSONText.render(common), idempotencyKey: "customer.replenishment_due:\(cycle)")
            ]
        }
        return []
    }
}
