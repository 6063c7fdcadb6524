import EncoreCore
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

/// `encore journeys validate`, `apply` and `dry-run` as a user runs them on their own files.
@Suite("Journeys CLI: validate, apply, dry-run", .serialized)
struct JourneyValidationTests {
    /// A valid transactional journey with its own templates.
    static let thanksYAML = """
        id: thanks
        name: Thanks
        category: transactional
        trigger:
          event: order.placed
        steps:
          - id: confirm
            send: { channel: email, template: thanks }
          - id: later
            wait: 3d
          - id: again
            send: { channel: email, template: thanks }
        """
    static let thanksTemplates = [
        "thanks.subject.mustache": "Thanks for order {{order.number}}",
        "thanks.html.mustache": "<p>Hi {{customer.first_name}}, thank you for {{order.total}}.</p>",
        "thanks.text.mustache": "Hi {{customer.first_name}}, thank you for {{order.total}}.",
    ]

    @Test(
        "validate: each problem as FILE:LINE: reason, exit 1; a valid file passes; apply of a bad file publishes nothing"
    )
    func validate() async throws {
        try await JourneySandbox.with(.sqlite) { sandbox in
            let valid = try sandbox.journey("thanks", yaml: Self.thanksYAML, templates: Self.thanksTemplates)
            let ok = try sandbox.cli.run(["journeys", "validate", valid], database: false)
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(ok.stdout.contains("1 journey valid"))
            #expect(ok.stderr.isEmpty)

            let badYAML = try sandbox.journey(
                "bad-yaml", in: "bad",
                yaml: """
                    id: bad-yaml
                    name: Bad
                    trigger: { event: order.placed
                    steps:
                      - exit
                    """)
            let unknownStep = try sandbox.journey(
                "unknown-step", in: "bad",
                yaml: """
                    id: unknown-step
                    name: Unknown step
                    trigger:
                      event: order.placed
                    steps:
                      - id: first
                        wait: 1h
                      - id: beam
                        teleport: { to: mars }
                    """)
            let loop = try sandbox.journey(
                "loop", in: "bad",
                yaml: """
                    id: loop
                    name: Loop
                    category: transactional
                    trigger:
                      event: order.placed
                    steps:
                      - id: ping
                        update: { tag: pinged }
                      - id: again
                        branch:
                          - if: customer.orders_count >= 1
                            goto: ping
                          - else: exit
                    """)
            let missingField = try sandbox.journey(
                "missing-field", in: "bad",
                yaml: """
                    id: missing-field
                    name: Missing field
                    category: transactional
                    trigger:
                      event: order.placed
                    steps:
                      - id: send
                        send: { channel: email, template: oops }
                    """,
                templates: [
                    "oops.subject.mustache": "Your order {{order.number}}",
                    "oops.html.mustache": "<p>Hello</p>\n<p>{{order.shoe_size}}</p>",
                    "oops.text.mustache": "Hello",
                ])
            let result = try sandbox.cli.run(
                ["journeys", "validate", badYAML, unknownStep, loop, missingField], database: false)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            let lines = result.stderr.split(separator: "\n").map(String.init)
            func line(_ prefix: String, _ fragment: String) -> Bool {
                lines.contains { $0.hasPrefix(prefix) && $0.contains(fragment) }
            }
            // Every problem line is FILE:LINE: reason; the last line sums them up.
            let problems = lines.dropLast()
            #expect(problems.count >= 4, "\(result.stderr)")
            for problem in problems {
                let fields = problem.split(separator: ":", maxSplits: 2)
                #expect(
                    fields.count == 3 && Int(fields[1]) != nil && fields[2].hasPrefix(" "),
                    "not FILE:LINE: reason: \(problem)")
            }
            #expect(lines.last?.contains("in 4 file(s)") == true, "\(result.stderr)")
            #expect(line("\(badYAML):", "invalid YAML"), "\(result.stderr)")
            #expect(line("\(unknownStep):9: ", "unknown step type 'teleport'"), "\(result.stderr)")
            #expect(line("\(loop):7: ", "loop with no wait or wait_for: ping"), "\(result.stderr)")
            let template = sandbox.directory.appendingPathComponent("bad/templates/oops.html.mustache").path
            #expect(
                line("\(template):2: ", "names 'order.shoe_size', which the context does not have"), "\(result.stderr)")

            // apply is all or nothing: with one bad file among good ones, nothing is published.
            let applied = try sandbox.cli.run(["journeys", "apply", valid, loop])
            #expect(applied.status == 1)
            #expect(applied.stderr.contains("loop with no wait or wait_for"))
            #expect(applied.stderr.contains("nothing published"))
            #expect(try await sandbox.storage.journeys(storeID: sandbox.store.id).isEmpty)
            let listed = try sandbox.cli.run(["journeys", "list"])
            #expect(listed.status == 0 && listed.stdout.isEmpty, "\(listed.stdout)")
            // The good file alone publishes, once.
            #expect(try sandbox.cli.run(["journeys", "apply", valid]).stdout.contains("thanks: published version 1"))
            #expect(try sandbox.cli.run(["journeys", "apply", valid]).stdout.contains("thanks: unchanged (version 1)"))
        }
    }

    @Test(
        "dry-run --json: per journey, steps with due times in UTC and the customer's zone, or the skip reason",
        arguments: Backend.enabled)
    func dryRun(_ backend: Backend) async throws {
        try await JourneySandbox.with(backend) { sandbox in
            let thanks = try sandbox.journey("thanks", yaml: Self.thanksYAML, templates: Self.thanksTemplates)
            let promo = try sandbox.journey(
                "promo",
                yaml: """
                    id: promo
                    name: Promo
                    category: marketing
                    holdout: 0
                    goal: none
                    quiet_hours: ignore
                    trigger:
                      event: order.placed
                    steps:
                      - id: offer
                        send: { channel: email, template: thanks }
                    """)
            let shipped = try sandbox.journey(
                "shipped",
                yaml: """
                    id: shipped
                    name: Shipped
                    category: transactional
                    trigger:
                      event: shipment.delivered
                    steps:
                      - send: { channel: email, template: thanks }
                    """)
            try sandbox.apply([thanks, promo, shipped])
            let server = try await sandbox.serve(["--no-workers"])
            // Placed at 14:30 UTC, 23:30 in Tokyo; no consent to marketing.
            try await server.order(
                """
                {"id": "T1", "number": "#T1", "placed_at": "2026-05-04T14:30:00Z",
                 "customer": {"id": "tokyo", "email": "yuki@example.com", "time_zone": "Asia/Tokyo"},
                 "lines": [{"title": "Tea", "quantity": 2, "unit_price": "12.50"}]}
                """)
            let result = try sandbox.cli.run(["journeys", "dry-run", "--order", "T1", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(json["order"] as? String == "T1")
            #expect(json["store"] as? String == "shop")
            #expect(json["time_zone"] as? String == "Asia/Tokyo")
            let journeys = try #require(json["journeys"] as? [[String: Any]])
            let byID = Dictionary(uniqueKeysWithValues: journeys.map { ($0["journey"] as? String ?? "", $0) })
            #expect(Set(byID.keys) == ["thanks", "promo", "shipped"])

            let planned = try #require(byID["thanks"])
            #expect(planned["status"] as? String == "planned")
            #expect(planned["version"] as? Int == 1)
            #expect(planned["start"] as? String == "2026-05-04T14:30:00.000Z")
            let steps = try #require(planned["steps"] as? [[String: Any]])
            let sends = steps.filter { $0["action"] as? String == "send" }
            #expect(sends.count == 2, "\(steps)")
            for step in sends {
                #expect(step["journey"] as? String == "thanks")
                #expect(step["version"] as? Int == 1)
                #expect(step["channel"] as? String == "email")
                #expect(step["template"] as? String == "thanks")
            }
            #expect(sends.map { $0["step"] as? String } == ["confirm", "again"])
            #expect(sends.map { $0["due_utc"] as? String } == ["2026-05-04T14:30:00.000Z", "2026-05-07T14:30:00.000Z"])
            #expect(
                sends.map { $0["due_local"] as? String } == ["2026-05-04T23:30:00+09:00", "2026-05-07T23:30:00+09:00"])
            #expect(steps.last?["action"] as? String == "end")

            let skipped = try #require((byID["promo"]?["steps"] as? [[String: Any]])?.first)
            #expect(skipped["action"] as? String == "skip")
            #expect(skipped["step"] as? String == "offer")
            #expect(skipped["skip_reason"] as? String == "no_consent")
            #expect(skipped["due_local"] as? String == "2026-05-04T23:30:00+09:00")

            #expect(byID["shipped"]?["status"] as? String == "not_triggered")
            #expect((byID["shipped"]?["reason"] as? String)?.contains("shipment.delivered has not happened") == true)
            #expect((byID["shipped"]?["steps"] as? [Any])?.isEmpty == true)

            let text = try sandbox.cli.run(["journeys", "dry-run", "--order", "T1"])
            #expect(text.status == 0)
            #expect(text.stdout.contains("2026-05-07T23:30:00+09:00  send again email thanks"), "\(text.stdout)")
            #expect(text.stdout.contains("(skipped: no_consent)"))

            let unknown = try sandbox.cli.run(["journeys", "dry-run", "--order", "NOPE", "--json"])
            #expect(unknown.status == 1)
            #expect(unknown.stdout.isEmpty)
            #expect(unknown.stderr.contains("no order 'NOPE' in store 'shop'"), "\(unknown.stderr)")
        }
    }

    @Test("dry-run across the DST change in America/New_York: -05:00 before 2026-03-08, -04:00 after")
    func dryRunAcrossDST() async throws {
        try await JourneySandbox.with(.sqlite) { sandbox in
            let thanks = try sandbox.journey("thanks", yaml: Self.thanksYAML, templates: Self.thanksTemplates)
            try sandbox.apply([thanks])
            let server = try await sandbox.serve(["--no-workers"])
            // 10:00 in New York on Friday 6 March (EST); `wait: 3d` keeps 10:00 on Monday 9 March (EDT).
            try await server.order(
                """
                {"id": "NY1", "placed_at": "2026-03-06T15:00:00Z",
                 "customer": {"id": "ny", "email": "ny@example.com", "time_zone": "America/New_York"},
                 "lines": [{"title": "Bagels", "quantity": 1, "unit_price": "9.00"}]}
                """)
            let result = try sandbox.cli.run(["journeys", "dry-run", "--order", "NY1", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let journey = try #require((json["journeys"] as? [[String: Any]])?.first)
            let sends = (journey["steps"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "send" }
            #expect(
                sends.map { $0["due_local"] as? String } == ["2026-03-06T10:00:00-05:00", "2026-03-09T10:00:00-04:00"])
            #expect(
                sends.map { $0["due_utc"] as? String } == ["2026-03-06T15:00:00.000Z", "2026-03-09T14:00:00.000Z"],
                "71 hours: the night of the change has 23")
        }
    }
}
