import Testing

@testable import EncoreCore

@Suite("Attribution: uplift against the holdout and incremental revenue")
struct UpliftTests {
    /// Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10.
    @Test(
        "Newcombe's hybrid score interval reproduces his published examples",
        arguments: [
            (56, 70, 48, 80, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090), (6, 7, 2, 7, 0.0582, 0.8062),
            (5, 56, 0, 29, -0.0381, 0.1926), (0, 10, 0, 20, -0.1611, 0.2775), (0, 10, 0, 10, -0.2775, 0.2775),
            (10, 10, 0, 20, 0.6791, 1.0), (10, 10, 0, 10, 0.6075, 1.0),
        ])
    func newcombe(_ a: Int, _ m: Int, _ b: Int, _ n: Int, _ lower: Double, _ upper: Double) throws {
        let u = try #require(Uplift.of(treatedConverted: a, treatedEntered: m, holdoutConverted: b, holdoutEntered: n))
        #expect(abs(u.difference - (Double(a) / Double(m) - Double(b) / Double(n))) < 1e-12)
        #expect(abs(u.lower - lower) < 0.00005, "lower \(u.lower)")
        #expect(abs(u.upper - upper) < 0.00005, "upper \(u.upper)")
        #expect(u.isSignificant == (lower > 0 || upper < 0))
    }

    @Test("plain words: the interval in points, and 'not significant yet' when it holds zero; nothing without both groups")
    func summary() throws {
        let clear = try #require(Uplift.of(treatedConverted: 56, treatedEntered: 70, holdoutConverted: 48, holdoutEntered: 80))
        #expect(clear.summary == "+20.0 pp (95% CI +5.2 to +33.4)")
        let unclear = try #require(Uplift.of(treatedConverted: 5, treatedEntered: 56, holdoutConverted: 0, holdoutEntered: 29))
        #expect(unclear.summary == "+8.9 pp (95% CI -3.8 to +19.3), not significant yet")
        let worse = try #require(Uplift.of(treatedConverted: 3, treatedEntered: 10, holdoutConverted: 9, holdoutEntered: 10))
        #expect(worse.isSignificant && worse.difference < 0)
        #expect(Uplift.of(treatedConverted: 1, treatedEntered: 5, holdoutConverted: 0, holdoutEntered: 0) == nil)
        #expect(Uplift.of(treatedConverted: 0, treatedEntered: 0, holdoutConverted: 1, holdoutEntered: 4) == nil)
    }

    @Test("incremental revenue: the per-entrant difference times the treated entrants, with Welch's standard error")
    func incremental() throws {
        // Treated: 4 entrants, revenues 100, 300, 0, 0; holdout: 4 entrants, 100, 0, 0, 0.
        let treated = GroupRevenue(entered: 4, sum: 400, sumOfSquares: 100_000)
        let holdout = GroupRevenue(entered: 4, sum: 100, sumOfSquares: 10_000)
        let r = try #require(IncrementalRevenue.of(treated: treated, holdout: holdout))
        #expect(r.value == 300)  // (100 − 25) × 4
        // Variances: treated (100000 − 40000)/3 = 20000; holdout (10000 − 2500)/3 = 2500.
        let half = 1.959963984540054 * (20_000.0 / 4 + 2_500.0 / 4).squareRoot() * 4
        #expect(abs(r.lower - (300 - half)) < 1e-9 && abs(r.upper - (300 + half)) < 1e-9)
        #expect(!r.isSignificant)
        #expect(IncrementalRevenue.of(treated: treated, holdout: GroupRevenue(entered: 0, sum: 0, sumOfSquares: 0)) == nil)
        let single = try #require(
            IncrementalRevenue.of(
                treated: GroupRevenue(entered: 1, sum: 50, sumOfSquares: 2_500), holdout: GroupRevenue(entered: 1, sum: 0, sumOfSquares: 0)))
        #expect(single.value == 50 && single.lower == 50, "no spread from one entrant each")
    }
}
