import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@Suite("CLI: referrals link and list")
struct ReferralsCLITests {
    @Test("link prints one code per customer; list shows outcomes with reasons (text and JSON); bad input is a usage error", arguments: Backend.enabled)
    func linkAndList(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .live, customers: [Fixtures.customer(store)]), now: Fixtures.t0)
            let early = try cli.run(["referrals", "link", "--customer", "c1"])
            #expect(early.status != 0 && early.stderr.contains("has no loyalty program"))
            #expect(try cli.run(["loyalty", "apply", "--defaults"]).status == 0)

            let link = try cli.run(["referrals", "link", "--customer", "C1@example.com", "--base-url", "https://encore.shop.example/"])
            #expect(link.status == 0, "\(link.stderr)")
            let lines = link.stdout.split(separator: "\n").map(String.init)
            let code = try #require(lines.first?.dropFirst("code ".count)).description
            #expect(lines.count == 2 && lines[1] == "https://encore.shop.example/ref/shop/\(code)")
            #expect(try cli.run(["referrals", "link", "--customer", "c1"]).stdout.contains("code \(code)"), "the same code again")
            let nobody = try cli.run(["referrals", "link", "--customer", "nobody@example.com"])
            #expect(nobody.status != 0 && nobody.stderr.contains("has no customer 'nobody@example.com'"))

            let service = ReferralService(storage: storage, clock: FixedClock(Fixtures.t0))
            _ = try await service.accept(store: store, code: code, email: "c1@example.com", ip: "203.0.113.5")
            _ = try await service.accept(store: store, code: code, email: "pal@example.com", ip: "203.0.113.5")
            let listed = try cli.run(["referrals", "list"])
            #expect(listed.status == 0 && listed.stdout.hasPrefix("1 invited, 0 ordered, 0 credited, 1 rejected"))
            #expect(listed.stdout.contains("c1 [\(code)] -> c1@example.com  rejected (self_referral: customers cannot refer themselves)"))
            let json = try cli.run(["referrals", "list", "--status", "rejected", "--json"])
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            #expect(rows.count == 1 && rows[0]["reason"] as? String == "self_referral" && rows[0]["ip"] as? String == "203.0.113.5")
            let bad = try cli.run(["referrals", "list", "--status", "maybe"])
            #expect(bad.status == 64 && bad.stderr.contains("--status must be invited, ordered, credited or rejected"))
        }
    }
}
