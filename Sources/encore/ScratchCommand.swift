import ArgumentParser
import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import Foundation

/// `encore scratch create|list`: scratch-card campaigns (cards are issued by the loyalty worker
/// to qualifying orders and scratched on the receipt).
struct ScratchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scratch", abstract: "Scratch-card campaigns: create one, list them with their odds and budget used.",
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a campaign; every order placed from now on that reaches --min-order gets a card.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The campaign's key.") var key: String
        @Option(help: "A prize, KEY:LABEL:WEIGHT:COST (repeat for more); COST in the budget's unit.") var prize: [String] = []
        @Option(help: "The weight of \"no prize\".") var noPrizeWeight: Int64 = 0
        @Option(help: "The prize budget, in the unit.") var budget: Int64
        @Option(help: "points (prizes are points, granted when scratched) or money (the store's currency, minor units).")
        var unit: String = "points"
        @Option(help: "Smallest order total that gets a card, e.g. 25.00.") var minOrder: String = "0"
        @Option(help: "Cards per customer.") var cardsPerCustomer: Int64?
        @Option(help: "Prizes per customer.") var prizesPerCustomer: Int64?
        @Option(help: "Cards in all.") var cards: Int64?
        @Option(help: "Prizes in all.") var prizes: Int64?
        @Option(help: "The store (default: the only one).") var store: String?

        func prizeList() throws -> [ScratchPrize] {
            try prize.enumerated().map { index, text in
                let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 4, let weight = Int64(parts[parts.count - 2]), let cost = Int64(parts[parts.count - 1]) else {
                    throw ValidationError("--prize \(index + 1): '\(text)' is not KEY:LABEL:WEIGHT:COST with whole numbers")
                }
                return ScratchPrize(
                    key: parts[0], label: parts[1..<(parts.count - 2)].joined(separator: ":"), weight: weight, cost: cost)
            }
        }

        func validate() throws {
            guard unit == "points" || unit == "money" else { throw ValidationError("--unit must be points or money, not '\(unit)'") }
            _ = try prizeList()
        }

        func run() async throws {
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                guard try await storage.loyaltyProgram(storeID: target.id) != nil else {
                    throw ValidationError("store '\(target.name)' has no loyalty program (encore loyalty apply); cards are issued by its worker")
                }
                let minimum: Int64
                switch DecimalAmount.parse(minOrder, exponent: target.currency.exponent) {
                case .success(let value): minimum = value
                case .failure(let error): throw ValidationError("--min-order: \(error)")
                }
                let campaign = ScratchCampaign(
                    key: key, prizes: try prizeList(), noPrizeWeight: noPrizeWeight,
                    budgetUnit: unit == "points" ? .points : .money(target.currency), budget: budget,
                    caps: ScratchCaps(cardsPerCustomer: cardsPerCustomer, prizesPerCustomer: prizesPerCustomer, cardsOverall: cards, prizesOverall: prizes))
                do {
                    _ = try await ScratchService(storage: storage).create(storeID: target.id, campaign: campaign, minimumOrder: minimum)
                } catch let error as InvalidScratchCampaign {
                    throw ValidationError(error.description)
                } catch StorageError.conflict(let reason) {
                    throw ValidationError(reason)
                }
                print("created scratch campaign \(key) for store \(target.name)")
                for line in campaign.odds.lines { print("  \(line)") }
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The store's campaigns with their odds, budget used and cards.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store (default: the only one).") var store: String?

        func run() async throws {
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                let totals = try await storage.scratchTotals(storeID: target.id)
                for record in try await storage.scratchCampaigns(storeID: target.id) {
                    let campaign = record.campaign
                    let used = totals[campaign.key] ?? ScratchTotals(cards: 0, prizes: 0, budgetSpent: 0, revealed: 0)
                    print(
                        "\(campaign.key): \(used.cards) cards (\(used.revealed) scratched), \(used.prizes) prizes, budget \(used.budgetSpent) of \(campaign.budget) \(campaign.budgetUnit)")
                    for line in campaign.odds.lines { print("  \(line)") }
                }
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }
    }
}
