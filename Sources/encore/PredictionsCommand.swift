import ArgumentParser
import EncoreCore
import EncoreServer
import EncoreStore
import Foundation

/// `encore predictions refresh|show|list`: the stored per-customer predictions journeys read.
struct PredictionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predictions",
        abstract: "Per-customer P(alive), expected purchases, CLV and its decile, RFM segments; refreshed for journeys.",
        discussion: """
            `encore serve` refreshes every store once a day; `refresh` does it now. A refresh fits BG/NBD and
            Gamma-Gamma on the store's orders, stores each customer's prediction, moves the custom segments
            (`encore segments`) and adds the events journeys start from: customer.lapsing (P(alive) under the
            store's lapsing_below, 0.3 by default), customer.replenishment_due (the expected next purchase has
            come), segment.entered and segment.left.
            """,
        subcommands: [Refresh.self, Show.self, List.self])

    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refit the models and store every customer's prediction now.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store (default: the only one).") var store: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let report = try await db.withStorage { storage in
                let target = try await resolveStore(storage, store)
                return (target, try await PredictionRefresher(storage: storage).refresh(store: target, now: SystemClock().now()))
            }
            print(json ? PredictionReportText.json(report.1, store: report.0) : PredictionReportText.text(report.1, store: report.0))
            if report.1.run.status == .failed { throw ExitCode(1) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One customer's prediction of the last refresh.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The customer: their id from the source, or their e-mail address.") var customer: String
        @Option(help: "The store (default: the only one).") var store: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let (target, key, prediction) = try await db.withStorage { storage in
                let target = try await resolveStore(storage, store)
                let key = try await resolveCustomer(storage, target, customer)
                return (target, key, try await storage.prediction(storeID: target.id, customerKey: key))
            }
            guard let prediction else {
                throw ValidationError("no prediction for customer '\(key)' yet: run `encore predictions refresh`")
            }
            print(json ? PredictionReportText.json(prediction, store: target).rendered : PredictionReportText.text(prediction, store: target))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The customers of the highest predicted value first.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store (default: the only one).") var store: String?
        @Option(help: "How many customers (1-100000).") var limit: Int = 20
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 100000") }
        }

        func run() async throws {
            let (target, rows) = try await db.withStorage { storage in
                let target = try await resolveStore(storage, store)
                return (target, try await storage.predictions(storeID: target.id, limit: limit))
            }
            if json {
                print(JSONText.array(rows.map { PredictionReportText.json($0, store: target) }).rendered)
            } else {
                for row in rows { print(PredictionReportText.line(row, store: target)) }
            }
        }
    }
}
