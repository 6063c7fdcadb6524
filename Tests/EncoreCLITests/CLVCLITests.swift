import EncoreCore
import EncoreTestSupport
import Foundation
import Testing

@Suite("CLI: encore clv fit, on a summary file and on a store's own orders")
struct CLVCLITests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("a summary file: the published CDNOW parameters; bad lines named by number, nothing fitted")
    func summaryFile() async throws {
        try await CLITests.withCLI(.sqlite) { cli in
            let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures")
            let fitted = try cli.run(
                ["clv", "fit", "--input", fixtures.appendingPathComponent("cdnow_customers_summary_with_transactions.csv").path, "--json"],
                database: false)
            #expect(fitted.status == 0, "\(fitted.stderr)")
            let out = try Self.json(fitted.stdout)
            let bgnbd = try #require(out["bgnbd"] as? [String: Double])
            #expect(abs(bgnbd["r"]! - 0.2426) < 1e-4 && abs(bgnbd["alpha"]! - 4.414) < 1e-3)
            #expect(abs(bgnbd["a"]! - 0.7929) < 1e-4 && abs(bgnbd["b"]! - 2.426) < 1e-3 && abs(bgnbd["log_likelihood"]! + 9_582.43) < 0.01)
            let gg = try #require(out["gamma_gamma"] as? [String: Double])
            #expect(abs(gg["p"]! - 6.2488) < 1e-3 && abs(gg["q"]! - 3.7446) < 1e-3 && abs(gg["gamma"]! - 15.448) < 1e-2)
            let clv = try #require(out["clv"] as? [String: Any])
            #expect(clv["customers"] as? Int == 2_357 && (clv["mean"] as? Double ?? 0) > 0)
            let text = try cli.run(["clv", "fit", "--input", fixtures.appendingPathComponent("cdnow_customers_summary.csv").path], database: false)
            #expect(text.status == 0 && text.stdout.contains("BG/NBD: r 0.2426, alpha 4.4135, a 0.7929, b 2.4258; log-likelihood -9582.43"))
            #expect(text.stdout.contains("Gamma-Gamma: not fitted"))

            let bad = try cli.write(
                "bad.csv", "ID,frequency,recency,T\n1,2,30.43,38.86\n2,1.5,3,38\n3,2,40,38\n4,x,1,2\n1,0,0,5\n")
            let refused = try cli.run(["clv", "fit", "--input", bad], database: false)
            #expect(refused.status == 1 && refused.stdout.isEmpty)
            for line in ["bad.csv:line 3: frequency must be a whole number", "bad.csv:line 4: recency must be from 0 to T",
                "bad.csv:line 5: frequency 'x' is not a number", "bad.csv:line 6: ID '1' appears twice"]
            {
                #expect(refused.stderr.contains(line), "\(line) in \(refused.stderr)")
            }
            let header = try cli.write("header.csv", "customer,f,r\n1,2,3\n")
            let noHeader = try cli.run(["clv", "fit", "--input", header], database: false)
            #expect(noHeader.status == 1 && noHeader.stderr.contains("line 1: the header lacks id, frequency, recency, T"))
            let missing = try cli.run(["clv", "fit", "--input", cli.directory.appendingPathComponent("none.csv").path], database: false)
            #expect(missing.status == 1 && missing.stderr.contains("cannot read"))
            let usage = try cli.run(["clv", "fit", "--input", bad, "--holdout-end", "1998-01-01"], database: false)
            #expect(usage.status == 64)
        }
    }

    @Test("a store's orders: summarised by purchase day, fitted, and checked against the holdout period", arguments: Backend.enabled)
    func storeOrders(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { cli in
            #expect(try cli.run(["import", CLITests.sample, "--format", "cdnow", "--store", "cdnow"]).status == 0)
            let fitted = try cli.run(
                ["clv", "fit", "--store", "cdnow", "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--json"])
            #expect(fitted.status == 0, "\(fitted.stderr)")
            let out = try Self.json(fitted.stdout)

            // The same numbers computed here from the file, without the database.
            let (summaries, holdout) = try Self.fromFile(CLITests.sample, calibrationEnd: "19970930", holdoutEnd: "19980630")
            let expected = try BGNBDFit.fit(summaries)
            #expect(out["customers"] as? Int == summaries.count)
            let bgnbd = try #require(out["bgnbd"] as? [String: Double])
            #expect(abs(bgnbd["r"]! - expected.model.r) < 1e-5 * expected.model.r)
            #expect(abs(bgnbd["alpha"]! - expected.model.alpha) < 1e-5 * expected.model.alpha)
            #expect(abs(bgnbd["log_likelihood"]! - expected.logLikelihood) < 1e-6)
            let validation = try #require(out["validation"] as? [String: Any])
            #expect(validation["actual"] as? Double == Double(holdout))
            #expect(abs((validation["holdout_weeks"] as? Double ?? 0) - 273.0 / 7) < 1e-9)
            let groups = try #require(validation["groups"] as? [[String: Any]])
            #expect(groups.first?["frequency"] as? String == "0" && groups.reduce(0) { $0 + ($1["customers"] as? Int ?? 0) } == summaries.count)
            #expect(abs((validation["predicted"] as? Double ?? 0) - Double(holdout)) < 0.35 * Double(holdout), "the model is in the right range")

            let unknown = try cli.run(["clv", "fit", "--store", "nope"])
            #expect(unknown.status == 1 && unknown.stderr.contains("no store named 'nope'"))
            let badDate = try cli.run(["clv", "fit", "--store", "cdnow", "--calibration-end", "1997-13-45"])
            #expect(badDate.status == 64 && badDate.stderr.contains("--calibration-end"))
            let empty = try cli.run(["clv", "fit", "--store", "cdnow", "--calibration-end", "1990-01-01"])
            #expect(empty.status == 1 && empty.stderr.contains("at least two customers"))
        }
    }

    /// Summaries and holdout purchase days from a CDNOW log (customer, YYYYMMDD, CDs, dollars).
    static func fromFile(_ path: String, calibrationEnd: String, holdoutEnd: String) throws -> ([CustomerSummary], Int) {
        func day(_ yyyymmdd: String) -> Int {
            let t = ISO8601.parse("\(yyyymmdd.prefix(4))-\(yyyymmdd.dropFirst(4).prefix(2))-\(yyyymmdd.suffix(2))")!
            return Int(t.millisecondsSinceEpoch / 86_400_000)
        }
        var purchases: [String: [(day: Int, amount: Double)]] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 4 else { continue }
            purchases[String(Int(f[0])!), default: []].append((day(String(f[1])), Double(f[3])!))
        }
        let end = day(calibrationEnd)
        let last = day(holdoutEnd)
        var summaries: [CustomerSummary] = []
        var holdout = 0
        for (id, list) in purchases {
            guard let summary = CustomerSummary.from(id: id, purchases: list, calibrationEnd: end) else { continue }
            summaries.append(summary)
            holdout += Set(list.map(\.day).filter { $0 > end && $0 <= last }).count
        }
        return (summaries, holdout)
    }
}
