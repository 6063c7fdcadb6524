import ArgumentParser
import EncoreCore
import EncoreJourneys
import EncoreServer
import EncoreStore
import Foundation

struct JourneysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journeys", abstract: "Check, publish and preview journeys.",
        subcommands: [Validate.self, Apply.self, DryRun.self, List.self, Attribution.self, Map.self])

    /// Every problem of the files, each as FILE:LINE: reason.
    static func diagnostics(_ files: [JourneyFile]) -> [JourneyDiagnostic] {
        JourneyValidator(templates: TemplateLibrary.builtinSources).validate(files)
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check journey files and their templates; every problem is printed as FILE:LINE: reason.")
        @Argument(help: "Journey YAML files.") var files: [String] = []
        @Flag(help: "Check the shipped default journeys.") var defaults = false

        func run() async throws {
            guard !files.isEmpty || defaults else { throw ValidationError("name at least one journey file, or --defaults") }
            let journeyFiles: [JourneyFile]
            do {
                journeyFiles = try JourneyFiles.read(files) + (defaults ? JourneyFiles.defaults : [])
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
            let problems = JourneysCommand.diagnostics(journeyFiles)
            for problem in problems { printError(problem.description) }
            guard problems.isEmpty else {
                printError("\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(Set(problems.map(\.path)).count) file(s)")
                throw ExitCode(1)
            }
            print("\(journeyFiles.count) journey\(journeyFiles.count == 1 ? "" : "s") valid")
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish journeys as new versions (all or nothing: any problem publishes none).")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "Journey YAML files.") var files: [String] = []
        @Flag(help: "Publish the shipped default journeys.") var defaults = false
        @Option(help: "The store (default: the only one).") var store: String?

        func run() async throws {
            guard !files.isEmpty || defaults else { throw ValidationError("name at least one journey file, or --defaults") }
            let journeyFiles: [JourneyFile]
            do {
                journeyFiles = try JourneyFiles.read(files) + (defaults ? JourneyFiles.defaults : [])
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
            let problems = JourneysCommand.diagnostics(journeyFiles)
            guard problems.isEmpty else {
                for problem in problems { printError(problem.description) }
                printError("nothing published")
                throw ExitCode(1)
            }
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                for file in journeyFiles {
                    let outcome = try await JourneyPublisher.publish(file, storeID: target.id, storage: storage, now: SystemClock().now())
                    switch outcome.result {
                    case .created(let version): print("\(outcome.id): published version \(version)")
                    case .unchanged(let version): print("\(outcome.id): unchanged (version \(version))")
                    }
                }
            } catch {
                try? await storage.close()
                printError("error: \(error)")
                throw ExitCode(1)
            }
            try await storage.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The store's journeys and their latest versions.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store (default: the only one).") var store: String?

        func run() async throws {
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                for journey in try await storage.journeys(storeID: target.id) {
                    print(
                        "\(journey.journeyID)  v\(journey.version)  \(journey.definition.category.rawValue)  on \(journey.definition.trigger.event)\(journey.enabled ? "" : "  (disabled)")"
                    )
                }
            } catch {
                try? await storage.close()
                printError("error: \(error)")
                throw ExitCode(1)
            }
            try await storage.close()
        }
    }

    struct DryRun: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dry-run",
            abstract: "What an order would receive from the published journeys, and when (nothing is sent or stored).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The order's id in the store.") var order: String
        @Option(help: "The store (default: the only one).") var store: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let storage = try await db.open()
            let plan: DryRunReport
            do {
                let target = try await resolveStore(storage, store)
                let links = JourneyLinks(baseURL: "https://encore.invalid", signer: LinkSigner(secret: "dry-run"))
                guard
                    let inputs = try await storage.journeyDryRunInputs(
                        storeID: target.id, orderKey: order, runtime: links.runtime())
                else { throw JourneyFiles.ReadError(description: "no order '\(order)' in store '\(target.name)'") }
                plan = DryRunReport.build(
                    store: target.name, order: order, journeys: try await storage.journeys(storeID: target.id), inputs: inputs)
            } catch {
                try? await storage.close()
                printError("error: \(error)")
                throw ExitCode(1)
            }
            try await storage.close()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(plan), as: UTF8.self))
            } else {
                print(plan.text)
            }
        }
    }
}

