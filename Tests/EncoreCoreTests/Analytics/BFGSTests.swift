import EncoreCore
import Foundation
import Testing

@Suite("BFGS, digamma, and the BG/NBD likelihood's gradient")
struct BFGSTests {
    @Test func rosenbrockWithItsGradient() {
        let result = BFGS().minimize([-1.2, 1]) { x in
            let bend = x[1] - x[0] * x[0]
            return (100 * bend * bend + (1 - x[0]) * (1 - x[0]), [-400 * x[0] * bend - 2 * (1 - x[0]), 200 * bend])
        }
        #expect(result.converged && abs(result.x[0] - 1) < 1e-6 && abs(result.x[1] - 1) < 1e-6)
        #expect(result.iterations < 100)
    }

    @Test func digammaKnownValues() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(n+1) = ψ(n) + 1/n.
        let euler = 0.5772156649015329
        #expect(abs(digamma(1) + euler) < 1e-12)
        #expect(abs(digamma(0.5) + euler + 2 * log(2.0)) < 1e-12)
        #expect(abs(digamma(11) - digamma(10) - 0.1) < 1e-12)
        #expect(abs(digamma(1e-3) - (-1000.5755719318103)) < 1e-8)
        #expect(abs(digamma(250.5) - 5.5214618) < 1e-6)
    }

    @Test func bgnbdGradientMatchesFiniteDifferences() throws {
        let counted = CustomerSummary.counted(try CDNOWSummary.load())
        let p = [0.31, 3.9, 0.55, 2.8]
        func ll(_ q: [Double]) -> Double { BGNBD(r: q[0], alpha: q[1], a: q[2], b: q[3]).logLikelihood(counted) }
        let (value, gradient) = BGNBD(r: p[0], alpha: p[1], a: p[2], b: p[3]).logLikelihoodAndGradient(counted)
        #expect(abs(value - ll(p)) < 1e-9 * abs(value))
        expectGradient(gradient, of: ll, at: p, "BG/NBD")
    }
}
