import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation

/// What one batch of the loyalty worker did.
public struct LoyaltyBatchReport: Sendable, Hashable {
    /// Events taken from the queue.
    public var events = 0
    /// Ledger steps that changed a book (replays not counted).
    public var applied = 0
    /// Steps the ledger refused (each alone; the reason is logged).
    public var refused = 0
    /// Points earned into new lots.
    public var pointsEarned: Int64 = 0
    /// Customers whose tier changed.
    public var tierChanges = 0

    public var didWork: Bool { events > 0 }
    public init() {}

    /// Adds another batch's figures to these.
    public mutating func add(_ other: LoyaltyBatchReport) {
        events += other.events
        applied += other.applied
        refused += other.refused
        pointsEarned += other.pointsEarned
        tierChanges += other.tierChanges
    }
}

/// Feeds the points ledger from the store's event log: claims queued events, plans their steps
/// (`LoyaltyEventPlanner`), applies them in one ledger batch per store, moves tiers, and adds
/// `points.earned` and `tier.up` events to the log for journeys. At least once: a batch whose
/// worker dies is claimed again after the lease, and every step and event has a key that makes
/// the second run change nothing.
public struct LoyaltyProcessor: Sendable {
    let storage: any EncoreStorage
    let clock: any Clock
    let leaseMilliseconds: Int64

    public init(storage: any EncoreStorage, clock: any Clock = SystemClock(), leaseMilliseconds: Int64 = 120_000) {
        self.storage = storage
        self.clock = clock
        self.leaseMilliseconds = leaseMilliseconds
    }

    /// Processes up to `limit` queued events.
    public func runOnce(limit: Int = 500) async throws -> LoyaltyBatchReport {
        let now = clock.now()
        let (claim, events) = try await storage.claimLoyaltyEvents(limit: limit, now: now, leaseMilliseconds: leaseMilliseconds)
        var report = LoyaltyBatchReport()
        guard !events.isEmpty else { return report }
        report.events = events.count
        var stores: [StoreID] = []
        var byStore: [StoreID: [LoyaltyInboxEvent]] = [:]
        for event in events {
            if byStore[event.storeID] == nil { stores.append(event.storeID) }
            byStore[event.storeID, default: []].append(event)
        }
        for storeID in stores {
            var run = try await StoreRun.start(storage: storage, storeID: storeID, now: now)
            guard run != nil else { continue }
            for event in byStore[storeID] ?? [] { try await run!.plan(event) }
            try await run!.finish(into: &report)
        }
        try await storage.finishLoyaltyEvents(claim: claim)
        return report
    }
}

/// One store's share of a batch: its program versions, the steps planned so far and what to do
/// once they are applied.
struct StoreRun {
    let storage: any EncoreStorage
    let store: Store
    let programs: [Int: LoyaltyProgram]
    let versions: [(version: Int, publishedAt: Timestamp)]
    let latest: LoyaltyProgram
    let planner: LoyaltyEventPlanner
    let now: Timestamp
    /// The store's scratch-card campaigns: an order placed gets its cards.
    var scratch: [ScratchCampaignRecord] = []
    var requests: [LedgerRequest] = []
    /// Per request: the step, and the order it came from.
    var planned: [(step: LoyaltyStep, orderKey: String?, customerKey: String)] = []
    /// Orders with an earning planned but not applied yet: a later event of the order needs its lot.
    var pendingOrders: Set<String> = []
    /// Customers with an action's points planned but not applied yet: the next action's caps must count them.
    var pendingActions: Set<String> = []
    var customers: [String] = []
    var report = LoyaltyBatchReport()

    static func start(storage: any EncoreStorage, storeID: StoreID, now: Timestamp) async throws -> StoreRun? {
        guard let store = try await storage.store(id: storeID) else { return nil }
        let published = try await storage.loyaltyPrograms(storeID: storeID)
        guard let latest = published.last else { return nil }
        var run = StoreRun(
            storage: storage, store: store,
            programs: Dictionary(published.map { ($0.version, $0.program) }, uniquingKeysWith: { $1 }),
            versions: published.map { ($0.version, $0.publishedAt) }, latest: latest.program,
            planner: LoyaltyEventPlanner(storeID: storeID, returnWindowDays: store.settings.returnWindowDays ?? 30),
            now: now)
        run.scratch = try await storage.scratchCampaigns(storeID: storeID)
        return run
    }

    mutating func plan(_ event: LoyaltyInboxEvent) async throws {
        if event.type == "feedback.nps" { return try await planAction(.npsAnswer, event) }
        if event.type == "customer.created" { return try await planAction(.signUp, event) }
        // Points for reviews published at once; one held for moderation earns nothing.
        // A review held for moderation earns when it is published (the log has it once).
        if event.type == "review.published" { return try await planAction(.review, event) }
        if event.type == "review.submitted" {
            guard event.payload.contains("\"status\":\"published\"") else { return }
            return try await planAction(.review, event)
        }
        guard let orderKey = event.orderKey, let detail = try await storage.order(storeID: store.id, key: orderKey),
            let customerKey = detail.order.customerKey
        else { return }
        let source = LoyaltyEventPlanner.orderSource(orderKey)
        if event.type != "order.placed", pendingOrders.contains(orderKey) { try await flush() }
        let programs = self.programs
        var steps: [LoyaltyStep] = []
        switch event.type {
        case "order.placed":
            if !scratch.isEmpty {
                _ = try await ScratchService(storage: storage, clock: FixedClock(now)).issue(
                    storeID: store.id, order: detail.order, campaigns: scratch)
            }
            try await ReferralService(storage: storage, clock: FixedClock(now)).orderPlaced(
                storeID: store.id, order: detail.order)
            _ = try await AlliedOfferService(storage: storage, clock: FixedClock(now)).orderPlaced(
                storeID: store.id, orderKey: orderKey, customerKey: customerKey, at: detail.order.placedAt)
            guard let version = LoyaltyEventPlanner.version(publishedAt: versions, receivedAt: event.receivedAt),
                let program = programs[version]
            else { return }
            let tier = try await storage.loyaltyTier(storeID: store.id, customerKey: customerKey)?.current?.key
            if let earned = try planner.orderPlaced(
                detail.order, program: program, version: version, tierKey: tier,
                deliveredAt: CareService.deliveredAt(detail))
            {
                enqueue([earned.step], orderKey: orderKey, customerKey: customerKey)
                pendingOrders.insert(orderKey)
                if !detail.refunds.isEmpty || detail.order.cancelledAt != nil {
                    try await catchUp(detail, orderKey: orderKey, customerKey: customerKey, source: source)
                }
            }
        case "shipment.delivered":
            guard let delivered = CareService.deliveredAt(detail) else { return }
            steps = planner.delivered(
                lots: try await storage.loyaltyLots(storeID: store.id, source: source), lastDeliveredAt: delivered,
                program: { programs[$0] })
        case "order.cancelled":
            steps = try planner.cancelled(
                orderKey: orderKey, lots: try await storage.loyaltyLots(storeID: store.id, source: source),
                program: { programs[$0] }, at: detail.order.cancelledAt ?? event.occurredAt)
        case "refund.created":
            guard let refundKey = Self.refundKey(event.payload), let refund = detail.refunds.first(where: { $0.key == refundKey })
            else { return }
            let earlier = detail.refunds.filter { ($0.createdAt, $0.key) < (refund.createdAt, refund.key) }
            steps = try planner.refunded(
                refund, order: detail.order, earlierRefunds: earlier,
                lots: try await storage.loyaltyLots(storeID: store.id, source: source), program: { programs[$0] })
        default:
            return
        }
        enqueue(steps, orderKey: orderKey, customerKey: customerKey)
    }

    /// The refunds and the cancellation an order already has when its earning is planned.
    ///
    /// Their own events are normally handled after `order.placed`, but not always: a worker that
    /// dies holding the `order.placed` claim leaves it leased while the next worker handles the
    /// refund, which then finds no points to take back. Each reversal's key is the refund's (or
    /// the cancellation's), so when their events do come after, they find it applied.
    mutating func catchUp(_ detail: OrderDetail, orderKey: String, customerKey: String, source: String) async throws {
        let programs = self.programs
        let refunds = detail.refunds.sorted { ($0.createdAt, $0.key) < ($1.createdAt, $1.key) }
        for (index, refund) in refunds.enumerated() {
            // Against the lot as the earning and the refunds before this one left it.
            try await flush()
            let steps = try planner.refunded(
                refund, order: detail.order, earlierRefunds: Array(refunds[..<index]),
                lots: try await storage.loyaltyLots(storeID: store.id, source: source), program: { programs[$0] })
            enqueue(steps, orderKey: orderKey, customerKey: customerKey)
        }
        if let cancelledAt = detail.order.cancelledAt {
            try await flush()
            let steps = try planner.cancelled(
                orderKey: orderKey, lots: try await storage.loyaltyLots(storeID: store.id, source: source),
                program: { programs[$0] }, at: cancelledAt)
            enqueue(steps, orderKey: orderKey, customerKey: customerKey)
        }
        // A later event of the order in this batch plans against the lot once these are applied.
        pendingOrders.insert(orderKey)
    }

    /// Adds ledger requests for `steps`, applied at the next `flush`.
    mutating func enqueue(_ steps: [LoyaltyStep], orderKey: String?, customerKey: String) {
        for step in steps {
            requests.append(
                LedgerRequest(customerKey: customerKey, eventKey: step.eventKey, lotKeys: step.lotKeys) { book in
                    try step.apply(to: &book)
                })
            planned.append((step, orderKey, customerKey))
        }
        if !steps.isEmpty, !customers.contains(customerKey) { customers.append(customerKey) }
    }

    /// Points for an action, counting the customer's earlier awards for its caps (those planned
    /// in this batch are applied first, so they count too).
    mutating func planAction(_ action: LoyaltyAction, _ event: LoyaltyInboxEvent) async throws {
        guard let customerKey = event.customerKey,
            let version = LoyaltyEventPlanner.version(publishedAt: versions, receivedAt: event.receivedAt),
            let program = programs[version], let rule = program.rule(for: action)
        else { return }
        if pendingActions.contains(customerKey) { try await flush() }
        var earlier: [(at: Timestamp, points: Int64)] = []
        let periods = CapPeriod.allCases
        if let widest = rule.caps.map(\.period).max(by: { periods.firstIndex(of: $0)! < periods.firstIndex(of: $1)! }) {
            earlier = try await storage.loyaltyLots(
                storeID: store.id, customerKey: customerKey, source: LoyaltyEventPlanner.actionSource(action),
                since: widest.start(containing: event.occurredAt)
            ).map { ($0.earnedAt, $0.points) }
        }
        guard
            let step = try planner.action(
                action, sourceID: "event-\(event.eventID)", at: event.occurredAt, program: program, version: version,
                earlier: earlier)
        else { return }
        requests.append(
            LedgerRequest(customerKey: customerKey, eventKey: step.eventKey, lotKeys: step.lotKeys) { book in
                try step.apply(to: &book)
            })
        planned.append((step, nil, customerKey))
        pendingActions.insert(customerKey)
        if !customers.contains(customerKey) { customers.append(customerKey) }
    }

    /// Applies the steps planned so far in one ledger batch, then adds `points.earned` for each
    /// earning (also when it was a replay: the event's own key keeps it single).
    mutating func flush() async throws {
        guard !requests.isEmpty else { return }
        let results = try await storage.applyLedger(storeID: store.id, requests: requests, now: now)
        var events: [NewEvent] = []
        for ((step, orderKey, customerKey), result) in zip(planned, results) {
            switch result {
            case .success(let change):
                if !change.isReplay && !change.isEmpty { report.applied += 1 }
                guard case .earn(let key, _, let source, let at, _, _, _) = step else { continue }
                // The lot as stored: on a replay it may have been earned at another tier.
                var lot = change.lots.first { $0.key == key.text }
                if lot == nil {
                    lot = try await storage.loyaltyLots(storeID: store.id, source: source).first { $0.key == key.text }
                }
                guard let lot else { continue }
                if !change.isReplay { report.pointsEarned += lot.points }
                events.append(
                    Self.pointsEarned(store.id, customerKey: customerKey, lot: lot, orderKey: orderKey, at: at))
            case .failure:
                report.refused += 1
            }
        }
        if !events.isEmpty { _ = try await storage.ingest(IngestBatch(storeID: store.id, events: events), now: now) }
        requests = []
        planned = []
        pendingOrders = []
        pendingActions = []
    }

    /// Applies what is left, then moves the tiers of the customers touched.
    mutating func finish(into total: inout LoyaltyBatchReport) async throws {
        try await flush()
        if let policy = latest.tiers {
            for customer in customers { try await moveTier(customer, policy: policy) }
        }
        total.add(report)
    }

    /// Evaluates the customer's tier now and stores it when it moved; a move up adds `tier.up`.
    mutating func moveTier(_ customerKey: String, policy: TierPolicy) async throws {
        let (stored, evaluated) = try await LoyaltyStatus.evaluateTier(
            storage: storage, storeID: store.id, customerKey: customerKey, policy: policy, now: now)
        guard let evaluation = evaluated else { return }
        let current = CurrentTier(key: evaluation.tier.key, reachedAt: evaluation.reachedAt)
        guard stored?.current != current else { return }
        try await storage.setLoyaltyTier(
            storeID: store.id, customerKey: customerKey, record: LoyaltyTierRecord(current: current, floor: stored?.floor),
            now: now)
        report.tierChanges += 1
        if case .up(let from) = evaluation.change {
            let payload = JSONText.render([
                ("tier", .string(current.key)), ("from", from.map(JSONText.string) ?? .null),
                ("qualifying", .int(evaluation.qualifying)),
            ])
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id,
                    events: [
                        NewEvent(
                            storeID: store.id, type: "tier.up", customerKey: customerKey, occurredAt: current.reachedAt,
                            payload: payload,
                            idempotencyKey: "tier.up:\(customerKey):\(current.key):\(current.reachedAt.millisecondsSinceEpoch)")
                    ]), now: now)
        }
    }

    /// `points.earned` for a lot earned by an order or an action; its key is the lot's, so it is added once.
    static func pointsEarned(_ storeID: StoreID, customerKey: String, lot: PointLot, orderKey: String?, at: Timestamp)
        -> NewEvent
    {
        NewEvent(
            storeID: storeID, type: "points.earned", customerKey: customerKey, orderKey: orderKey, occurredAt: at,
            payload: JSONText.render([
                ("points", .int(lot.points)), ("order_id", orderKey.map(JSONText.string) ?? .null),
                ("source", .string(lot.source)), ("lot", .string(lot.key)),
            ]), idempotencyKey: "points.earned:\(lot.key)")
    }

    /// The refund's id in a `refund.created` payload.
    static func refundKey(_ payload: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else { return nil }
        return object["refund_id"] as? String
    }
}
