import ArgumentParser
import Foundation
import EncoreCore
import EncoreStore

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts per store: customers, orders, line items, shipments, events, revenue.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Only this store.") var store: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let storage = try await db.open()
        var storeID: StoreID?
        if let store {
            guard let found = try await storage.store(named: store) else {
                try await storage.close()
                throw ValidationError("no store named '\(store)'")
            }
            storeID = found.id
        }
        let stats = try await storage.stats(storeID: storeID)
        try await storage.close()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(["stores": stats]), as: UTF8.self))
        } else {
            for s in stats {
                let revenue = s.revenue.keys.sorted().map { code in
                    "\(Money.format(minorUnits: s.revenue[code]!, exponent: Currency(code: code)?.exponent ?? 2)) \(code)"
                }.joined(separator: ", ")
                print(
                    "\(s.store): \(s.customers) customers, \(s.orders) orders, \(s.lineItems) line items, \(s.shipments) shipments, \(s.events) events, revenue \(revenue.isEmpty ? "0" : revenue)"
                )
            }
        }
    }
}
