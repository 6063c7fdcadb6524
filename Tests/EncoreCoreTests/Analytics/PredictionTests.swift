import Foundation
import Testing

@testable import EncoreCore

@Suite("Predictions: histories, per-customer figures and the lifecycle events")
struct PredictionTests {
    /// CDNOW's customers as histories: first purchase on day 0, the calibration end on day T×7.
    static func cdnowHistories() throws -> (histories: [CustomerHistory], today: Int) {
        let summaries = try CDNOWSummary.load(spend: true)
        let today = 273  // 39 weeks: CDNOW's calibration period
        let histories = summaries.map { s in
            let first = today - Int((s.age * 7).rounded())
            return CustomerHistory(
                key: s.id, summary: s, firstDay: first, lastDay: first + Int((s.recency * 7).rounded()),
                orders: Int(s.frequency) + 1, spent: Int64((s.monetary * (s.frequency + 1) * 100).rounded()))
        }
        return (histories, today)
    }

    @Test("a history: purchase days summed, later orders left out, orders and spend counted, T of a first purchase today one day")
    func history() throws {
        let orders = [
            CustomerHistory.Order(day: 100, amount: 1_000), CustomerHistory.Order(day: 100, amount: 500),
            CustomerHistory.Order(day: 114, amount: 2_000), CustomerHistory.Order(day: 128, amount: 4_000),
            CustomerHistory.Order(day: 200, amount: 9_999),
        ]
        let h = try #require(CustomerHistory.from(key: "c", orders: orders, today: 135, exponent: 2))
        #expect(h.firstDay == 100 && h.lastDay == 128 && h.orders == 4 && h.spent == 7_500)
        #expect(h.summary.frequency == 2)
        #expect(h.summary.recency == 4 && h.summary.age == 5)
        #expect(h.summary.monetary == 30)  // (20 + 40) / 2, major units
        let fresh = try #require(CustomerHistory.from(key: "n", orders: [.init(day: 50, amount: 100)], today: 50, exponent: 2))
        #expect(fresh.summary.age == 1.0 / 7 && fresh.summary.frequency == 0)
        #expect(CustomerHistory.from(key: "x", orders: [.init(day: 60, amount: 1)], today: 50, exponent: 2) == nil)
        #expect(fresh.summary.validate() == nil && h.summary.validate() == nil)
    }

    @Test("on CDNOW: the fitted models' figures per customer, deciles 1-10, the next purchase from the posterior rate")
    func cdnow() throws {
        let (histories, today) = try Self.cdnowHistories()
        let result = try StorePredictions.compute(histories, today: today)
        let m = result.purchases.model
        #expect(abs(m.r - 0.2426) < 0.001 && abs(m.alpha - 4.4135) < 0.01)
        let spend = try #require(result.spend)
        #expect(result.customers.count == histories.count)
        let value = LifetimeValue(purchases: m, spend: spend.model)
        for i in [0, 1, 17, 500, 2_356] {
            let s = histories[i].summary
            let p = result.customers[i]
            #expect(p.key == histories[i].key)
            #expect(p.pAlive == m.probabilityAlive(x: s.frequency, tx: s.recency, T: s.age))
            #expect(p.expectedPurchases == m.expectedPurchases(t: 90.0 / 7, x: s.frequency, tx: s.recency, T: s.age))
            #expect(p.value == value.value(s, months: 12, monthlyDiscount: 0.01))
            let gap = Int(((m.alpha + s.age) / (m.r + s.frequency) * 7).rounded())
            #expect(p.nextPurchaseDay == histories[i].lastDay + min(36_500, max(1, gap)))
        }
        let deciles = result.customers.compactMap(\.valueDecile)
        #expect(Set(deciles) == Set(1...10))
        // Higher deciles hold higher values.
        let byDecile = Dictionary(grouping: result.customers, by: { $0.valueDecile ?? 0 })
        for d in 1..<10 {
            let top = try #require(byDecile[d]?.compactMap(\.value).max())
            let next = try #require(byDecile[d + 1]?.compactMap(\.value).min())
            #expect(top <= next)
        }
        #expect(Set(result.customers.map(\.rfm.segment)).count >= 5)
    }

    @Test("too few customers, or nobody buying again: the fit's reason, not a prediction")
    func unfit() throws {
        let one = try #require(CustomerHistory.from(key: "a", orders: [.init(day: 1, amount: 100)], today: 30, exponent: 2))
        #expect(throws: ModelFitError.self) { try StorePredictions.compute([one], today: 30) }
        let two = try #require(CustomerHistory.from(key: "b", orders: [.init(day: 3, amount: 100)], today: 30, exponent: 2))
        #expect(throws: ModelFitError.self) { try StorePredictions.compute([one, two], today: 30) }
    }

    static func prediction(pAlive: Double, next: Int, value: Double? = 123.456) -> CustomerPrediction {
        CustomerPrediction(
            key: "c9", pAlive: pAlive, expectedPurchases: 0.4, expectedSpend: 41, value: value, valueDecile: 7,
            nextPurchaseDay: next, rfm: RFM.Score(id: "c9", recency: 2, frequency: 3, monetary: 4, segment: .atRisk))
    }

    @Test("lapsing under the threshold, replenishment once the expected day has come, each keyed by the last purchase day")
    func lifecycle() throws {
        let history = try #require(
            CustomerHistory.from(
                key: "c9", orders: [.init(day: 20_000, amount: 5_000), .init(day: 20_030, amount: 2_500)], today: 20_100,
                exponent: 2))
        let at = Timestamp(millisecondsSinceEpoch: 1_737_000_000_000)
        func events(_ p: CustomerPrediction, today: Int = 20_100) -> [NewEvent] {
            LifecycleSignals.events(
                storeID: 4, history: history, prediction: p, today: today, lapsingBelow: 0.3, at: at, currency: .usd)
        }
        let lapsing = events(Self.prediction(pAlive: 0.12, next: 20_050))
        #expect(lapsing.map(\.type) == ["customer.lapsing"])
        let event = try #require(lapsing.first)
        #expect(event.idempotencyKey == "customer.lapsing:c9:2024-11-03")
        #expect(event.customerKey == "c9" && event.storeID == 4 && event.origin == .live && event.occurredAt == at)
        #expect(event.payload.contains("\"p_alive\":0.12"))
        #expect(event.payload.contains("\"predicted_clv\":\"123.46 USD\""))
        #expect(event.payload.contains("\"threshold\":0.3"))
        #expect(event.payload.contains("\"last_purchase_on\":\"2024-11-03\""))

        let due = events(Self.prediction(pAlive: 0.8, next: 20_100))
        #expect(due.map(\.type) == ["customer.replenishment_due"])
        #expect(due.first?.idempotencyKey == "customer.replenishment_due:c9:2024-11-03")
        #expect(due.first?.payload.contains("\"expected_next_purchase_on\":\"2025-01-12\"") == true)
        #expect(events(Self.prediction(pAlive: 0.8, next: 20_101)).isEmpty, "not yet due")
        #expect(events(Self.prediction(pAlive: 0.3, next: 20_101)).isEmpty, "at the threshold is not under it")
        #expect(events(Self.prediction(pAlive: 0.8, next: 20_050, value: nil)).first?.payload.contains("predicted_clv") == false)
    }

    @Test("model figures become money by rounding to the currency's minor units; nonsense becomes zero or the bounds")
    func moneyRounding() {
        #expect(Money(rounding: 12.345, currency: .usd).minorUnits == 1_235)
        #expect(Money(rounding: -0.005, currency: .usd).minorUnits == -1)
        #expect(Money(rounding: 99.5, currency: Currency(code: "JPY")!).minorUnits == 100)
        #expect(Money(rounding: .nan, currency: .usd).minorUnits == 0)
        #expect(Money(rounding: 1e30, currency: .usd).minorUnits == .max)
        #expect(Money(rounding: -1e30, currency: .usd).minorUnits == .min)
    }

    @Test("local days, the end of a day and an hour of a day, across both DST changes and half-hour zones")
    func localDays() throws {
        for name in ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"] {
            let zone = try #require(TimeZone(identifier: name))
            var cache = LocalDays(zone: zone)
            var t = ISO8601.parse("2025-03-01T00:00:00Z")!.millisecondsSinceEpoch
            let end = ISO8601.parse("2025-11-15T00:00:00Z")!.millisecondsSinceEpoch
            while t < end {
                let instant = Timestamp(millisecondsSinceEpoch: t)
                #expect(Int(cache.day(of: t)) == LocalDay.of(instant, in: zone))
                t += 997 * 60_013  // about 16.6 hours, drifting across every minute of the day
            }
            for (date, hour) in [("2025-03-30", 4), ("2025-03-30", 2), ("2025-10-26", 4), ("2025-06-01", 0)] {
                let d = Int(LocalDate(date)!.daysSinceEpoch)
                let instant = LocalDay.instant(day: d, hour: hour, in: zone)
                #expect(LocalDay.of(instant, in: zone) == d)
                let shown = Calendar(identifier: .gregorian).dateComponents(in: zone, from: instant.date).hour
                #expect(shown == hour || (name == "Europe/Paris" && date == "2025-03-30" && hour == 2 && shown == 3), "\(name) \(date) \(hour)")
            }
            let day = LocalDay.of(Timestamp(millisecondsSinceEpoch: end), in: zone)
            let last = LocalDay.endOfDay(day, in: zone)
            #expect(LocalDay.of(last, in: zone) == day)
            #expect(LocalDay.of(Timestamp(millisecondsSinceEpoch: last.millisecondsSinceEpoch + 1), in: zone) == day + 1)
        }
    }
}
