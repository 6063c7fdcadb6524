import ArgumentParser
import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import Foundation

extension LoyaltyCommand {
    /// `encore loyalty codes --reward KEY FILE [--store S]`: adds codes to a reward's pool.
    struct Codes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import codes into a reward's pool (one per line; # comments and blank lines skipped).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The reward's key in the program.") var reward: String
        @Argument(help: "The file of codes.") var file: String
        @Option(help: "The store (default: the only one).") var store: String?

        func run() async throws {
            let text = try readTextFile(file)
            let codes: [String]
            do {
                codes = try RewardCodeFile.parse(text: text, path: file)
            } catch {
                printError(error.description)
                printError("\(error.lines.count) problem\(error.lines.count == 1 ? "" : "s"); nothing was imported")
                throw ExitCode(1)
            }
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                guard let program = try await storage.loyaltyProgram(storeID: target.id) else {
                    throw ValidationError("store '\(target.name)' has no loyalty program (encore loyalty apply)")
                }
                guard let found = program.program.reward(key: reward) else {
                    throw ValidationError("the program of store '\(target.name)' has no reward '\(reward)'")
                }
                guard found.fulfilment == .codePool else {
                    throw ValidationError("reward '\(reward)' is fulfilled by webhook; only code_pool rewards take codes")
                }
                let result = try await storage.importRewardCodes(
                    storeID: target.id, rewardKey: reward, codes: codes, now: SystemClock().now())
                let left = try await storage.rewardUsage(storeID: target.id)[reward]?.codesLeft ?? 0
                print("\(result.added) codes added to reward \(reward) (\(result.existing) already there); \(left) not yet issued")
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }
    }

    /// `encore loyalty redeem --customer X --reward KEY [--request ID] [--store S] [--json]`.
    struct Redeem: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Redeem a reward for a customer: locks the points and issues the code (exit 1 when refused).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The customer: their id from the source, or their e-mail address.") var customer: String
        @Option(help: "The reward's key in the program.") var reward: String
        @Option(help: "A key for this request: the same key again returns the first redemption (default: a new one).")
        var request: String?
        @Option(help: "The store (default: the only one).") var store: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let storage = try await db.open()
            let outcome: RedemptionOutcome
            do {
                let target = try await resolveStore(storage, store)
                let key = try await resolveCustomer(storage, target, customer)
                do {
                    outcome = try await RewardRedeemer(storage: storage).redeem(
                        store: target, customerKey: key, rewardKey: reward, requestKey: request ?? UUID().uuidString)
                } catch let error as RedeemError {
                    throw ValidationError(error.description)
                }
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
            switch outcome {
            case .redeemed(let redemption, let replay):
                if json {
                    print(
                        JSONText.render([
                            ("ok", .bool(true)), ("replay", .bool(replay)), ("reward", .string(redemption.rewardKey)),
                            ("code", .string(redemption.code)), ("points", .int(redemption.points)),
                            ("fulfilment", .string(redemption.fulfilment.rawValue)),
                        ]))
                } else {
                    print("\(replay ? "already redeemed" : "redeemed") \(redemption.rewardKey) for \(redemption.points) points: code \(redemption.code)")
                }
            case .refused(let reason):
                if json {
                    print(JSONText.render([("ok", .bool(false)), ("reason", .string(reason.description))]))
                } else {
                    printError("refused: \(reason)")
                }
                throw ExitCode(1)
            }
        }
    }
}

extension LoyaltyCommand {
    /// `encore loyalty floor --customer X (--tier KEY | --clear) [--store S]`: a merchant's manual tier floor.
    struct Floor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set or clear a customer's manual tier floor (the tier they never go below); the tier moves at once.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The customer: their id from the source, or their e-mail address.") var customer: String
        @Option(help: "The tier's key in the program.") var tier: String?
        @Flag(help: "Remove the floor.") var clear = false
        @Option(help: "The store (default: the only one).") var store: String?

        func validate() throws {
            guard (tier != nil) != clear else { throw ValidationError("give --tier KEY or --clear") }
        }

        func run() async throws {
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                let key = try await resolveCustomer(storage, target, customer)
                do {
                    try await LoyaltyProcessor(storage: storage).setFloor(storeID: target.id, customerKey: key, floor: tier)
                } catch let error as UnknownTier {
                    throw ValidationError(error.description)
                }
                let status = try await LoyaltyStatus.read(storage: storage, storeID: target.id, customerKey: key, now: SystemClock().now())
                print("customer \(key): tier \(status.tier?.name ?? "none")" + (status.floor.map { ", floor \($0)" } ?? ", no floor"))
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }
    }
}
