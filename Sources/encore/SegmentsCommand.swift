import ArgumentParser
import EncoreCore
import EncoreJourneys
import EncoreStore
import Foundation

/// `encore segments save|list|delete`: custom segments from filter expressions; journeys start
/// on `segment.entered` / `segment.left`.
struct SegmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments",
        abstract: "Custom segments from filter expressions, usable as journey triggers.",
        discussion: """
            A filter joins conditions with and, or, not and parentheses, e.g.
              customer.p_alive < 0.5 and (customer.orders_count >= 3 or customer.total_spent >= 200 USD)
            Fields: customer.orders_count, total_spent, days_since_last_order, days_since_first_order, tags,
            p_alive, expected_purchases_90d, predicted_clv, clv_decile, rfm_segment, rfm_recency, rfm_frequency,
            rfm_monetary, days_to_next_purchase. Members move at each predictions refresh, which adds
            segment.entered and segment.left events (payload: segment, name) for journeys.
            """,
        subcommands: [Save.self, List.self, Delete.self])

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or change a segment.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The segment's id (a-z, 0-9, - and _).") var id: String
        @Option(help: "The name people read.") var name: String
        @Option(name: .customLong("where"), help: "The filter expression.") var filter: String
        @Option(help: "The store (default: the only one).") var store: String?

        func run() async throws {
            let segment: CustomerSegment
            do {
                segment = try CustomerSegment(id: id, name: name, where: filter)
            } catch {
                throw ValidationError("\(error.field == "where" ? "--where" : error.field == "name" ? "--name" : "ID"): \(error.reason)")
            }
            let outcome = try await db.withStorage { storage in
                let target = try await resolveStore(storage, store)
                return try await storage.saveSegment(storeID: target.id, segment: segment, now: SystemClock().now())
            }
            print("segment \(segment.id): \(outcome); members move at the next `encore predictions refresh`")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The store's segments and their members at the last refresh.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store (default: the only one).") var store: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let segments = try await db.withStorage { storage in
                try await storage.segments(storeID: try await resolveStore(storage, store).id)
            }
            if json {
                print(
                    JSONText.array(
                        segments.map {
                            .object([
                                ("id", .string($0.id)), ("name", .string($0.name)), ("where", .string($0.expression)),
                                ("members", .int(Int64($0.members))), ("updated_at", .string($0.updatedAt.iso8601)),
                            ])
                        }
                    ).rendered)
            } else if segments.isEmpty {
                print("no segments yet: add one with `encore segments save ID --name NAME --where FILTER`")
            } else {
                for s in segments { print("\(s.id)  \(s.members) members  \(s.name)  where \(s.expression)") }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a segment and its memberships.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The segment's id.") var id: String
        @Option(help: "The store (default: the only one).") var store: String?

        func run() async throws {
            let deleted = try await db.withStorage { storage in
                try await storage.deleteSegment(storeID: try await resolveStore(storage, store).id, id: id)
            }
            guard deleted else { throw ValidationError("no segment '\(id)'") }
            print("segment \(id): deleted")
        }
    }
}
