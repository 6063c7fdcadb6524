import ArgumentParser
import EncoreCore
import EncoreServer
import EncoreStore
import Foundation

/// `encore clv fit`: the customer-lifetime models fitted to a summary file or a store's orders.
struct CLVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clv", abstract: "Predictive customer lifetime value (BG/NBD and Gamma-Gamma).",
        subcommands: [CLVFitCommand.self])
}

/// `encore clv fit [--input SUMMARY.csv] [--store S] [--calibration-end DATE] [--holdout-end DATE] [--json]`.
struct CLVFitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit BG/NBD and Gamma-Gamma to a summary file or a store's orders; print the parameters and the holdout check.",
        discussion: """
            With --input, a CSV of ID,frequency,recency,T[,monetary_value] in weeks (the literature's
            conventions); bad lines are reported with their numbers (exit 1). Otherwise the store's orders
            up to --calibration-end (default: today) are summarised by purchase day in the store's time
            zone; with --holdout-end, the repeat purchases made after the calibration end up to it are
            compared with what the model expected, per frequency group and in total.
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(help: "A summary CSV (ID,frequency,recency,T[,monetary_value]) instead of a store's orders.") var input: String?
    @Option(help: "The store (when the database has several).") var store: String?
    @Option(help: "Last day of the calibration period, YYYY-MM-DD (default: today).") var calibrationEnd: String?
    @Option(help: "Last day of the holdout period, YYYY-MM-DD: compare predictions with what happened.") var holdoutEnd: String?
    @Option(help: "Months of lifetime value to predict.") var months: Int = 12
    @Option(help: "Monthly discount rate of the lifetime value (0.01 is 1%).") var discount: Double = 0.01
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if input != nil, store != nil || calibrationEnd != nil || holdoutEnd != nil {
            throw ValidationError("--input fits a summary file: --store, --calibration-end and --holdout-end are for a store's orders")
        }
        if let calibrationEnd, CLVDay.parse(calibrationEnd) == nil {
            throw ValidationError("--calibration-end '\(calibrationEnd)' is not a YYYY-MM-DD date")
        }
        if let holdoutEnd {
            guard let end = CLVDay.parse(holdoutEnd) else { throw ValidationError("--holdout-end '\(holdoutEnd)' is not a YYYY-MM-DD date") }
            guard let calibrationEnd, let start = CLVDay.parse(calibrationEnd), end > start else {
                throw ValidationError("--holdout-end needs a --calibration-end before it")
            }
        }
        guard (0...600).contains(months) else { throw ValidationError("--months must be from 0 to 600") }
        guard discount.isFinite, (0..<1).contains(discount) else { throw ValidationError("--discount must be from 0 to below 1") }
    }

    func run() async throws {
        var customers: [CustomerSummary]
        var holdout: [(summary: CustomerSummary, holdoutPurchases: Int)]?
        var holdoutWeeks = 0.0
        var source: [(String, JSONText)]
        var currency: Currency?
        if let input {
            guard let data = FileManager.default.contents(atPath: input) else {
                throw CLVFailure("cannot read \(input)")
            }
            switch CustomerSummaryFile.parse(Array(data)) {
            case .success(let parsed): customers = parsed
            case .failure(let problems):
                for problem in problems.problems { FileHandle.standardError.write(Data("\(input):\(problem)\n".utf8)) }
                throw ExitCode(1)
            }
            source = [("input", .string(input))]
        } else {
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                let zone = target.zone
                let calibrationDay = calibrationEnd.flatMap(CLVDay.parse) ?? CLVDay.today(in: zone)
                let holdoutDay = holdoutEnd.flatMap(CLVDay.parse)
                let through = LocalDay.endOfDay(holdoutDay ?? calibrationDay, in: zone)
                let purchases = try await storage.purchases(storeID: target.id, currency: target.currency, through: through)
                try await storage.close()
                let summarised = CLVDay.summaries(
                    purchases, zone: zone, calibrationEnd: calibrationDay, holdoutEnd: holdoutDay,
                    exponent: target.currency.exponent)
                customers = summarised.map(\.summary)
                if let holdoutDay {
                    holdout = summarised
                    holdoutWeeks = Double(holdoutDay - calibrationDay) / 7
                }
                currency = target.currency
                source = [
                    ("store", .string(target.name)), ("calibration_end", .string(CLVDay.format(calibrationDay))),
                    ("holdout_end", holdoutDay.map { .string(CLVDay.format($0)) } ?? .null),
                ]
            } catch {
                try? await storage.close()
                throw error
            }
        }
        let started = ContinuousClock.now
        let purchases: BGNBDFit
        do {
            purchases = try BGNBDFit.fit(customers)
        } catch let error as ModelFitError {
            throw CLVFailure(error.description)
        }
        let spend = try? GammaGammaFit.fit(customers)
        let elapsed = ContinuousClock.now - started
        let validation = holdout.flatMap { HoldoutValidation.compute(purchases.model, customers: $0, weeks: holdoutWeeks) }
        let report = CLVReport(
            source: source, customers: customers.count, purchases: purchases, spend: spend, validation: validation,
            currency: currency, months: months, monthlyDiscount: discount, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            summaries: customers)
        print(json ? report.json() : report.text())
    }
}

/// A refusal of `encore clv`, printed as its reason (exit 1).
struct CLVFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
