import ArgumentParser
import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import Foundation

/// `encore referrals link|list`: a customer's referral code and link, and the store's referrals
/// with the reason of every rejection.
struct ReferralsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referrals", abstract: "Referrals: a customer's code and link; the referrals with their outcome.",
        subcommands: [Link.self, List.self])

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a customer's referral code and link (made on first ask).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The customer: their id from the source, or their e-mail address.") var customer: String
        @Option(help: "The store (default: the only one).") var store: String?
        @Option(help: "The server's public address (default: $ENCORE_BASE_URL or http://localhost:8080).") var baseURL: String?

        func run() async throws {
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                guard try await storage.loyaltyProgram(storeID: target.id) != nil else {
                    throw ValidationError("store '\(target.name)' has no loyalty program (encore loyalty apply); referrals earn its points")
                }
                let key = try await resolveCustomer(storage, target, customer)
                let code = try await ReferralService(storage: storage).code(storeID: target.id, customerKey: key)
                var base = baseURL ?? ProcessInfo.processInfo.environment["ENCORE_BASE_URL"] ?? "http://localhost:8080"
                while base.hasSuffix("/") { base.removeLast() }
                print("code \(code)")
                print(ReferralService.link(baseURL: base, store: target, code: code))
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The store's referrals, newest first, with every rejection's reason.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store (default: the only one).") var store: String?
        @Option(help: "Only this status: invited, ordered, credited or rejected.") var status: String?
        @Option(help: "At most this many (1 to 100000).") var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let status, ReferralStatus(rawValue: status) == nil {
                throw ValidationError("--status must be invited, ordered, credited or rejected, not '\(status)'")
            }
            guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 100000, not \(limit)") }
        }

        func run() async throws {
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                let rows = try await storage.referrals(
                    storeID: target.id, referrerKey: nil, status: status.flatMap(ReferralStatus.init(rawValue:)), limit: limit)
                if json {
                    print(JSONText.array(rows.map(Self.json)).rendered)
                } else {
                    let counts = try await storage.referralCounts(storeID: target.id)
                    print(ReferralStatus.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
                    for row in rows {
                        let reason = row.reason.map { " (\($0.code): \($0.description))" } ?? ""
                        print("\(row.createdAt)  \(row.referrerKey) [\(row.code)] -> \(row.friendEmail)  \(row.status.rawValue)\(reason)")
                    }
                }
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }

        static func json(_ row: ReferralRecord) -> JSONText {
            .object([
                ("id", .string(row.id)), ("referrer", .string(row.referrerKey)), ("code", .string(row.code)),
                ("friend_email", .string(row.friendEmail)), ("friend", row.friendKey.map(JSONText.string) ?? .null),
                ("first_order", row.friendOrderKey.map(JSONText.string) ?? .null), ("ip", row.ip.map(JSONText.string) ?? .null),
                ("status", .string(row.status.rawValue)), ("reason", row.reason.map { .string($0.code) } ?? .null),
                ("created_at", .string(row.createdAt.description)),
            ])
        }
    }
}
