import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation

extension LoyaltyProcessor {
    /// The store's birthdays of today, in the store's time zone (February 29 birthdays on
    /// February 28 in other years): each customer gets a `customer.birthday` event for journeys
    /// (key per customer and year, so the pass finds each customer once a day however often it
    /// runs), and, when the program has a `birthday` rule and `BirthdayRule.isEligible` (the
    /// birthday on file for 30 days, no birthday points yet this year), the rule's points,
    /// spendable at once, keyed by customer and year, with `points.earned`. Returns how many
    /// customers earned them.
    func sweepBirthdays(store: Store, published: PublishedLoyaltyProgram, now: Timestamp, limit: Int) async throws -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = store.zone
        let today = calendar.dateComponents([.year, .month, .day], from: now.date)
        guard let year = today.year, let month = today.month, let day = today.day else { return 0 }
        let due = try await storage.birthdayCustomers(
            storeID: store.id, birthdays: Birthday.celebrated(onYear: year, month: month, day: day), year: year, limit: limit)
        guard !due.isEmpty else { return 0 }
        let program = published.program
        let planner = LoyaltyEventPlanner(storeID: store.id, returnWindowDays: store.settings.returnWindowDays ?? 30)
        let source = LoyaltyEventPlanner.actionSource(.birthday)
        var requests: [LedgerRequest] = []
        var planned: [(customerKey: String, step: LoyaltyStep)] = []
        var events: [NewEvent] = []
        for customer in due {
            let sourceID = "\(customer.customerKey)@\(year)"
            if program.rule(for: .birthday) != nil {
                let lots = try await storage.loyaltyLots(
                    storeID: store.id, customerKey: customer.customerKey, source: source,
                    since: Timestamp(millisecondsSinceEpoch: 0))
                if BirthdayRule.isEligible(
                    birthdaySetAt: customer.setAt, lastAwardedAt: lots.map(\.earnedAt).max(), now: now),
                    let step = try planner.action(
                        .birthday, sourceID: sourceID, at: now, program: program, version: published.version,
                        earlier: lots.map { ($0.earnedAt, $0.points) })
                {
                    requests.append(
                        LedgerRequest(customerKey: customer.customerKey, eventKey: step.eventKey, lotKeys: step.lotKeys) {
                            book in try step.apply(to: &book)
                        })
                    planned.append((customer.customerKey, step))
                } else if let lot = lots.last(where: { PostingKey(text: $0.key)?.sourceID == sourceID }) {
                    // Earned by an earlier pass that stopped before its events: announce it now.
                    events.append(StoreRun.pointsEarned(store.id, customerKey: customer.customerKey, lot: lot, orderKey: nil, at: lot.earnedAt))
                }
            }
        }
        var awarded: [String: Int64] = [:]
        if !requests.isEmpty {
            let results = try await storage.applyLedger(storeID: store.id, requests: requests, now: now)
            for ((customerKey, step), result) in zip(planned, results) {
                guard case .success(let change) = result, case .earn(let key, _, _, _, _, _, _) = step,
                    let lot = change.lots.first(where: { $0.key == key.text })
                else { continue }
                if !change.isReplay { awarded[customerKey] = lot.points }
                events.append(StoreRun.pointsEarned(store.id, customerKey: customerKey, lot: lot, orderKey: nil, at: lot.earnedAt))
            }
        }
        // The birthday events last: a pass that stops before them finds the same customers again.
        for customer in due {
            events.append(
                NewEvent(
                    storeID: store.id, type: "customer.birthday", customerKey: customer.customerKey, occurredAt: now,
                    payload: JSONText.render([
                        ("year", .int(Int64(year))), ("points", .int(awarded[customer.customerKey] ?? 0)),
                    ]), idempotencyKey: Birthday.eventKey(customerKey: customer.customerKey, year: year)))
        }
        _ = try await storage.ingest(IngestBatch(storeID: store.id, events: events), now: now)
        return awarded.count
    }
}
