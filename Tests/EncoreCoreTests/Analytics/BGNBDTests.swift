import EncoreCore
import Foundation
import Testing

@Suite("BG/NBD: fitted to CDNOW as published, predictions as the paper's")
struct BGNBDTests {
    static func significant(_ value: Double, _ digits: Int) -> Double {
        guard value != 0 else { return 0 }
        let scale = pow(10, Double(digits) - ceil(log10(abs(value))))
        return (value * scale).rounded() / scale
    }

    @Test("CDNOW: r 0.243, α 4.41, a 0.793, b 2.43, log-likelihood −9,582 (Fader, Hardie & Lee 2005)")
    func cdnowParameters() throws {
        let fit = try BGNBDFit.fit(try CDNOWSummary.load())
        #expect(fit.customers == 2_357)
        let m = fit.model
        #expect(Self.significant(m.r, 3) == 0.243 && Self.significant(m.alpha, 3) == 4.41)
        #expect(Self.significant(m.a, 3) == 0.793 && Self.significant(m.b, 3) == 2.43)
        #expect(Self.significant(fit.logLikelihood, 5) == -9_582.4)
        // lifetimes 0.11.3 on the same data: 0.242593, 4.413532, 0.792886, 2.425752.
        #expect(abs(m.r - 0.242593) < 5e-6 && abs(m.alpha - 4.413532) < 5e-5)
        #expect(abs(m.a - 0.792886) < 5e-6 && abs(m.b - 2.425752) < 5e-5)
    }

    @Test("the paper's customer: 2 repeat purchases, the last at 30.43 of 38.86 weeks, expects 1.226 in the next 39")
    func conditionalExpectation() throws {
        let m = BGNBD(r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752)
        let expected = try #require(m.expectedPurchases(t: 39, x: 2, tx: 30.43, T: 38.86))
        #expect(abs(expected - 1.2259104) < 1e-6)
        #expect(abs(m.probabilityAlive(x: 2, tx: 30.43, T: 38.86) - 0.72660914) < 1e-7)
        #expect(abs(try #require(m.expectedPurchasesOfNewCustomer(t: 39)) - 1.1950162) < 1e-6)
        #expect(abs(try #require(m.expectedPurchases(t: 39, x: 0, tx: 0, T: 38.86)) - 0.19478086) < 1e-7)
        #expect(m.probabilityAlive(x: 0, tx: 0, T: 38.86) == 1)
    }

    @Test("large purchase counts: no overflow, a long-silent heavy buyer is almost surely gone")
    func largeCounts() throws {
        let m = BGNBD(r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752)
        let gone = try #require(m.expectedPurchases(t: 52, x: 150, tx: 30, T: 38.86))
        #expect(gone >= 0 && gone < 1e-9)
        let busy = try #require(m.expectedPurchases(t: 52, x: 3_000, tx: 38.8, T: 38.86))
        #expect(abs(busy - 2_529.81596) < 1e-4, "a customer buying 77 times a week to the end keeps buying (mpmath: 2529.815963)")
        #expect(m.logLikelihood(x: 10_000, tx: 38, T: 39).isFinite)
        #expect(m.probabilityAlive(x: 10_000, tx: 1, T: 39) == 0)
    }

    @Test("a + b < 1: the expectation for a customer without repeats stays positive and matches a simulation-free check")
    func smallAPlusB() throws {
        let m = BGNBD(r: 0.5, alpha: 3, a: 0.3, b: 0.4)
        // x = 0 gives c = a + b - 1 < 0: the hypergeometric series starts with negative terms.
        let zero = try #require(m.expectedPurchases(t: 20, x: 0, tx: 0, T: 10))
        #expect(zero > 0 && zero.isFinite)
        // Growing horizons expect more, never less.
        var previous = 0.0
        for t in stride(from: 1.0, through: 200, by: 7) {
            let value = try #require(m.expectedPurchases(t: t, x: 0, tx: 0, T: 10))
            #expect(value > previous)
            previous = value
        }
        // Reference values from mpmath's hyp2f1 at 30 digits (the first also by quadrature of the
        // model's definition over λ ~ Gamma(r, α) and p ~ Beta(a, b): 1.7032655348).
        #expect(abs(try #require(m.expectedPurchasesOfNewCustomer(t: 20)) - 1.703265535) < 1e-8)
        #expect(abs(zero - 0.567268096) < 1e-8)
        #expect(abs(try #require(m.expectedPurchases(t: 20, x: 1, tx: 5, T: 10)) - 0.729045578) < 1e-8)
    }

    @Test("fitting refuses what cannot be fitted")
    func refusals() {
        #expect(throws: ModelFitError.self) { try BGNBDFit.fit([CustomerSummary(id: "1", frequency: 1, recency: 1, age: 2)]) }
        #expect(throws: ModelFitError.self) {
            try BGNBDFit.fit([CustomerSummary(id: "1", frequency: 0, recency: 0, age: 2), CustomerSummary(id: "2", frequency: 0, recency: 0, age: 3)])
        }
    }

    @Test("a summary from purchases: distinct days, weeks, the day's amounts summed, later purchases left out")
    func summaryFromPurchases() throws {
        // Days 0 (twice), 14, 14, 35; calibration ends on day 49; day 60 is after it.
        let s = try #require(CustomerSummary.from(
            id: "c", purchases: [(0, 10), (0, 5), (14, 20), (14, 4), (35, 30), (60, 99)], calibrationEnd: 49))
        #expect(s.frequency == 2 && s.recency == 5 && s.age == 7 && s.monetary == 27)
        #expect(s.validate() == nil)
        #expect(CustomerSummary.from(id: "x", purchases: [(60, 1)], calibrationEnd: 49) == nil)
        #expect(CustomerSummary(id: "b", frequency: 1.5, recency: 1, age: 2).validate() != nil)
        #expect(CustomerSummary(id: "b", frequency: 1, recency: 3, age: 2).validate() == "recency must be from 0 to T")
        #expect(CustomerSummary(id: "b", frequency: 0, recency: 1, age: 2).validate() != nil)
    }
}
