import EncoreCore
import EncoreLoyalty
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@Suite("CLI: encore metrics, every figure with its sample and interval, and the cohorts")
struct MetricsCLITests {
    static func day(_ iso: String, hour: Int = 12) -> Timestamp { ISO8601.parse(iso)!.adding(seconds: Int64(hour) * 3_600) }

    /// A hand-checked history (see the expectations) with feedback, a review, tickets and a referral.
    static func seed(_ storage: any EncoreStorage) async throws -> Store {
        let store = try await Fixtures.store(storage, "shop")
        func order(_ key: String, _ customer: String, _ iso: String, _ dollars: Int64) -> Order {
            var o = Fixtures.order(store, key: key, customer: customer, total: dollars * 100, lines: 1)
            o.placedAt = day(iso)
            return o
        }
        _ = try await storage.ingest(
            IngestBatch(
                storeID: store.id, origin: .historical, customers: ["c1", "c2", "c3", "c4"].map { Fixtures.customer(store, key: $0) },
                orders: [
                    order("1", "c1", "2026-02-10", 10), order("2", "c1", "2026-03-05", 20), order("3", "c1", "2026-03-10", 30),
                    order("4", "c2", "2026-02-20", 40),
                    order("5", "c3", "2026-03-01", 5), order("6", "c3", "2026-03-01", 5), order("7", "c3", "2026-03-20", 50),
                    order("8", "c4", "2026-03-25", 60),
                ],
                returns: [
                    Return(
                        storeID: store.id, key: "r7", orderKey: "7", status: .requested, reason: "size", requestedAt: day("2026-03-22"),
                        lines: [ReturnLine(lineKey: "1", quantity: 1)])
                ]),
            now: day("2026-03-26"))
        // c4 came through c1's invitation and bought.
        _ = try await storage.claimReferral(
            storeID: store.id, id: "ref-1", referrerKey: "c1", code: "ADA1", friendEmail: "c4@example.com", ip: nil,
            now: day("2026-03-24"), screen: { _ in nil })
        #expect(
            try await storage.moveReferral(
                storeID: store.id, id: "ref-1", from: .invited, to: .ordered, reason: nil, friendKey: "c4", friendOrderKey: "8",
                now: day("2026-03-25")))
        // NPS 10, 9, 3 and a dismissal; CSAT 5 and 2.
        for (index, (kind, score)) in [(SurveyKind.nps, 10), (.nps, 9), (.nps, 3), (.csat, 5), (.csat, 2)].enumerated() {
            var record = FeedbackRecord(
                storeID: store.id, kind: kind, touchpoint: .order, subjectKey: "\(index + 1)", customerKey: "c1", orderKey: "\(index + 1)",
                askedAt: day("2026-03-10"))
            _ = try await storage.askFeedback(record)
            record.score = score
            _ = try await storage.answerFeedback(
                record,
                event: NewEvent(
                    storeID: store.id, type: "feedback.\(kind.rawValue)", customerKey: "c1", orderKey: nil, occurredAt: day("2026-03-11"),
                    payload: "{}", idempotencyKey: "fb-\(index)"), ticket: nil, now: day("2026-03-11"))
        }
        _ = try await storage.submitReview(
            ReviewRecord(
                storeID: store.id, orderKey: "3", customerKey: "c1", sku: "SKU-1", author: "Ada", stars: 4, title: "Good", body: "Yes",
                status: "published", flags: [], createdAt: day("2026-03-12")), ticket: nil, event: nil)
        // Two tickets: one answered after 2 hours (in time), one never answered and overdue.
        for (ref, answered) in [("t1", true), ("t2", false)] {
            let opened = try await storage.openTicket(
                NewTicket(
                    storeID: store.id, customerKey: "c2", email: "c2@example.com", orderKey: nil, subject: "?", body: "?", author: "c2",
                    priority: .normal, source: .api, sourceRef: ref, createdAt: day("2026-03-15", hour: 9),
                    firstResponseDue: day("2026-03-15", hour: 13)))
            if answered {
                _ = try await storage.addTicketMessage(
                    storeID: store.id, key: opened.ticket.key, kind: .reply, author: "agent", body: "Hi", email: nil,
                    now: day("2026-03-15", hour: 11))
            }
        }
        return store
    }

    static func figure(_ out: [String: Any], _ name: String) -> (value: Double?, n: Int, lower: Double?, upper: Double?) {
        let m = (out["metrics"] as? [String: Any])?[name] as? [String: Any] ?? [:]
        return (m["value"] as? Double, m["sample_size"] as? Int ?? -1, m["lower"] as? Double, m["upper"] as? Double)
    }

    @Test("March 2026 of a hand-checked store: purchases, returns, referrals, feedback, reviews, support; February and March cohorts", arguments: Backend.enabled)
    func figures(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            let store = try await Self.seed(storage)
            let result = try cli.run(["metrics", "--store", "shop", "--from", "2026-03-01", "--to", "2026-03-31", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let out = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(out["orders"] as? Int == 6 && out["customers"] as? Int == 3 && out["new_customers"] as? Int == 2)
            #expect(out["revenue"] as? Double == 170)
            let retention = Self.figure(out, "customer_retention_rate")
            #expect(retention.value == 0.5 && retention.n == 2 && retention.lower! < 0.5 && retention.upper! > 0.5)
            #expect(abs((Self.figure(out, "repeat_purchase_rate").value ?? 0) - 2.0 / 3) < 1e-6)
            #expect(Self.figure(out, "purchase_frequency").value == 2)
            #expect(abs((Self.figure(out, "average_order_value").value ?? 0) - 170.0 / 6) < 1e-6)
            #expect(Self.figure(out, "days_to_second_purchase").value == 21 && Self.figure(out, "days_to_second_purchase").n == 2)
            #expect(Self.figure(out, "historical_cltv").value == 55 && Self.figure(out, "historical_cltv").n == 4)
            #expect(abs((Self.figure(out, "return_rate").value ?? 0) - 1.0 / 6) < 1e-6)
            #expect(Self.figure(out, "referral_rate").value == 0.5 && Self.figure(out, "referral_rate").n == 2)
            let nps = Self.figure(out, "nps")
            #expect(abs((nps.value ?? 0) - 100.0 / 3) < 1e-6 && nps.n == 3)
            #expect(Self.figure(out, "csat").value == 0.5 && Self.figure(out, "csat").n == 2)
            #expect(Self.figure(out, "average_review").value == 4 && Self.figure(out, "average_review").n == 1)
            #expect(Self.figure(out, "first_response_hours").value == 2 && Self.figure(out, "first_response_hours").n == 1)
            #expect(Self.figure(out, "sla_attainment").value == 0.5 && Self.figure(out, "sla_attainment").n == 2)

            let wide = try cli.run(["metrics", "--store", "shop", "--from", "2026-02-01", "--to", "2026-04-01", "--json"])
            let cohorts = try #require((try JSONSerialization.jsonObject(with: Data(wide.stdout.utf8)) as? [String: Any])?["cohorts"] as? [[String: Any]])
            #expect(cohorts.map { $0["month"] as? String } == ["2026-02", "2026-03"])
            #expect(cohorts.map { $0["customers"] as? Int } == [2, 2])
            let february = try #require(cohorts[0]["later_months"] as? [[String: Any]])
            #expect(february.count == 1 && february[0]["value"] as? Double == 0.5 && february[0]["sample_size"] as? Int == 2)
            #expect((cohorts[1]["later_months"] as? [Any])?.isEmpty == true)

            // The run packed the store's purchase histories (SQLite); a refund written afterwards
            // marks its customer's stale, and the next run packs it again and reads the refund.
            if let sqlite = storage as? SQLiteBackend {
                #expect(try await sqlite.stalePurchaseHistories(storeID: store.id) == 0)
            }
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id,
                    refunds: [Refund(storeID: store.id, key: "rf", orderKey: "7", amount: 1_000, currency: .usd, createdAt: Self.day("2026-03-27"))]),
                now: Self.day("2026-03-27"))
            if let sqlite = storage as? SQLiteBackend {
                #expect(try await sqlite.stalePurchaseHistories(storeID: store.id) == 1)
            }
            let refunded = try cli.run(["metrics", "--store", "shop", "--from", "2026-03-01", "--to", "2026-03-31", "--json"])
            let after = try #require(try JSONSerialization.jsonObject(with: Data(refunded.stdout.utf8)) as? [String: Any])
            #expect(after["revenue"] as? Double == 160)
            if let sqlite = storage as? SQLiteBackend {
                #expect(try await sqlite.stalePurchaseHistories(storeID: store.id) == 0)
            }

            let text = try cli.run(["metrics", "--store", "shop", "--from", "2026-03-01", "--to", "2026-03-31"])
            #expect(text.status == 0 && text.stdout.contains("Customer retention rate: 50.0% (95%: ") && text.stdout.contains("n = 2"))
            let empty = try cli.run(["metrics", "--store", "shop", "--from", "2020-01-01", "--to", "2020-02-01", "--json"])
            let none = try #require(try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [String: Any])
            #expect(Self.figure(none, "average_order_value").value == nil && Self.figure(none, "average_order_value").n == 0)
            let backwards = try cli.run(["metrics", "--store", "shop", "--from", "2026-03-01", "--to", "2026-02-01"])
            #expect(backwards.status == 64 && backwards.stderr.contains("--to must be after --from"))
            let badDate = try cli.run(["metrics", "--store", "shop", "--from", "March"])
            #expect(badDate.status == 64 && badDate.stderr.contains("--from 'March'"))
            #expect(try cli.run(["metrics", "--store", "nope"]).status == 1)
        }
    }
}
