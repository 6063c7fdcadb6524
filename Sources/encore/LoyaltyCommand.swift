import ArgumentParser
import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation

/// `encore loyalty apply|show|verify`: publishes program versions, shows a customer's points and
/// checks the points ledger.
struct LoyaltyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loyalty", abstract: "The loyalty program and the points ledger.",
        subcommands: [Apply.self, Show.self, Run.self, Verify.self, Codes.self, Redeem.self, Floor.self])

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: """
                Publish a loyalty program (YAML) as the store's next version; every problem is printed as \
                FILE:LINE: reason and nothing is published.
                """)
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The program's YAML file.") var file: String?
        @Flag(help: "Publish the built-in program (1 point per currency unit, three tiers, a few rewards).")
        var defaults = false
        @Option(help: "The store (default: the only one).") var store: String?

        func validate() throws {
            guard (file == nil) != (!defaults) else { throw ValidationError("name one program file, or --defaults") }
        }

        func run() async throws {
            let text: String?
            do {
                text = try file.map(readTextFile)
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                let program: LoyaltyProgram
                let source: String
                if let text, let file {
                    do {
                        program = try LoyaltyProgramLoader.load(text: text, path: file, storeCurrency: target.currency)
                    } catch {
                        for problem in error.diagnostics { printError(problem.description) }
                        printError("\(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s"); nothing was published")
                        throw ExitCode(1)
                    }
                    source = text
                } else {
                    program = LoyaltyProgram.defaults(currency: target.currency)
                    source =
                        target.currency == LoyaltyProgram.defaults.currency
                        ? LoyaltyProgram.defaultsYAML
                        : "# The built-in program in \(target.currency.code) (`encore loyalty apply --defaults`).\n"
                }
                let outcome = try await storage.publishLoyaltyProgram(
                    storeID: target.id, program: program, source: source, now: SystemClock().now())
                switch outcome {
                case .created(let version):
                    print("published loyalty program version \(version) for store \(target.name)")
                case .unchanged(let version):
                    print("loyalty program unchanged: store \(target.name) already has these rules as version \(version)")
                }
                print(Self.summary(program))
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }

        /// One line: what the published program does.
        static func summary(_ program: LoyaltyProgram) -> String {
            let tiers = program.tiers.map { "\($0.tiers.count) tiers by \($0.basis.rawValue)" } ?? "no tiers"
            return "\(program.currency.code); \(program.actions.count) action rules; \(tiers); \(program.rewards.count) rewards"
        }
    }
}
