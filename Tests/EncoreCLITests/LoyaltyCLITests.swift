import EncoreCore
import EncoreTestSupport
import Foundation
import Testing

/// `encore loyalty apply`, as a merchant runs it.
@Suite("CLI: loyalty apply", .serialized)
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
