import EncoreCore
import Foundation
import Testing

@Suite("Nelder–Mead: the minimiser the lifetime models are fitted with")
struct NelderMeadTests {
    @Test func rosenbrockInTwoAndFourDimensions() {
        func rosenbrock(_ x: [Double]) -> Double {
            var total = 0.0
            for i in 0..<(x.count - 1) {
                let bend = x[i + 1] - x[i] * x[i]
                total += 100 * bend * bend + (1 - x[i]) * (1 - x[i])
            }
            return total
        }
        let two = NelderMead().minimize([-1.2, 1], rosenbrock)
        #expect(two.converged && abs(two.x[0] - 1) < 1e-6 && abs(two.x[1] - 1) < 1e-6 && two.value < 1e-12)
        let four = NelderMead().minimize([-1.2, 1, -1.2, 1], rosenbrock)
        #expect(four.converged && four.x.allSatisfy { abs($0 - 1) < 1e-5 })
    }

    @Test func aShiftedQuadraticFromZero() {
        let target = [3.0, -2.0, 0.5, 10.0, -7.0]
        let result = NelderMead().minimize([0, 0, 0, 0, 0]) { x in
            var total = 0.0
            for i in x.indices { total += Double(i + 1) * (x[i] - target[i]) * (x[i] - target[i]) }
            return total
        }
        #expect(result.converged)
        for (found, wanted) in zip(result.x, target) { #expect(abs(found - wanted) < 1e-6) }
    }

    @Test func oneVariable() {
        let result = NelderMead().minimize([10]) { x in (x[0] - 2) * (x[0] - 2) + 1 }
        #expect(result.converged && abs(result.x[0] - 2) < 1e-6 && abs(result.value - 1) < 1e-12)
    }

    @Test func walksAwayFromWhereTheFunctionIsUndefined() {
        // log(x) is undefined for x <= 0: NaN there counts as worse than anything finite.
        let result = NelderMead().minimize([0.5]) { x in x[0] - log(x[0]) }
        #expect(result.converged && abs(result.x[0] - 1) < 1e-6)
    }

    @Test func stopsAtTheEvaluationLimit() {
        let result = NelderMead(maximumEvaluations: 25).minimize([-1.2, 1]) { x in
            100 * pow(x[1] - x[0] * x[0], 2) + pow(1 - x[0], 2)
        }
        #expect(!result.converged && result.evaluations <= 27)
    }
}
