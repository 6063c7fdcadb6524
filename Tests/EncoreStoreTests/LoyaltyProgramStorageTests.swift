import EncoreCore
import EncoreLoyalty
import EncoreTestSupport
import Testing
@testable import EncoreStore

@Suite("Loyalty programs: versions per store")
struct LoyaltyProgramStorageTests {
    @Test("publishing: version 1, the same rules again change nothing, new rules make version 2; each store apart", arguments: Backend.enabled)
    func versions(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let shop = try await Fixtures.store(storage, "shop")
            let other = try await Fixtures.store(storage, "other")
            #expect(try await storage.loyaltyProgram(storeID: shop.id) == nil)

            let first = try await storage.publishLoyaltyProgram(
                storeID: shop.id, program: .defaults, source: LoyaltyProgram.defaultsYAML, now: Fixtures.t0)
            #expect(first == .created(version: 1))
            // The same rules from a file that differs only in its comments publish nothing.
            let again = try await storage.publishLoyaltyProgram(
                storeID: shop.id, program: .defaults, source: "# edited comment\n" + LoyaltyProgram.defaultsYAML,
                now: Fixtures.t0.adding(seconds: 60))
            #expect(again == .unchanged(version: 1))

            var richer = LoyaltyProgram.defaults
            richer.reversalPolicy = .cappedShortfall
            let second = try await storage.publishLoyaltyProgram(
                storeID: shop.id, program: richer, source: "reversal_policy: capped_shortfall", now: Fixtures.t0.adding(seconds: 120))
            #expect(second == .created(version: 2))

            let latest = try #require(try await storage.loyaltyProgram(storeID: shop.id))
            #expect(latest.version == 2)
            #expect(latest.program == richer)
            #expect(latest.source == "reversal_policy: capped_shortfall")
            #expect(latest.publishedAt == Fixtures.t0.adding(seconds: 120))
            let original = try #require(try await storage.loyaltyProgram(storeID: shop.id, version: 1))
            #expect(original.program == .defaults)
            #expect(original.source == LoyaltyProgram.defaultsYAML)
            #expect(try await storage.loyaltyProgram(storeID: shop.id, version: 3) == nil)

            // Another store has its own numbering and never sees this one's program.
            #expect(try await storage.loyaltyProgram(storeID: other.id) == nil)
            #expect(try await storage.loyaltyProgram(storeID: other.id, version: 1) == nil)
            let otherFirst = try await storage.publishLoyaltyProgram(
                storeID: other.id, program: richer, source: "", now: Fixtures.t0)
            #expect(otherFirst == .created(version: 1))
        }
    }

    @Test("concurrent publications of different rules get distinct, consecutive versions", arguments: Backend.enabled)
    func concurrentPublications(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let shop = try await Fixtures.store(storage, "shop")
            let outcomes = try await withThrowingTaskGroup(of: ApplyOutcome.self) { group in
                for days in 1...8 {
                    var program = LoyaltyProgram.defaults
                    program.expiry = ExpiryPolicy(lotDays: days * 30)
                    group.addTask {
                        try await storage.publishLoyaltyProgram(storeID: shop.id, program: program, source: "", now: Fixtures.t0)
                    }
                }
                var all: [ApplyOutcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let versions = outcomes.compactMap { outcome -> Int? in
                if case .created(let version) = outcome { return version }
                return nil
            }
            #expect(versions.sorted() == Array(1...8))
            #expect(try await storage.loyaltyProgram(storeID: shop.id)?.version == 8)
        }
    }
}
