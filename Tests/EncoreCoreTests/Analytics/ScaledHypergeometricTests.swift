import EncoreCore
import Foundation
import Testing

@Suite("(1-z)^a 2F1(a, b; c; z): signs kept, no overflow")
struct ScaledHypergeometricTests {
    @Test func knownClosedForms() throws {
        // 2F1(1, 1; 2; z) = -ln(1-z)/z.
        for z in [0.0001, 0.3, 0.9, 0.999] {
            let value = try #require(ScaledHypergeometric.value(a: 1, b: 1, c: 2, z: z))
            let expected = (1 - z) * -log1p(-z) / z
            #expect(abs(value - expected) < 1e-9 * max(1, expected), "z = \(z)")
        }
        #expect(ScaledHypergeometric.value(a: 3, b: 2, c: 5, z: 0) == 1)
    }

    @Test func negativeCIsSummedWithItsSigns() throws {
        // 2F1(a, b; b; z) = (1-z)^-a for any b, a negative one included: the scaled value is 1.
        for b in [-0.5, -0.2, -1.7, 0.3] {
            let value = try #require(ScaledHypergeometric.value(a: 0.7, b: b, c: b, z: 0.6))
            #expect(abs(value - 1) < 1e-12, "b = c = \(b)")
        }
        // A negative integer c is a pole: no value.
        #expect(ScaledHypergeometric.value(a: 1, b: 1, c: -2, z: 0.5) == nil)
        #expect(ScaledHypergeometric.value(a: 1, b: 1, c: 2, z: 1) == nil)
        #expect(ScaledHypergeometric.value(a: 1, b: 1, c: 2, z: -0.1) == nil)
    }

    @Test("huge b and c (a fit where every customer drops out alike) settle in few terms, to mpmath's value")
    func hugeParametersSettleQuickly() throws {
        // mpmath, 40 digits: (1-z)^a 2F1(a, b; c; z) = 0.81942221981010899161.
        let value = try #require(
            ScaledHypergeometric.value(
                a: 6.3149288442284773, b: 150801950.82040426, c: 14302379.208710117 + 150801945.82040426 + 5, z: 0.27,
                maximumTerms: 1_000))
        #expect(abs(value - 0.81942221981010899161) < 1e-12)
    }

    @Test func largeFirstArgumentDoesNotOverflow() throws {
        // Unscaled, 2F1(5000, b; b; 0.5) = 2^5000 overflows; scaled it is 1.
        let value = try #require(ScaledHypergeometric.value(a: 5_000, b: 3.2, c: 3.2, z: 0.5))
        #expect(abs(value - 1) < 1e-9)
    }
}
