import EncoreCore
import Foundation
import Testing

@Suite("Gamma-Gamma and lifetime value: CDNOW as published")
struct GammaGammaTests {
    /// The CDNOW 1/10 sample with each customer's average repeat-purchase amount (zbar).
    static func cdnow() throws -> [CustomerSummary] { try CDNOWSummary.load(spend: true) }

    @Test("CDNOW: p 6.25, q 3.74, γ 15.4 on the 946 repeat customers (Fader & Hardie 2013)")
    func cdnowParameters() throws {
        let fit = try GammaGammaFit.fit(try Self.cdnow())
        #expect(fit.customers == 946)
        #expect(BGNBDTests.significant(fit.model.p, 3) == 6.25)
        #expect(BGNBDTests.significant(fit.model.q, 3) == 3.74)
        #expect(BGNBDTests.significant(fit.model.gamma, 3) == 15.4)
        // lifetimes 0.11.3 on the same data: 6.248802, 3.744588, 15.447748.
        #expect(abs(fit.model.p - 6.248802) < 5e-5 && abs(fit.model.q - 3.744588) < 5e-5 && abs(fit.model.gamma - 15.447748) < 5e-4)
    }

    @Test("expected average spend and 12-month CLV at 1% a month, as lifetimes computes them")
    func predictions() throws {
        let spend = GammaGamma(p: 6.248802, q: 3.744588, gamma: 15.447748)
        #expect(abs(try #require(spend.expectedAverage(x: 2, mean: 22.35)) - 24.658616) < 1e-5)
        #expect(abs(try #require(spend.expectedAverage(x: 0, mean: 0)) - 35.171002) < 1e-5)
        #expect(abs(try #require(spend.expectedAverage(x: 10, mean: 30)) - 30.217564) < 1e-5)
        #expect(GammaGamma(p: 1, q: 0.5, gamma: 1).expectedAverage(x: 0, mean: 0) == nil)

        let clv = LifetimeValue(purchases: BGNBD(r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752), spend: spend)
        let customers = try Self.cdnow().prefix(3)
        let expected = [36.278496, 4.637466, 8.344093]
        for (customer, value) in zip(customers, expected) {
            #expect(abs(try #require(clv.value(customer, months: 12, monthlyDiscount: 0.01)) - value) < 1e-3, "\(customer.id)")
        }
        #expect(clv.value(customers.first!, months: 0, monthlyDiscount: 0.01) == 0)
    }

    @Test("the grouped likelihood is the sum of the customers' and its gradient matches finite differences")
    func grouped() throws {
        let customers = try Self.cdnow()
        let data = GammaGammaData(customers)
        #expect(data.customers == 946)
        for model in [GammaGamma(p: 6.25, q: 3.74, gamma: 15.4), GammaGamma(p: 0.5, q: 12, gamma: 0.3), GammaGamma(p: 40, q: 1.2, gamma: 900)] {
            let (value, gradient) = data.logLikelihoodAndGradient(model)
            let direct = customers.filter { $0.frequency > 0 && $0.monetary > 0 }
                .reduce(0.0) { $0 + model.logLikelihood(x: $1.frequency, mean: $1.monetary) }
            #expect(abs(value - direct) < 1e-9 * abs(direct), "\(model)")
            expectGradient(gradient, of: { v in data.logLikelihoodAndGradient(GammaGamma(p: v[0], q: v[1], gamma: v[2])).value },
                at: [model.p, model.q, model.gamma], "\(model)")
        }
        // The quasi-Newton search needs few evaluations where the simplex needed hundreds.
        #expect(try GammaGammaFit.fit(customers).evaluations < 200)
    }

    @Test("too few repeat customers cannot be fitted")
    func refusal() {
        #expect(throws: ModelFitError.self) {
            try GammaGammaFit.fit([CustomerSummary(id: "1", frequency: 1, recency: 1, age: 2, monetary: 5), CustomerSummary(id: "2", frequency: 0, recency: 0, age: 2)])
        }
    }
}
