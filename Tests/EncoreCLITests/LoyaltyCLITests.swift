import EncoreCore
import EncoreLoyalty
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

/// `encore loyalty apply`, `show` and `verify`, as a merchant runs them.
@Suite("CLI: loyalty apply, show, verify", .serialized)
struct LoyaltyCLITests {
    @Test("apply: the defaults, unchanged on a second run, a file's every problem by line with nothing published", arguments: Backend.enabled)
    func apply(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { cli in
            #expect(try cli.run(["stores", "create", "shop", "--currency", "EUR"]).status == 0)

            let defaults = try cli.run(["loyalty", "apply", "--defaults"])
            #expect(defaults.status == 0, "\(defaults.stderr)")
            #expect(defaults.stdout.contains("published loyalty program version 1 for store shop"))
            #expect(defaults.stdout.contains("EUR; 5 action rules; 3 tiers by spend; 3 rewards"))
            let again = try cli.run(["loyalty", "apply", "--defaults", "--store", "shop"])
            #expect(again.stdout.contains("unchanged: store shop already has these rules as version 1"))

            let bad = cli.directory.appendingPathComponent("bad.yaml")
            try """
            currency: EUR
            earning:
              purchase:
                points_per_unit: -1
              bogus: 1
            tiers:
              basis: spend

            """.write(to: bad, atomically: true, encoding: .utf8)
            let rejected = try cli.run(["loyalty", "apply", bad.path])
            #expect(rejected.status == 1)
            #expect(rejected.stderr.contains("bad.yaml:4: earning.purchase: points_per_unit must be a whole number"))
            #expect(rejected.stderr.contains("bad.yaml:5: unknown key 'bogus' in earning"))
            #expect(rejected.stderr.contains("bad.yaml:7: missing key 'levels' in tiers"))
            #expect(rejected.stderr.contains("3 problems; nothing was published"))

            // A file in another currency than the store's is refused too.
            let dollars = cli.directory.appendingPathComponent("usd.yaml")
            try "currency: USD\n".write(to: dollars, atomically: true, encoding: .utf8)
            let wrongCurrency = try cli.run(["loyalty", "apply", dollars.path])
            #expect(wrongCurrency.status == 1)
            #expect(wrongCurrency.stderr.contains("usd.yaml:1:"))

            // Nothing of the rejected files was published: the next good file is version 2.
            let good = cli.directory.appendingPathComponent("good.yaml")
            try """
            currency: EUR
            earning:
              purchase:
                points_per_unit: 2
            reversal_policy: capped_shortfall

            """.write(to: good, atomically: true, encoding: .utf8)
            let published = try cli.run(["loyalty", "apply", good.path])
            #expect(published.status == 0, "\(published.stderr)")
            #expect(published.stdout.contains("published loyalty program version 2 for store shop"))
            #expect(published.stdout.contains("EUR; 0 action rules; no tiers; 0 rewards"))

            let neither = try cli.run(["loyalty", "apply"])
            #expect(neither.status == 64)
            #expect(neither.stderr.contains("name one program file, or --defaults"))
            let both = try cli.run(["loyalty", "apply", good.path, "--defaults"])
            #expect(both.status == 64)
            let missing = try cli.run(["loyalty", "apply", cli.directory.appendingPathComponent("nope.yaml").path])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("nope.yaml: cannot read the file"))
            let unknownStore = try cli.run(["loyalty", "apply", "--defaults", "--store", "ghost"])
            #expect(unknownStore.status != 0)
            #expect(unknownStore.stderr.contains("no store named 'ghost'"))
        }
    }
}

extension LoyaltyCLITests {
    @Test("show a customer's points by e-mail or id; verify is clean, then finds a tampered balance and exits 1", arguments: Backend.enabled)
    func showAndVerify(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .live, customers: [Fixtures.customer(store)], orders: []), now: Fixtures.t0)
            let key = try PostingKey(store: store.id, source: "order", sourceID: "1001", ruleVersion: 1)
            _ = try await storage.applyLedger(storeID: store.id, customerKey: "c1", eventKey: key, lotKeys: [], now: Fixtures.t0) { book in
                try book.earn(
                    key, points: 120, at: Fixtures.t0, source: "order:1001", availableAt: nil, expiresAt: nil, reason: "order 1001")
            }
            #expect(try cli.run(["loyalty", "apply", "--defaults"]).status == 0)

            let email = try #require(Fixtures.customer(store).email)
            let shown = try cli.run(["loyalty", "show", "--customer", email.uppercased(), "--json"])
            #expect(shown.status == 0, "\(shown.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            #expect(object["customer"] as? String == "c1")
            #expect(object["program_version"] as? Int == 1)
            #expect(object["balance"] as? Int == 120)
            #expect(object["spendable"] as? Int == 0)
            let states = try #require(object["by_state"] as? [String: Any])
            #expect(states["pending"] as? Int == 120)
            let lots = try #require(object["lots"] as? [[String: Any]])
            #expect(lots.count == 1)
            #expect(lots.first?["state"] as? String == "pending")
            let text = try cli.run(["loyalty", "show", "--customer", "c1"])
            #expect(text.stdout.contains("balance 120, spendable 0: pending 120"))
            let nobody = try cli.run(["loyalty", "show", "--customer", "nobody@example.com"])
            #expect(nobody.status != 0)
            #expect(nobody.stderr.contains("has no customer 'nobody@example.com'"))

            let clean = try cli.run(["loyalty", "verify", "--json"])
            #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
            #expect(clean.stdout.hasPrefix("{\"ok\":true"))

            let sql = try #require(storage as? any SQLBackend)
            _ = try await sql.write([SQLStatement("UPDATE loyalty_accounts SET balance = 999", [])])
            let broken = try cli.run(["loyalty", "verify", "--store", "shop"])
            #expect(broken.status == 1)
            #expect(broken.stdout.contains("shop: 1 breach"))
            #expect(broken.stdout.contains("999"))
            let brokenJSON = try cli.run(["loyalty", "verify", "--json"])
            #expect(brokenJSON.status == 1)
            #expect(brokenJSON.stdout.hasPrefix("{\"ok\":false"))
        }
    }
}

extension LoyaltyCLITests {
    @Test("run applies the queued events of live orders; show prints the tier with the progress to the next", arguments: Backend.enabled)
    func runAndTier(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            let store = try await Fixtures.store(storage)
            #expect(try cli.run(["loyalty", "apply", "--defaults"]).status == 0)
            // Orders arriving live after the program was published (from a webhook, say).
            let now = SystemClock().now()
            var orders = [Fixtures.order(store, key: "2001", total: 30_000), Fixtures.order(store, key: "2002", total: 30_000)]
            for index in orders.indices { orders[index].placedAt = now.adding(seconds: Int64(index - 2) * 3_600) }
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .live, customers: [Fixtures.customer(store)], orders: orders), now: now)

            let run = try cli.run(["loyalty", "run"])
            #expect(run.status == 0, "\(run.stderr)")
            // The two orders and the new customer's sign-up (customer.created, 50 points).
            #expect(run.stdout.contains("3 events: 3 ledger changes, 0 refused, 650 points earned, 1 tier changes"), "\(run.stdout)")
            #expect(try cli.run(["loyalty", "run"]).stdout.contains("0 events"), "nothing left")

            let shown = try cli.run(["loyalty", "show", "--customer", "c1", "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            let tier = try #require(object["tier"] as? [String: Any])
            #expect(tier["key"] as? String == "silver" && tier["multiplier"] as? String == "1.25")
            #expect(tier["qualifying"] as? Int == 60_000)
            let next = try #require(tier["next"] as? [String: Any])
            #expect(next["key"] as? String == "gold" && next["remaining"] as? Int == 90_000)
            let text = try cli.run(["loyalty", "show", "--customer", "c1"])
            #expect(text.stdout.contains("tier Silver ×1.25, 900.00 USD of spend to Gold"), "\(text.stdout)")
            #expect(try cli.run(["loyalty", "verify"]).status == 0)
            #expect(try cli.run(["loyalty", "run", "--limit", "0"]).status == 64)
            let floor = try cli.run(["loyalty", "floor", "--customer", "c1@example.com", "--tier", "gold"])
            #expect(floor.status == 0, "\(floor.stderr)")
            #expect(floor.stdout.contains("customer c1: tier Gold, floor gold"))
            #expect(try cli.run(["loyalty", "floor", "--customer", "c1", "--clear"]).stdout.contains("tier Gold, no floor"), "held until the yearly review")
            let unknown = try cli.run(["loyalty", "floor", "--customer", "c1", "--tier", "platinum"])
            #expect(unknown.status != 0 && unknown.stderr.contains("no tier 'platinum' (tiers: bronze, silver, gold)"))
            #expect(try cli.run(["loyalty", "floor", "--customer", "c1"]).status == 64)
        }
    }
}

extension LoyaltyCLITests {
    @Test("codes: a pool imported from a file (every bad line named, nothing imported); redeem issues one, refuses with exit 1", arguments: Backend.enabled)
    func codesAndRedeem(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            let store = try await Fixtures.store(storage)
            let program = cli.directory.appendingPathComponent("loyalty.yaml")
            try (LoyaltyProgram.defaultsYAML.replacingOccurrences(of: "fulfilment: webhook", with: "fulfilment: code_pool"))
                .write(to: program, atomically: true, encoding: .utf8)
            let applied = try cli.run(["loyalty", "apply", program.path])
            #expect(applied.status == 0, "\(applied.stderr)")
            _ = try await storage.ingest(IngestBatch(storeID: store.id, origin: .live, customers: [Fixtures.customer(store)]), now: Fixtures.t0)
            let key = try PostingKey(store: store.id, source: "grant", sourceID: "c1")
            _ = try await storage.applyLedger(storeID: store.id, customerKey: "c1", eventKey: key, lotKeys: [], now: Fixtures.t0) { book in
                try book.grant(key, points: 600, at: Fixtures.t0, source: "welcome", availableAt: Fixtures.t0, expiresAt: nil)
            }

            let bad = cli.directory.appendingPathComponent("bad.txt")
            try "# exported 2026-11-23\nGOOD-1\nhas space\n\(String(repeating: "x", count: 65))\n".write(to: bad, atomically: true, encoding: .utf8)
            let refused = try cli.run(["loyalty", "codes", "--reward", "five-off", bad.path])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("bad.txt:3: a code is printable ASCII without spaces"))
            #expect(refused.stderr.contains("bad.txt:4: a code has at most 64 characters"))
            #expect(refused.stderr.contains("2 problems; nothing was imported"))

            let good = cli.directory.appendingPathComponent("codes.txt")
            try "FIVE-AAA\n\nFIVE-BBB\nFIVE-AAA\n".write(to: good, atomically: true, encoding: .utf8)
            let imported = try cli.run(["loyalty", "codes", "--reward", "five-off", good.path])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("2 codes added to reward five-off (0 already there); 2 not yet issued"))
            #expect(try cli.run(["loyalty", "codes", "--reward", "nope", good.path]).stderr.contains("has no reward 'nope'"))

            let redeemed = try cli.run(["loyalty", "redeem", "--customer", "c1", "--reward", "five-off", "--request", "q1", "--json"])
            #expect(redeemed.status == 0, "\(redeemed.stderr)")
            #expect(redeemed.stdout.contains("\"code\":\"FIVE-AAA\"") && redeemed.stdout.contains("\"replay\":false"))
            let replayed = try cli.run(["loyalty", "redeem", "--customer", "c1", "--reward", "five-off", "--request", "q1"])
            #expect(replayed.stdout.contains("already redeemed five-off for 500 points: code FIVE-AAA"))
            let poor = try cli.run(["loyalty", "redeem", "--customer", "c1", "--reward", "five-off"])
            #expect(poor.status == 1)
            #expect(poor.stderr.contains("refused: This reward costs 500 points and you have 100: 400 more needed."))
            #expect(try cli.run(["loyalty", "verify"]).status == 0)
        }
    }
}

extension LoyaltyCLITests {
    @Test("recommendations: computed for every store with what was found; a bad metric is a usage error", arguments: Backend.enabled)
    func recommendations(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            let store = try await Fixtures.store(storage)
            let orders = (0..<4).map { Fixtures.order(store, key: "o\($0)", total: 2_000, lines: 2) }
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .historical, customers: [Fixtures.customer(store)], orders: orders), now: Fixtures.t0)
            let run = try cli.run(["recommendations", "--json"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("\"store\":\"shop\",\"baskets\":4,\"products\":2,\"with_neighbours\":2,\"pairs\":1"), "\(run.stdout)")
            let text = try cli.run(["recommendations", "--store", "shop", "--metric", "cosine"])
            #expect(text.stdout.contains("shop: 4 orders, 2 of 2 products with neighbours, 1 pairs"))
            #expect(try cli.run(["recommendations", "--metric", "magic"]).status == 64)
        }
    }
}

extension LoyaltyCLITests {
    @Test("scratch create prints the odds; a bad prize or a taken key is refused; list shows the budget used", arguments: Backend.enabled)
    func scratch(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { cli in
            #expect(try cli.run(["stores", "create", "shop", "--currency", "USD"]).status == 0)
            let noProgram = try cli.run(["scratch", "create", "--key", "spring", "--prize", "mug:A mug:1:10", "--budget", "100"])
            #expect(noProgram.status != 0 && noProgram.stderr.contains("has no loyalty program"))
            #expect(try cli.run(["loyalty", "apply", "--defaults"]).status == 0)
            let created = try cli.run([
                "scratch", "create", "--key", "spring", "--prize", "mug:A mug: the big one:1:10", "--no-prize-weight", "3",
                "--budget", "100", "--min-order", "25.00",
            ])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("A mug: the big one: 1 in 4 (25%)"), "\(created.stdout)")
            let taken = try cli.run(["scratch", "create", "--key", "spring", "--prize", "mug:A mug:1:10", "--budget", "100"])
            #expect(taken.status != 0 && taken.stderr.contains("already has a scratch campaign 'spring'"))
            #expect(try cli.run(["scratch", "create", "--key", "x", "--prize", "mug:A mug:one:10", "--budget", "1"]).status == 64)
            let zero = try cli.run(["scratch", "create", "--key", "x", "--prize", "mug:A mug:0:10", "--budget", "1"])
            #expect(zero.status != 0 && zero.stderr.contains("prizes[0].weight"))
            let list = try cli.run(["scratch", "list"])
            #expect(list.stdout.contains("spring: 0 cards (0 scratched), 0 prizes, budget 0 of 100 points"))
        }
    }
}
