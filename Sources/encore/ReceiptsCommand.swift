import ArgumentParser
import EncoreCore
import EncoreServer
import EncoreStore
import Foundation

/// `encore receipts link|revoke`: the smart receipt's signed URL for an order, and revoking
/// every link issued for it so far.
struct ReceiptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts", abstract: "Smart receipt links.", subcommands: [Link.self, Revoke.self])

    struct Target: ParsableArguments {
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The order: its id from the source, or its number (e.g. #1001).") var order: String
        @Option(help: "The store (default: the only one).") var store: String?

        func resolve(_ storage: any EncoreStorage) async throws -> (Store, OrderDetail) {
            let target = try await resolveStore(storage, store)
            if let detail = try await storage.order(storeID: target.id, key: order) { return (target, detail) }
            throw ValidationError("store '\(target.name)' has no order with id '\(order)'")
        }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the URL of an order's smart receipt.")
        @OptionGroup var target: Target
        @Option(help: "The server's public address (default: $ENCORE_BASE_URL or http://localhost:8080).") var baseURL: String?

        func run() async throws {
            let storage = try await target.db.open()
            do {
                let (store, detail) = try await target.resolve(storage)
                guard let customerKey = detail.order.customerKey else {
                    throw ValidationError("order '\(detail.order.key)' has no customer, so it has no receipt page")
                }
                let now = SystemClock().now()
                let secret = try await storage.serverSecret(named: "links", generate: LinkSigner.generateSecret, now: now)
                let base = baseURL ?? ProcessInfo.processInfo.environment["ENCORE_BASE_URL"] ?? "http://localhost:8080"
                let links = JourneyLinks(baseURL: base, signer: LinkSigner(secret: secret))
                print(
                    links.url(
                        LinkRequest(
                            purpose: .receipt, storeID: store.id, customerKey: customerKey, orderKey: detail.order.key,
                            messageID: nil, issuedAt: now)))
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke every receipt link issued for an order until now (a new `link` works again).")
        @OptionGroup var target: Target

        func run() async throws {
            let storage = try await target.db.open()
            do {
                let (store, detail) = try await target.resolve(storage)
                try await storage.revokeLinks(storeID: store.id, orderKey: detail.order.key, now: SystemClock().now())
                print("revoked the links of order \(detail.order.key) in store \(store.name)")
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }
    }
}
