import EncoreCore
import EncoreJourneys
import EncoreStore
import Foundation

/// What one refresh of a store's predictions did.
public struct PredictionRefreshReport: Sendable {
    public var run: PredictionRun
    public var model: BGNBD?
    public var spend: GammaGamma?
    /// Events added, by type (`customer.lapsing`, `customer.replenishment_due`, `segment.entered`,
    /// `segment.left`); an event already stored from an earlier refresh is not counted again.
    public var events: [String: Int]
    /// Customers per RFM segment.
    public var rfmSegments: [String: Int]
    /// Customers per custom segment after the refresh.
    public var segments: [String: Int]
    /// For each CLV decile 1-10: customers, lowest and highest value (major units).
    public var deciles: [(decile: Int, customers: Int, low: Double, high: Double)]
}

/// Refreshes a store's predictions: fits BG/NBD and Gamma-Gamma on its orders up to now, stores
/// every customer's prediction, moves the custom segments, and adds the lifecycle events journeys
/// start from, all in one transaction (a failed fit is recorded and changes nothing else).
public struct PredictionRefresher: Sendable {
    let storage: any EncoreStorage
    let settings: PredictionSettings

    public init(storage: any EncoreStorage, settings: PredictionSettings = PredictionSettings()) {
        self.storage = storage
        self.settings = settings
    }

    public func refresh(store: Store, now: Timestamp) async throws -> PredictionRefreshReport {
        let started = ContinuousClock.now
        let zone = store.zone
        let today = LocalDay.of(now, in: zone)
        let histories = try await self.histories(store: store, now: now, zone: zone, today: today)
        let predictions: StorePredictions
        do {
            predictions = try StorePredictions.compute(histories, today: today, settings: settings)
        } catch let error as ModelFitError {
            let run = PredictionRun(
                at: now, status: .failed, reason: error.description, customers: histories.count, seconds: seconds(since: started))
            try await storage.recordPredictionRun(storeID: store.id, run: run)
            return PredictionRefreshReport(
                run: run, model: nil, spend: nil, events: [:], rfmSegments: [:], segments: [:], deciles: [])
        }

        let segments = try await storage.segments(storeID: store.id).compactMap {
            try? CustomerSegment(id: $0.id, name: $0.name, where: $0.expression)
        }
        let tags = segments.isEmpty ? [:] : try await storage.customerTags(storeID: store.id)
        let before = try await storage.segmentMembers(storeID: store.id)
        var after: [String: Set<String>] = [:]
        var stored: [StoredPrediction] = []
        stored.reserveCapacity(histories.count)
        var events: [NewEvent] = []
        let lapsingBelow = store.settings.lapsingBelow ?? LifecycleSignals.defaultLapsingBelow
        for (history, prediction) in zip(histories, predictions.customers) {
            var row = StoredPrediction(prediction, at: now)
            if !segments.isEmpty {
                let context = SegmentFields.context(
                    history: history, prediction: row, tags: tags[history.key] ?? [], today: today, currency: store.currency)
                for segment in segments where segment.expression.evaluate(in: context) {
                    after[segment.id, default: []].insert(history.key)
                    row.segments.append(segment.id)
                }
            }
            stored.append(row)
            events += LifecycleSignals.events(
                storeID: store.id, history: history, prediction: prediction, today: today, lapsingBelow: lapsingBelow, at: now,
                currency: store.currency)
        }
        var entered: [SegmentMove] = []
        var left: [SegmentMove] = []
        for segment in segments {
            let was = before[segment.id] ?? []
            let now_ = after[segment.id] ?? []
            for key in now_.subtracting(was).sorted() {
                entered.append(SegmentMove(segment: segment.id, customerKey: key))
                events.append(Self.segmentEvent("segment.entered", segment, customerKey: key, store: store.id, at: now))
            }
            for key in was.subtracting(now_).sorted() {
                left.append(SegmentMove(segment: segment.id, customerKey: key))
                events.append(Self.segmentEvent("segment.left", segment, customerKey: key, store: store.id, at: now))
            }
        }
        let known = try await storage.existingEventKeys(storeID: store.id, keys: events.map(\.idempotencyKey))
        let added = events.filter { !known.contains($0.idempotencyKey) }
        let counts = Dictionary(grouping: added, by: \.type).mapValues(\.count)
        let run = PredictionRun(
            at: now, status: .fitted, customers: histories.count, model: Self.modelJSON(predictions),
            events: JSONText.render(counts.sorted { $0.key < $1.key }.map { ($0.key, JSONText.int(Int64($0.value))) }),
            seconds: seconds(since: started))
        try await storage.savePredictions(
            storeID: store.id, run: run, predictions: stored, entered: entered, left: left, events: added)
        return PredictionRefreshReport(
            run: run, model: predictions.purchases.model, spend: predictions.spend?.model, events: counts,
            rfmSegments: Dictionary(grouping: predictions.customers, by: \.rfm.segment.rawValue).mapValues(\.count),
            segments: segments.reduce(into: [:]) { $0[$1.id] = after[$1.id]?.count ?? 0 },
            deciles: Self.deciles(predictions.customers))
    }

    /// Each customer's history up to now, from the store's orders in its currency.
    func histories(store: Store, now: Timestamp, zone: TimeZone, today: Int) async throws -> [CustomerHistory] {
        let purchases = try await storage.purchases(storeID: store.id, currency: store.currency, through: now)
        var out: [CustomerHistory] = []
        var index = purchases.startIndex
        var calendar = LocalDays(zone: zone)
        while index < purchases.endIndex {
            let key = purchases[index].customerKey
            var orders: [CustomerHistory.Order] = []
            while index < purchases.endIndex, purchases[index].customerKey == key {
                orders.append(
                    CustomerHistory.Order(
                        day: Int(calendar.day(of: purchases[index].at.millisecondsSinceEpoch)), amount: purchases[index].amount))
                index += 1
            }
            if let history = CustomerHistory.from(key: key, orders: orders, today: today, exponent: store.currency.exponent) {
                out.append(history)
            }
        }
        return out
    }

    static func segmentEvent(_ type: String, _ segment: CustomerSegment, customerKey: String, store: StoreID, at: Timestamp)
        -> NewEvent
    {
        NewEvent(
            storeID: store, type: type, customerKey: customerKey, occurredAt: at,
            payload: JSONText.render([("segment", .string(segment.id)), ("name", .string(segment.name))]),
            idempotencyKey: "\(type):\(segment.id):\(customerKey):\(at.millisecondsSinceEpoch)")
    }

    static func modelJSON(_ p: StorePredictions) -> String {
        let m = p.purchases.model
        var members: [(String, JSONText)] = [
            (
                "bgnbd",
                .object([
                    ("r", .number(m.r)), ("alpha", .number(m.alpha)), ("a", .number(m.a)), ("b", .number(m.b)),
                    ("log_likelihood", .number(p.purchases.logLikelihood)),
                ])
            )
        ]
        if let spend = p.spend {
            members.append(
                (
                    "gamma_gamma",
                    .object([
                        ("p", .number(spend.model.p)), ("q", .number(spend.model.q)), ("gamma", .number(spend.model.gamma)),
                        ("log_likelihood", .number(spend.logLikelihood)),
                    ])
                ))
        }
        return JSONText.render(members)
    }

    static func deciles(_ customers: [CustomerPrediction]) -> [(decile: Int, customers: Int, low: Double, high: Double)] {
        var byDecile: [Int: (count: Int, low: Double, high: Double)] = [:]
        for c in customers {
            guard let decile = c.valueDecile, let value = c.value else { continue }
            let entry = byDecile[decile] ?? (0, value, value)
            byDecile[decile] = (entry.count + 1, min(entry.low, value), max(entry.high, value))
        }
        return byDecile.keys.sorted().map { (decile: $0, customers: byDecile[$0]!.count, low: byDecile[$0]!.low, high: byDecile[$0]!.high) }
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
