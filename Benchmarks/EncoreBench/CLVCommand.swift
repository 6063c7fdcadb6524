import ArgumentParser
import EncoreCore
import Foundation

/// `encore-bench clv --input SUMMARY.csv [--runs N] [--synthetic N]`: how long the BG/NBD fit takes
/// on a summary file (median of runs), and on N customers simulated from the fitted model.
struct CLVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clv", abstract: "Time the BG/NBD fit on a summary file and on simulated customers.")
    @Option(help: "A summary CSV (ID,frequency,recency,T).") var input: String
    @Option(help: "Fits to time; the median is reported.") var runs: Int = 21
    @Option(help: "Also fit this many customers simulated from the fitted model (0: none).") var synthetic: Int = 0
    @Option(help: "Seed of the simulation.") var seed: UInt64 = 1
    @Option(help: "Also time the Gamma-Gamma fit on this summary with spend (ID,x,t_x,T,zbar).") var spendInput: String?

    /// `fit` once to warm up, then `runs` times timed: the last result and the times, sorted.
    func timed<T>(_ fit: () throws -> T) throws -> (T, [Double]) {
        var result = try fit()
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = ContinuousClock.now
            result = try fit()
            times.append(seconds(since: start))
        }
        return (result, times.sorted())
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: input) else { throw ValidationError("cannot read \(input)") }
        let customers: [CustomerSummary]
        switch CustomerSummaryFile.parse(Array(data)) {
        case .success(let parsed): customers = parsed
        case .failure(let problems): throw ValidationError(problems.description)
        }
        let (fit, times) = try timed { try BGNBDFit.fit(customers) }
        let m = fit.model
        print(
            String(
                format: "cdnow: %d customers, median %.2f ms (min %.2f) over %d fits; r %.6f alpha %.6f a %.6f b %.6f LL %.4f; %d evaluations",
                customers.count, times[times.count / 2] * 1000, times[0] * 1000, times.count, m.r, m.alpha, m.a, m.b,
                fit.logLikelihood, fit.evaluations))
        var spendModel: GammaGamma?
        if let spendInput {
            guard let data = FileManager.default.contents(atPath: spendInput) else { throw ValidationError("cannot read \(spendInput)") }
            let withSpend = try CustomerSummaryFile.parse(Array(data)).get()
            let (fit, times) = try timed { try GammaGammaFit.fit(withSpend) }
            spendModel = fit.model
            print(
                String(
                    format: "cdnow spend: %d customers, median %.2f ms (min %.2f) over %d Gamma-Gamma fits; p %.6f q %.6f gamma %.6f LL %.4f; %d evaluations",
                    fit.customers, times[times.count / 2] * 1000, times[0] * 1000, times.count, fit.model.p, fit.model.q,
                    fit.model.gamma, fit.logLikelihood, fit.evaluations))
        }
        guard synthetic > 0 else { return }
        var generator = DemoRandom(seed: seed)
        var simulated = (0..<synthetic).map { CLVSimulation.customer(m, id: $0, random: &generator) }
        let start = ContinuousClock.now
        let big = try BGNBDFit.fit(simulated)
        let elapsed = seconds(since: start)
        print(
            String(
                format: "synthetic: %d customers fitted in %.3f s; r %.4f alpha %.4f a %.4f b %.4f (simulated from the CDNOW fit); max RSS %.0f MiB",
                synthetic, elapsed, big.model.r, big.model.alpha, big.model.a, big.model.b, RecommendationsCommand.peakRSSMiB()))
        guard let spendModel else { return }
        for index in simulated.indices where simulated[index].frequency > 0 {
            simulated[index].monetary = CLVSimulation.averageSpend(spendModel, x: simulated[index].frequency, random: &generator)
        }
        let spendStart = ContinuousClock.now
        let spend = try GammaGammaFit.fit(simulated)
        print(
            String(
                format: "synthetic spend: %d repeat customers, Gamma-Gamma fitted in %.3f s; p %.4f q %.4f gamma %.4f (simulated from the CDNOW fit); %d evaluations",
                spend.customers, seconds(since: spendStart), spend.model.p, spend.model.q, spend.model.gamma, spend.evaluations))
    }
}

/// Customers drawn from a BG/NBD model: a first purchase in the first 12 weeks, observed to week
/// 39 (as CDNOW), times rounded to whole days.
enum CLVSimulation {
    /// Uniform in [0, 1).
    static func unit(_ random: inout DemoRandom) -> Double { Double.random(in: 0..<1, using: &random) }

    static func customer(_ m: BGNBD, id: Int, random: inout DemoRandom) -> CustomerSummary {
        let firstDay = Double(Int(unit(&random) * 84))
        let T = (273 - firstDay) / 7
        let lambda = gamma(shape: m.r, scale: 1 / m.alpha, &random)
        let p = beta(m.a, m.b, &random)
        var t = 0.0
        var x = 0
        var last = 0.0
        while true {
            t += -log(1 - unit(&random)) / max(lambda, 1e-12)
            if t > T { break }
            let day = (t * 7).rounded(.down) / 7
            if day > last { x += 1; last = day }
            if unit(&random) < p { break }
        }
        return CustomerSummary(id: String(id), frequency: Double(x), recency: x > 0 ? last : 0, age: T)
    }

    static func gamma(shape: Double, scale: Double, _ random: inout DemoRandom) -> Double {
        if shape < 1 { return gamma(shape: shape + 1, scale: scale, &random) * pow(unit(&random), 1 / shape) }
        let d = shape - 1.0 / 3
        let c = 1 / sqrt(9 * d)
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal(&random)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = unit(&random)
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v * scale }
        }
    }

    /// The average of `x` purchase amounts of a customer drawn from a Gamma-Gamma model: the
    /// customer's ν ~ Gamma(q, rate γ), each amount ~ Gamma(p, rate ν), so their mean ~ Gamma(px, rate νx).
    static func averageSpend(_ m: GammaGamma, x: Double, random: inout DemoRandom) -> Double {
        let nu = gamma(shape: m.q, scale: 1 / m.gamma, &random)
        return gamma(shape: m.p * x, scale: 1 / (nu * x), &random)
    }

    static func beta(_ a: Double, _ b: Double, _ random: inout DemoRandom) -> Double {
        let x = gamma(shape: a, scale: 1, &random)
        let y = gamma(shape: b, scale: 1, &random)
        return x / (x + y)
    }

    static func normal(_ random: inout DemoRandom) -> Double {
        sqrt(-2 * log(1 - unit(&random))) * cos(2 * Double.pi * unit(&random))
    }
}
