import Foundation
import Testing

@testable import EncoreCore

@Suite struct DemoSamplerTests {
    @Test func splitMix64MatchesTheReferenceVectors() {
        var mixer = SplitMix64(state: 1_234_567)
        #expect(mixer.next() == 6_457_827_717_110_365_317)
        #expect(mixer.next() == 3_203_168_211_198_807_973)
        #expect(mixer.next() == 9_817_491_932_198_370_423)
    }

    @Test func xoshiroMatchesTheReferenceImplementation() {
        var random = DemoRandom(state: (1, 2, 3, 4))
        #expect(random.next() == 11520)
        #expect(random.next() == 0)
        #expect(random.next() == 1_509_978_240)
        #expect(random.next() == 1_215_971_899_390_074_240)
    }

    @Test func streamsAreReproducibleAndIndependent() {
        var a = DemoRandom(seed: 7, stream: 3)
        var b = DemoRandom(seed: 7, stream: 3)
        var c = DemoRandom(seed: 7, stream: 4)
        var d = DemoRandom(seed: 8, stream: 3)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        #expect(first != (0..<8).map { _ in d.next() })
    }

    @Test func logAndExpAgreeWithTheSystemLibrary() {
        var random = DemoRandom(seed: 1)
        for _ in 0..<10_000 {
            let x = DemoMath.exp(random.uniform(-40...40))
            #expect(abs(DemoMath.log(x) - Foundation.log(x)) <= 1e-14 * max(1, abs(Foundation.log(x))))
            let y = random.uniform(-700...700)
            #expect(abs(DemoMath.exp(y) - Foundation.exp(y)) <= 4e-15 * Foundation.exp(y))
        }
        #expect(DemoMath.log(1) == 0)
        #expect(DemoMath.exp(0) == 1)
        #expect(DemoMath.log(0) == -.infinity)
        #expect(DemoMath.log(-1).isNaN)
        #expect(DemoMath.exp(-800) == 0)
        #expect(abs(DemoMath.pow(2, 10) - 1024) < 1e-10)
    }

    /// Mean and variance of `count` draws.
    private func moments(_ count: Int, _ draw: () -> Double) -> (mean: Double, variance: Double) {
        var sum = 0.0
        var squares = 0.0
        for _ in 0..<count {
            let x = draw()
            sum += x
            squares += x * x
        }
        let mean = sum / Double(count)
        return (mean, squares / Double(count) - mean * mean)
    }

    @Test func samplersHaveTheRightMoments() {
        var random = DemoRandom(seed: 42)
        let n = 200_000
        let uniform = moments(n) { random.uniform() }
        #expect(abs(uniform.mean - 0.5) < 0.005)
        #expect(abs(uniform.variance - 1.0 / 12) < 0.002)
        let exponential = moments(n) { random.exponential(rate: 0.5) }
        #expect(abs(exponential.mean - 2) < 0.03)
        let normal = moments(n) { random.normal() }
        #expect(abs(normal.mean) < 0.01)
        #expect(abs(normal.variance - 1) < 0.02)
        let gamma = moments(n) { random.gamma(shape: 3, rate: 2) }
        #expect(abs(gamma.mean - 1.5) < 0.02)
        #expect(abs(gamma.variance - 0.75) < 0.03)
        let smallShape = moments(n) { random.gamma(shape: 0.25, rate: 18.75) }
        #expect(abs(smallShape.mean - 0.25 / 18.75) / (0.25 / 18.75) < 0.03)
        let beta = moments(n) { random.beta(0.8, 2.5) }
        #expect(abs(beta.mean - 0.8 / 3.3) < 0.005)
        let poisson = moments(n) { Double(random.poisson(mean: 2.5)) }
        #expect(abs(poisson.mean - 2.5) < 0.03)
        #expect(abs(poisson.variance - 2.5) < 0.06)
        let geometric = moments(n) { Double(random.geometric(p: 0.25)) }
        #expect(abs(geometric.mean - 3) < 0.06)
        var below = 0
        for _ in 0..<n where random.logNormal(mu: 1, sigma: 0.5) < Foundation.exp(1) { below += 1 }
        #expect(abs(Double(below) / Double(n) - 0.5) < 0.01)
    }

    @Test func boundedIntegersStayInRange() {
        var random = DemoRandom(seed: 3)
        var seen = Set<Int>()
        for _ in 0..<10_000 {
            let value = random.int(in: 2...6)
            #expect((2...6).contains(value))
            seen.insert(value)
        }
        #expect(seen == [2, 3, 4, 5, 6])
    }

    @Test func weightsPickInProportion() {
        var random = DemoRandom(seed: 5)
        let weights = DemoWeights([1, 0, 3])
        var counts = [0, 0, 0]
        for _ in 0..<40_000 { counts[random.pick(weights)] += 1 }
        #expect(counts[1] == 0)
        #expect(abs(Double(counts[2]) / 40_000 - 0.75) < 0.01)
    }

    @Test func timeZonesFollowDaylightSaving() {
        func at(_ text: String) -> Int64 { ISO8601.parse(text)!.millisecondsSinceEpoch }
        let hour: Int64 = 3_600_000
        let newYork = DemoRegion.all.first { $0.zone.identifier == "America/New_York" }!.zone
        #expect(newYork.offset(atUTC: at("2025-01-15T12:00:00Z")) == -5 * hour)
        #expect(newYork.offset(atUTC: at("2025-07-15T12:00:00Z")) == -4 * hour)
        #expect(newYork.offset(atUTC: at("2025-03-09T06:59:00Z")) == -5 * hour)
        #expect(newYork.offset(atUTC: at("2025-03-09T07:00:00Z")) == -4 * hour)
        #expect(newYork.offset(atUTC: at("2025-11-02T05:59:00Z")) == -4 * hour)
        #expect(newYork.offset(atUTC: at("2025-11-02T06:00:00Z")) == -5 * hour)
        let paris = DemoRegion.all.first { $0.zone.identifier == "Europe/Paris" }!.zone
        #expect(paris.offset(atUTC: at("2025-03-30T00:59:00Z")) == hour)
        #expect(paris.offset(atUTC: at("2025-03-30T01:00:00Z")) == 2 * hour)
        #expect(paris.offset(atUTC: at("2025-10-26T01:00:00Z")) == hour)
        let sydney = DemoRegion.all.first { $0.zone.identifier == "Australia/Sydney" }!.zone
        #expect(sydney.offset(atUTC: at("2025-01-15T00:00:00Z")) == 11 * hour)
        #expect(sydney.offset(atUTC: at("2025-07-15T00:00:00Z")) == 10 * hour)
        let tokyo = DemoRegion.all.first { $0.zone.identifier == "Asia/Tokyo" }!.zone
        #expect(tokyo.offset(atUTC: at("2025-07-15T00:00:00Z")) == 9 * hour)
        // 8 pm in New York in July is midnight UTC.
        #expect(newYork.utc(fromLocal: at("2025-07-15T20:00:00Z")) == at("2025-07-16T00:00:00Z"))
        #expect(newYork.localMidnight(containing: at("2025-07-16T03:00:00Z")) == at("2025-07-15T00:00:00Z"))
    }

    @Test func weekdaysAndSundays() {
        #expect(DemoTimeZone.weekday(ofDay: 0) == 4)  // 1970-01-01, a Thursday
        #expect(DemoTimeZone.weekday(ofDay: -1) == 3)
        func day(_ month: Int, _ day: Int) -> Int { ISO8601.daysFromCivil(year: 2025, month: month, day: day) }
        #expect(DemoTimeZone.nthSunday(year: 2025, month: 3, n: 2) == day(3, 9))
        #expect(DemoTimeZone.lastSunday(year: 2025, month: 10) == day(10, 26))
        #expect(DemoTimeZone.lastSunday(year: 2025, month: 12) == day(12, 28))
    }

    @Test func keysArePadded() {
        #expect(DemoKeys.make("demo-o", 42, width: 6) == "demo-o000042")
        #expect(DemoKeys.make("x", 1_234_567, width: 3) == "x1234567")
        #expect(DemoKeys.make("x", 0, width: 2) == "x00")
    }

    @Test func pricesConvertToPricePoints() {
        #expect(DemoPricing.convert(1899, to: .usd) == 1899)
        #expect(DemoPricing.convert(1899, to: .eur) == 1799)
        #expect(DemoPricing.convert(5000, to: .eur) == 4600)
        #expect(DemoPricing.convert(1899, to: .jpy) == 2850)
        #expect(DemoPricing.convert(1899, to: .kwd) == 18_999)
    }
}
