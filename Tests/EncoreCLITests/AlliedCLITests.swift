import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

/// `encore allied`, as a merchant runs it.
@Suite("CLI: allied partners, offers and the settlement", .serialized)
struct AlliedCLITests {
    @Test("partner and offer add, offers with progress, settle as text and JSON; loyalty verify stays clean", arguments: Backend.enabled)
    func flow(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            for name in ["brand-a", "brand-b"] {
                #expect(try cli.run(["stores", "create", name, "--currency", "EUR", "--organisation", "group"]).status == 0)
            }
            #expect(try cli.run(["loyalty", "apply", "--defaults", "--store", "brand-a"]).status == 0)
            #expect(try cli.run(["loyalty", "apply", "--defaults", "--store", "brand-b"]).status == 0)
            let partner = try cli.run(["allied", "partner", "add", "acme", "--name", "Acme Ltd"])
            #expect(partner.status == 0, "\(partner.stderr)")
            #expect(partner.stdout.contains("added partner acme (Acme Ltd) to organisation group, id 1"))
            let offer = try cli.run([
                "allied", "offer", "add", "--key", "spring", "--from", "brand-a", "--to", "brand-b", "--partner", "acme",
                "--spend", "150.00", "--within-days", "30", "--points", "250", "--starts", "2026-01-01", "--ends", "2027-01-01",
            ])
            #expect(offer.status == 0, "\(offer.stderr)")
            #expect(offer.stdout.contains("added offer spring: spend 150.00 EUR at brand-a within 30 days"))
            let credit = try cli.run([
                "allied", "offer", "add", "--key", "credit", "--from", "brand-a", "--to", "brand-b", "--partner", "acme",
                "--spend", "100", "--within-days", "7", "--credit", "25.00", "--starts", "2026-01-01", "--ends", "2027-01-01",
            ])
            #expect(credit.status == 0, "\(credit.stderr)")

            // A customer of both brands spends 150 at A.
            let a = try #require(try await storage.store(named: "brand-a"))
            let b = try #require(try await storage.store(named: "brand-b"))
            let t0 = ISO8601.parse("2026-03-10T12:00:00Z")!
            _ = try await storage.ingest(
                IngestBatch(storeID: a.id, origin: .live, customers: [Customer(storeID: a.id, key: "c1", email: "ada@example.com", createdAt: t0)]),
                now: t0)
            _ = try await storage.ingest(
                IngestBatch(storeID: b.id, origin: .live, customers: [Customer(storeID: b.id, key: "b1", email: "ADA@example.com", createdAt: t0)]),
                now: t0)
            var order = Fixtures.order(a, key: "1001", customer: "c1", total: 15_000, lines: 1, currency: .eur)
            order.placedAt = t0
            _ = try await storage.ingest(IngestBatch(storeID: a.id, origin: .live, orders: [order]), now: t0)
            let report = try await AlliedOfferService(storage: storage, clock: FixedClock(t0)).orderPlaced(
                storeID: a.id, orderKey: "1001", customerKey: "c1", at: t0)
            #expect(report.granted == 2)

            let offers = try cli.run(["allied", "offers"])
            #expect(offers.status == 0, "\(offers.stderr)")
            #expect(offers.stdout.contains("spring: spend 150.00 EUR at brand-a within 30 days"))
            #expect(offers.stdout.contains("given 1 (250 points), waiting 0 (0 points)"))
            #expect(offers.stdout.contains("given 1 (25.00 EUR), waiting 0 (0.00 EUR)"))

            let verify = try cli.run(["loyalty", "verify", "--store", "brand-b"])
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

            let settle = try cli.run(["allied", "settle", "--partner", "acme", "--from", "2026-03-01", "--to", "2026-04-01"])
            #expect(settle.status == 0, "\(settle.stderr)")
            #expect(settle.stdout.contains("partner acme (Acme Ltd): 1 reward, 250 points; 1 reward, 25.00 EUR"))
            #expect(settle.stdout.contains("  offer spring: 1 reward, 250 points"))
            let json = try cli.run(["allied", "settle", "--from", "2026-03-01", "--to", "2026-04-01", "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let partners = object?["partners"] as? [[String: Any]]
            let totals = partners?.first?["totals"] as? [[String: Any]]
            #expect(totals?.count == 2 && totals?.last?["amount"] as? String == "25.00" && totals?.first?["amount"] as? Int == 250)
            let april = try cli.run(["allied", "settle", "--partner", "acme", "--from", "2026-04-01", "--to", "2026-05-01"])
            #expect(april.stdout.contains("partner acme (Acme Ltd): nothing given"))
        }
    }

    @Test("bad input: usage errors exit 64, refusals exit 1, each with a clear message", arguments: Backend.enabled)
    func badInput(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { cli in
            for name in ["brand-a", "brand-b"] {
                #expect(try cli.run(["stores", "create", name, "--organisation", "group"]).status == 0)
            }
            #expect(try cli.run(["stores", "create", "stranger", "--organisation", "rival"]).status == 0)
            #expect(try cli.run(["loyalty", "apply", "--defaults", "--store", "brand-b"]).status == 0)
            let noOrganisation = try cli.run(["allied", "partner", "add", "acme", "--name", "Acme"])
            #expect(noOrganisation.status == 1 && noOrganisation.stderr.contains("there are 2 organisations: choose one with --organisation"))
            #expect(try cli.run(["allied", "partner", "add", "acme", "--name", "Acme", "--organisation", "group"]).status == 0)
            let twice = try cli.run(["allied", "partner", "add", "acme", "--name", "Acme", "--organisation", "group"])
            #expect(twice.status == 1 && twice.stderr.contains("already has a partner 'acme'"))
            let badKey = try cli.run(["allied", "partner", "add", "a b", "--name", "Acme", "--organisation", "group"])
            #expect(badKey.status == 64 && badKey.stderr.contains("letters, digits"))
            let ghostOrganisation = try cli.run(["allied", "partner", "add", "x", "--name", "X", "--organisation", "ghost"])
            #expect(ghostOrganisation.status == 1 && ghostOrganisation.stderr.contains("no organisation 'ghost'"))

            func offer(_ changes: [String: String], drop: [String] = []) throws -> CLI.Result {
                var options = [
                    "--key": "spring", "--from": "brand-a", "--to": "brand-b", "--partner": "acme", "--spend": "150.00",
                    "--within-days": "30", "--points": "250", "--starts": "2026-01-01", "--ends": "2027-01-01",
                ]
                for (key, value) in changes { options[key] = value }
                for key in drop { options[key] = nil }
                return try cli.run(["allied", "offer", "add"] + options.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] })
            }
            let unknown = try offer(["--to": "ghost"])
            #expect(unknown.status == 1 && unknown.stderr.contains("no store named 'ghost'"))
            let same = try offer(["--to": "brand-a"])
            #expect(same.status == 64 && same.stderr.contains("--from and --to name the same store 'brand-a'"))
            let rival = try offer(["--to": "stranger"])
            #expect(rival.status == 1 && rival.stderr.contains("belong to different organisations"))
            let badSpend = try offer(["--spend": "1.505"])
            #expect(badSpend.status == 64 && badSpend.stderr.contains("--spend"))
            let zero = try offer(["--spend": "0"])
            #expect(zero.status == 64 && zero.stderr.contains("--spend must be greater than 0"))
            let negativePoints = try offer(["--points": "-5"])
            #expect(negativePoints.status == 64)
            let both = try offer(["--credit": "25.00"])
            #expect(both.status == 64 && both.stderr.contains("give --points N or --credit AMOUNT"))
            let badCredit = try offer(["--credit": "abc"], drop: ["--points"])
            #expect(badCredit.status == 64 && badCredit.stderr.contains("--credit 'abc' is not a decimal amount"))
            let backwards = try offer(["--ends": "2025-06-01"])
            #expect(backwards.status == 64 && backwards.stderr.contains("--ends (2025-06-01) must be after --starts (2026-01-01)"))
            let badDate = try offer(["--starts": "soon"])
            #expect(badDate.status == 64 && badDate.stderr.contains("--starts: 'soon' is not an ISO 8601 date"))
            let window = try offer(["--within-days": "0"])
            #expect(window.status == 64 && window.stderr.contains("--within-days must be from 1 to 3660"))
            let noPartner = try offer(["--partner": "nobody"])
            #expect(noPartner.status == 1 && noPartner.stderr.contains("has no partner 'nobody'"))
            let noProgram = try offer(["--from": "brand-b", "--to": "brand-a"])
            #expect(noProgram.status == 1 && noProgram.stderr.contains("store 'brand-a' has no loyalty program"))
            #expect(try offer([:]).status == 0)
            let taken = try offer([:])
            #expect(taken.status == 1 && taken.stderr.contains("already has an allied offer 'spring'"))

            let settleBackwards = try cli.run(["allied", "settle", "--from", "2026-04-01", "--to", "2026-03-01", "--organisation", "group"])
            #expect(settleBackwards.status == 64 && settleBackwards.stderr.contains("--to (2026-03-01) must be after --from (2026-04-01)"))
            let settleGhost = try cli.run(["allied", "settle", "--partner", "ghost", "--from", "2026-03-01", "--to", "2026-04-01", "--organisation", "group"])
            #expect(settleGhost.status == 1 && settleGhost.stderr.contains("has no partner 'ghost'"))
        }
    }
}
