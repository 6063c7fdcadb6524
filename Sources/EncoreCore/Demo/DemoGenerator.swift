/// Generates a realistic demo store: customers, the catalogue, orders, shipments, returns and
/// refunds, as `IngestBatch`es of historical data ready for storage.
///
/// Pure and deterministic: no clock, no I/O, no system randomness. The same configuration and
/// store give byte-identical batches on every run and platform; another seed gives another store.
///
/// Orders come out in the order they were placed, numbered "#1001" onwards, at most
/// `configuration.ordersPerBatch` per batch, generated lazily: the iterator holds only the
/// customers still active, never the history. The first batch also holds the catalogue. Each
/// customer is in the batch of their first order, and each order's shipment, refunds and
/// return are in the order's batch, as of `configuration.end` (nothing happens after it).
///
/// See `DemoBehaviour` for the purchase process and `DemoCatalogue` for the products.
public struct DemoGenerator: Sequence, Sendable {
    /// What store to generate.
    public let configuration: DemoConfiguration
    /// The store every generated record belongs to.
    public let storeID: StoreID

    /// A generator of the store described by `configuration`, for the store `storeID`.
    public init(configuration: DemoConfiguration, storeID: StoreID) {
        self.configuration = configuration
        self.storeID = storeID
    }

    /// A fresh pass over the whole history.
    public func makeIterator() -> Iterator {
        Iterator(configuration: configuration, storeID: storeID)
    }

    /// The catalogue in the configured currency, as the first batch holds it.
    public var products: [Product] {
        Iterator.products(storeID: storeID, currency: configuration.currency)
    }

    /// Produces the batches of a `DemoGenerator`.
    public struct Iterator: IteratorProtocol, Sendable {
        let configuration: DemoConfiguration
        let storeID: StoreID
        let behaviour: DemoBehaviour
        let endMs: Int64
        let startMs: Int64
        let ordersPerBatch: Int
        /// Item prices in the store's currency, parallel to `DemoCatalogue.items`.
        let prices: [Int64]

        var queue = DemoQueue()
        var catalogueSent = false
        var finished = false

        // Acquisition: sorted acquisition times, drawn one at a time.
        var acquisitionRandom: DemoRandom
        /// Cumulative acquisition weight at the end of each month-long segment.
        let acquisitionCumulative: [Double]
        var admitted = 0
        var lastOrderStatistic = 0.0
        var pendingAcquisition: Int64?

        // Sequence numbers of generated records.
        var orderCount = 0
        var lineCount = 0
        var shipmentCount = 0
        var refundCount = 0
        var returnCount = 0

        static let msPerDay: Double = 86_400_000
        /// Generated instants are whole seconds, as sources such as Shopify report them.
        static func stamp(_ ms: Int64) -> Timestamp {
            Timestamp(millisecondsSinceEpoch: ms - ((ms % 1000) + 1000) % 1000)
        }
        static let msPerHour: Double = 3_600_000

        init(configuration: DemoConfiguration, storeID: StoreID) {
            self.configuration = configuration
            self.storeID = storeID
            behaviour = configuration.behaviour
            endMs = configuration.end.millisecondsSinceEpoch
            let months = Swift.max(1, configuration.months)
            startMs = endMs - Int64((Double(months) * 30.4375 * Iterator.msPerDay).rounded())
            ordersPerBatch = Swift.max(1, configuration.ordersPerBatch)
            prices = DemoCatalogue.items.map { DemoPricing.convert($0.usdCents, to: configuration.currency) }
            acquisitionRandom = DemoRandom(seed: configuration.seed, stream: 0)
            var cumulative: [Double] = []
            var sum = 0.0
            let segment = Double(endMs - startMs) / Double(months)
            for index in 0..<months {
                let middle = startMs + Int64((Double(index) + 0.5) * segment)
                let growth = 1 + configuration.behaviour.growth * (Double(index) + 0.5) / Double(months)
                sum += growth * configuration.behaviour.season(at: middle)
                cumulative.append(sum)
            }
            acquisitionCumulative = cumulative
            pendingAcquisition = nextAcquisition()
        }

        /// The next batch, or nil when the history is exhausted.
        public mutating func next() -> IngestBatch? {
            if finished { return nil }
            var batch = IngestBatch(storeID: storeID, origin: .historical)
            if !catalogueSent {
                batch.products = Iterator.products(storeID: storeID, currency: configuration.currency)
                catalogueSent = true
            }
            while batch.orders.count < ordersPerBatch {
                admitDue()
                guard var shopper = queue.popFirst() else { break }
                if shopper.orders == 0 { batch.customers.append(makeCustomer(&shopper)) }
                makeOrder(&shopper, into: &batch)
                shopper.orders += 1
                shopper.lastAt = shopper.nextAt
                if scheduleNext(&shopper) { queue.push(shopper) }
            }
            if batch.isEmpty {
                finished = true
                return nil
            }
            return batch
        }

        static func products(storeID: StoreID, currency: Currency) -> [Product] {
            DemoCatalogue.items.map {
                Product(
                    storeID: storeID, sku: $0.sku, title: $0.title, category: $0.category.rawValue,
                    price: Money(minorUnits: DemoPricing.convert($0.usdCents, to: currency), currency: currency))
            }
        }

        // MARK: Acquisition

        /// The next acquisition time in increasing order: the i-th order statistic of the
        /// customers' acquisition times, drawn sequentially (the minimum of the n - i remaining
        /// uniforms above the previous one), mapped through the inverse of the acquisition CDF.
        mutating func nextAcquisition() -> Int64? {
            let total = Swift.max(0, configuration.customers)
            guard admitted < total else { return nil }
            let remaining = Double(total - admitted)
            let v = acquisitionRandom.uniform()
            let minimum = 1 - DemoMath.pow(1 - v, 1 / remaining)
            lastOrderStatistic += (1 - lastOrderStatistic) * minimum
            let target = lastOrderStatistic * (acquisitionCumulative.last ?? 1)
            var segment = 0
            while segment < acquisitionCumulative.count - 1 && acquisitionCumulative[segment] < target {
                segment += 1
            }
            let below = segment == 0 ? 0 : acquisitionCumulative[segment - 1]
            let width = acquisitionCumulative[segment] - below
            let fraction = width > 0 ? Swift.min(1, Swift.max(0, (target - below) / width)) : 0
            let span = Double(endMs - startMs) / Double(acquisitionCumulative.count)
            return Swift.min(endMs, startMs + Int64(((Double(segment) + fraction) * span).rounded()))
        }

        /// Admits every customer whose first order could come before the next queued order. A
        /// first order is placed within a day of its acquisition time, so two days of margin
        /// keep orders in placement order.
        mutating func admitDue() {
            while let acquiredAt = pendingAcquisition {
                if let first = queue.first, acquiredAt - 2 * 86_400_000 > first.nextAt { return }
                admit(at: acquiredAt)
                pendingAcquisition = nextAcquisition()
            }
        }

        mutating func admit(at acquiredAt: Int64) {
            admitted += 1
            let number = admitted
            var random = DemoRandom(seed: configuration.seed, stream: UInt64(number))
            let rate = Swift.min(random.gamma(shape: behaviour.r, rate: behaviour.alpha), behaviour.maximumRate)
            let dropout = random.beta(behaviour.a, behaviour.b)
            let spend = random.logNormal(mu: 0, sigma: 0.45)
            let region = random.pick(DemoRegion.weights)
            let city = random.int(below: DemoRegion.all[region].cities.count)
            let favourite = DemoCatalogue.coffees[random.pick(DemoCatalogue.coffeeWeights)]
            let appUser = random.chance(0.25)
            var shopper = DemoShopper(
                number: number, key: DemoKeys.make("demo-c", number, width: 5), random: random, rate: rate,
                dropout: dropout, spend: spend, region: region, city: city, favourite: favourite, appUser: appUser,
                processAt: acquiredAt, nextAt: acquiredAt, nextChannel: .web, lastAt: acquiredAt, orders: 0)
            shopper.nextChannel = chooseChannel(&shopper)
            let placed = placementTime(of: acquiredAt, for: &shopper)
            if placed > endMs {
                shopper.nextAt = acquiredAt / 1000 * 1000
                if shopper.nextChannel == .pos { shopper.nextChannel = .web }
            } else {
                shopper.nextAt = placed / 1000 * 1000
            }
            queue.push(shopper)
        }

        // MARK: Purchase process

        /// Draws whether the customer stays active and, if so, the next purchase: a Poisson
        /// process of rate `rate * season(t)` by thinning. False when the customer drops out
        /// or the next purchase would fall after `end`.
        mutating func scheduleNext(_ shopper: inout DemoShopper) -> Bool {
            if shopper.random.chance(shopper.dropout) { return false }
            guard shopper.rate > 0 else { return false }
            let peak = behaviour.peak
            var t = shopper.processAt
            while true {
                let gap = shopper.random.exponential(rate: shopper.rate * peak)
                let remaining = Double(endMs - t) / Iterator.msPerDay
                guard gap <= remaining else { return false }
                t += Int64(gap * Iterator.msPerDay)
                if shopper.random.uniform() * peak < behaviour.season(at: t) { break }
            }
            shopper.processAt = t
            shopper.nextChannel = chooseChannel(&shopper)
            var placed = placementTime(of: t, for: &shopper)
            let earliest = shopper.lastAt + Int64(shopper.random.int(in: 20...240)) * 60_000
            if placed > endMs || placed < earliest {
                // Too late today or too soon after the last order: keep the process time, or
                // come back a little later, online (the café may be closed by then).
                placed = Swift.max(Swift.min(placed, t), earliest)
                if shopper.nextChannel == .pos { shopper.nextChannel = .web }
            }
            guard placed <= endMs else { return false }
            shopper.nextAt = placed / 1000 * 1000
            return true
        }

        /// Web for most, the app for app users, the café for some of the Pacific customers.
        func chooseChannel(_ shopper: inout DemoShopper) -> SalesChannel {
            if DemoRegion.all[shopper.region].local && shopper.random.chance(0.4) { return .pos }
            if shopper.appUser && shopper.random.chance(0.55) { return .app }
            return .web
        }

        /// The instant on the local day of `instant` at an hour drawn from when people shop
        /// (online: peaks at lunch and 8-9 pm; in the café: opening hours).
        func placementTime(of instant: Int64, for shopper: inout DemoShopper) -> Int64 {
            let zone = DemoRegion.all[shopper.region].zone
            let midnight = zone.localMidnight(containing: instant)
            let weights = shopper.nextChannel == .pos ? Iterator.cafeHours : Iterator.onlineHours
            let hour = Int64(shopper.random.pick(weights))
            let second = Int64(shopper.random.int(below: 3600))
            return zone.utc(fromLocal: midnight + hour * 3_600_000 + second * 1000)
        }

        /// Relative share of online orders by local hour, midnight first.
        static let onlineHours = DemoWeights([
            1.2, 0.7, 0.4, 0.3, 0.3, 0.5, 1.2, 2.2, 3.2, 4.0, 4.5, 4.8,
            5.2, 5.0, 4.6, 4.4, 4.4, 4.6, 5.0, 5.8, 6.2, 5.8, 4.2, 2.4,
        ])
        /// The café is open 7 am to 7 pm, busiest in the morning.
        static let cafeHours = DemoWeights([
            0, 0, 0, 0, 0, 0, 0, 6, 9, 8, 6, 5,
            6, 5, 4, 4, 4, 3, 2, 0, 0, 0, 0, 0,
        ])
    }
}
