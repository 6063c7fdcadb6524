import ArgumentParser
import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import Foundation

extension LoyaltyCommand {
    /// `encore loyalty show --customer EMAIL_OR_ID [--store S] [--json]`: a customer's points by
    /// state and their open lots.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A customer's points by state and open lots.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The customer: their id from the source, or their e-mail address.") var customer: String
        @Option(help: "The store (default: the only one).") var store: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let storage = try await db.open()
            do {
                let target = try await resolveStore(storage, store)
                let key = try await resolveCustomer(storage, target, customer)
                let now = SystemClock().now()
                let status = try await LoyaltyStatus.read(storage: storage, storeID: target.id, customerKey: key, now: now)
                print(json ? Self.json(status, now: now) : Self.text(status, now: now))
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }

        static func json(_ status: LoyaltyStatus, now: Timestamp) -> String {
            let balance = status.balance
            let program = status.program
            let b = balance.balances
            let lots: [JSONText] = balance.openLots.map { lot in
                .object([
                    ("lot", .string(lot.key)), ("source", .string(lot.source)), ("points", .int(lot.points)),
                    ("remaining", .int(lot.remaining)), ("state", .string(lot.state(at: now).rawValue)),
                    ("earned_at", .string(lot.earnedAt.iso8601)),
                    ("available_at", lot.availableAt.map { .string($0.iso8601) } ?? .null),
                    ("expires_at", lot.expiresAt.map { .string($0.iso8601) } ?? .null),
                ])
            }
            return JSONText.render([
                ("customer", .string(balance.customerKey)),
                ("program_version", program.map { .int(Int64($0.version)) } ?? .null),
                ("balance", .int(b.balance)), ("spendable", .int(b.spendable)),
                (
                    "by_state",
                    .object([
                        ("pending", .int(b.pending)), ("available", .int(b.available)), ("spent", .int(b.spent)),
                        ("expired", .int(b.expired)), ("reversed", .int(b.reversed)), ("debt", .int(b.debt)),
                        ("shortfall", .int(b.shortfall)),
                    ])
                ),
                ("tier", tierJSON(status)),
                ("lots", .array(lots)),
            ])
        }

        static func tierJSON(_ status: LoyaltyStatus) -> JSONText {
            guard let tier = status.tier else { return .null }
            return .object([
                ("key", .string(tier.key)), ("name", .string(tier.name)), ("multiplier", .string(tier.multiplier.description)),
                ("reached_at", status.reachedAt.map { .string($0.iso8601) } ?? .null),
                ("floor", status.floor.map(JSONText.string) ?? .null),
                ("basis", .string(status.program?.program.tiers?.basis.rawValue ?? "")),
                ("qualifying", .int(status.qualifying)),
                (
                    "next",
                    status.progress.map { progress in
                        .object([
                            ("key", .string(progress.nextKey)), ("remaining", .int(progress.remaining)),
                            ("per_mille", .int(Int64(progress.perMille))),
                        ])
                    } ?? .null
                ),
            ])
        }

        static func text(_ status: LoyaltyStatus, now: Timestamp) -> String {
            let balance = status.balance
            let b = balance.balances
            var lines = [
                "customer \(balance.customerKey)" + (status.program.map { " (program version \($0.version))" } ?? " (no program published)"),
                "balance \(b.balance), spendable \(b.spendable): pending \(b.pending), available \(b.available), spent \(b.spent), expired \(b.expired), reversed \(b.reversed), debt \(b.debt)",
            ]
            if let tier = status.tier {
                let next = status.progress.map { progress -> String in
                    let name = status.program?.program.tier(key: progress.nextKey)?.name ?? progress.nextKey
                    guard let program = status.program?.program, program.tiers?.basis == .spend else {
                        return ", \(progress.remaining) points to \(name)"
                    }
                    let amount = Money.format(minorUnits: progress.remaining, exponent: program.currency.exponent)
                    return ", \(amount) \(program.currency.code) of spend to \(name)"
                } ?? ""
                let floor = status.floor.map { " (floor \($0))" } ?? ""
                lines.append("tier \(tier.name) ×\(tier.multiplier)\(floor)\(next)")
            }
            for lot in balance.openLots {
                let expiry = lot.expiresAt.map { ", expires \($0.iso8601)" } ?? ""
                lines.append("  \(lot.remaining)/\(lot.points) \(lot.state(at: now).rawValue) from \(lot.source)\(expiry)")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// `encore loyalty run [--limit N]`: what the server's loyalty worker does, once, for an
    /// installation that runs no server: the queued events of every store into the ledger.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the queued events of every store to the points ledger, then expire and announce what is due (what `serve` does continuously).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Events per batch.") var limit: Int = 500

        func validate() throws {
            guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 100000, not \(limit)") }
        }

        func run() async throws {
            let storage = try await db.open()
            do {
                let processor = LoyaltyProcessor(storage: storage)
                var total = LoyaltyBatchReport()
                while true {
                    let report = try await processor.runOnce(limit: limit)
                    guard report.didWork else { break }
                    total.add(report)
                }
                print(
                    "\(total.events) events: \(total.applied) ledger changes, \(total.refused) refused, \(total.pointsEarned) points earned, \(total.tierChanges) tier changes")
                var swept = LoyaltySweepReport()
                while true {
                    let report = try await processor.sweep()
                    guard report.didWork else { break }
                    swept.add(report)
                }
                print("expiry: \(swept.expiredPoints) points of \(swept.customers) customers expired, \(swept.warnings) expiries announced")
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }
    }

    /// `encore loyalty verify [--store S] [--json]`: checks every invariant of the ledger; exits 1
    /// on any breach.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every invariant of the points ledger (sums, lots, states, debts, cached balances); exit 1 on any breach.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "One store (default: every store).") var store: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let storage = try await db.open()
            var found = 0
            do {
                let stores: [Store]
                if let store { stores = [try await resolveStore(storage, store)] } else { stores = try await storage.stores() }
                var results: [JSONText] = []
                for target in stores {
                    let breaches = try await storage.verifyLedger(storeID: target.id)
                    found += breaches.count
                    results.append(
                        .object([
                            ("store", .string(target.name)), ("ok", .bool(breaches.isEmpty)),
                            ("breaches", .array(breaches.map { JSONText.string($0.description) })),
                        ]))
                    if !json {
                        print("\(target.name): " + (breaches.isEmpty ? "ok" : "\(breaches.count) breach\(breaches.count == 1 ? "" : "es")"))
                        for breach in breaches { print("  \(breach)") }
                    }
                }
                if json { print(JSONText.render([("ok", .bool(found == 0)), ("stores", .array(results))])) }
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
            if found > 0 { throw ExitCode(1) }
        }
    }
}
