import ArgumentParser
import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import Foundation

/// `encore allied partner add|offer add|offers|settle|grant`: allied-brand offers between the
/// stores of one organisation (evaluated by the loyalty worker on each order placed).
struct AlliedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allied",
        abstract: "Allied brands: partners, spend-threshold offers across stores, and the settlement per partner.",
        subcommands: [Partner.self, Offer.self, Offers.self, Settle.self, Grant.self])

    struct Partner: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Funding partners of an organisation.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a partner: it funds the points of its offers (ledger account partner:KEY) and is settled with.")
            @OptionGroup var db: DatabaseOptions
            @Argument(help: "The partner's key: letters, digits, '.', '_' and '-'.") var key: String
            @Option(help: "The partner's name, as the settlement shows it.") var name: String
            @Option(help: "The organisation, by id or name (default: the only one).") var organisation: String?

            func validate() throws {
                if let problem = AlliedOfferService.checkKey(key) { throw ValidationError("KEY \(problem)") }
                if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--name must not be empty") }
            }

            func run() async throws {
                try await withAlliedStorage(db) { storage in
                    let organisation = try await resolveOrganisation(storage, organisation)
                    let partner: AlliedPartner
                    do {
                        partner = try await AlliedOfferService(storage: storage).addPartner(
                            organisationID: organisation.id, key: key, name: name)
                    } catch let error as InvalidAlliedOffer {
                        throw ValidationError(error.description)
                    }
                    print("added partner \(partner.key) (\(partner.name)) to organisation \(organisation.name), id \(partner.id)")
                }
            }
        }
    }

    struct Offer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Allied offers.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add an offer: spend --spend at --from within --within-days days, get --points or --credit at --to.")
            @OptionGroup var db: DatabaseOptions
            @Option(help: "The offer's key, unique in the organisation.") var key: String
            @Option(help: "The store where the spending counts.") var from: String
            @Option(help: "The store where the reward is given.") var to: String
            @Option(help: "The partner's key: it funds the reward.") var partner: String
            @Option(help: "The spend to reach, in the source store's currency, e.g. 150.00.") var spend: String
            @Option(help: "The spending window in days.") var withinDays: Int
            @Option(help: "Points given at the target store (it needs a loyalty program).") var points: Int64?
            @Option(help: "Credit given at the target store, in its currency, e.g. 25.00 (an issued code).") var credit: String?
            @Option(help: "Purchases from this date or time count (ISO 8601, UTC).") var starts: String
            @Option(help: "Purchases before this date or time count (ISO 8601, UTC).") var ends: String

            func validate() throws {
                if let problem = AlliedOfferService.checkKey(key) { throw ValidationError("--key \(problem)") }
                guard from != to else { throw ValidationError("--from and --to name the same store '\(from)'; the reward is given at another brand") }
                guard (points == nil) != (credit == nil) else { throw ValidationError("give --points N or --credit AMOUNT (one of them)") }
                if let points, points <= 0 { throw ValidationError("--points must be greater than 0, got \(points)") }
                guard (1...3_660).contains(withinDays) else { throw ValidationError("--within-days must be from 1 to 3660, got \(withinDays)") }
                let (startsAt, endsAt) = try dates()
                guard endsAt > startsAt else { throw ValidationError("--ends (\(ends)) must be after --starts (\(starts))") }
            }

            func dates() throws -> (Timestamp, Timestamp) {
                guard let startsAt = ISO8601.parse(starts) else { throw ValidationError("--starts: '\(starts)' is not an ISO 8601 date or time") }
                guard let endsAt = ISO8601.parse(ends) else { throw ValidationError("--ends: '\(ends)' is not an ISO 8601 date or time") }
                return (startsAt, endsAt)
            }

            func run() async throws {
                try await withAlliedStorage(db) { storage in
                    let source = try await resolveStore(storage, from)
                    let target = try await resolveStore(storage, to)
                    let threshold = try positiveAmount(spend, option: "--spend", currency: source.currency)
                    let reward: AlliedReward
                    if let credit {
                        reward = .credit(amount: try positiveAmount(credit, option: "--credit", currency: target.currency), currency: target.currency)
                    } else {
                        reward = .points(points ?? 0)
                    }
                    guard let funding = try await storage.alliedPartners(organisationID: source.organisationID).first(where: { $0.key == partner })
                    else { throw AlliedOfferRefusal(description: "the organisation of store '\(source.name)' has no partner '\(partner)' (encore allied partner add)") }
                    let (startsAt, endsAt) = try dates()
                    let offer = AlliedOffer(
                        key: key, sourceStoreID: source.id, targetStoreID: target.id, partnerID: funding.id, threshold: threshold,
                        currency: source.currency, windowDays: withinDays, reward: reward, startsAt: startsAt, endsAt: endsAt)
                    do {
                        _ = try await AlliedOfferService(storage: storage).addOffer(offer)
                    } catch let error as InvalidAlliedOffer {
                        throw ValidationError(error.description)
                    }
                    print("added offer \(key): \(AlliedCommand.describe(offer, source: source, target: target, partner: funding))")
                    if try await storage.loyaltyProgram(storeID: source.id) == nil {
                        printError(
                            "note: store '\(source.name)' has no loyalty program; its orders reach the loyalty worker (which evaluates the offer) only once it has one (encore loyalty apply)")
                    }
                }
            }
        }
    }

    struct Offers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The organisation's offers with the rewards given and waiting.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The organisation, by id or name (default: the only one).") var organisation: String?

        func run() async throws {
            try await withAlliedStorage(db) { storage in
                let organisation = try await resolveOrganisation(storage, organisation)
                let stores = Dictionary(try await storage.stores(organisationID: organisation.id).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                let partners = Dictionary(try await storage.alliedPartners(organisationID: organisation.id).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                let progress = try await storage.alliedProgress(organisationID: organisation.id)
                let offers = try await storage.alliedOffers(organisationID: organisation.id)
                if offers.isEmpty { print("no allied offers in organisation \(organisation.name) (encore allied offer add)") }
                for record in offers {
                    let offer = record.offer
                    guard let source = stores[offer.sourceStoreID], let target = stores[offer.targetStoreID], let partner = partners[offer.partnerID]
                    else { continue }
                    let done = progress[offer.key] ?? AlliedOfferProgress()
                    print("\(offer.key): \(AlliedCommand.describe(offer, source: source, target: target, partner: partner))")
                    print(
                        "  given \(done.granted) (\(AlliedCommand.amount(done.grantedAmount, offer.reward.unit))), waiting \(done.waiting) (\(AlliedCommand.amount(done.waitingAmount, offer.reward.unit)))")
                }
            }
        }
    }

    struct Settle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What each partner owes for the rewards given from --from (inclusive) to --to (exclusive).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The partner's key (default: every partner).") var partner: String?
        @Option(help: "The period's start, ISO 8601 date or time (UTC), inclusive.") var from: String
        @Option(help: "The period's end, ISO 8601 date or time (UTC), exclusive: 2026-04-01 for all of March.") var to: String
        @Option(help: "The organisation, by id or name (default: the only one).") var organisation: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard let start = ISO8601.parse(from) else { throw ValidationError("--from: '\(from)' is not an ISO 8601 date or time") }
            guard let end = ISO8601.parse(to) else { throw ValidationError("--to: '\(to)' is not an ISO 8601 date or time") }
            guard end > start else { throw ValidationError("--to (\(to)) must be after --from (\(from))") }
        }

        func run() async throws {
            try await withAlliedStorage(db) { storage in
                let organisation = try await resolveOrganisation(storage, organisation)
                var partners = try await storage.alliedPartners(organisationID: organisation.id)
                if let partner {
                    partners = partners.filter { $0.key == partner }
                    guard !partners.isEmpty else {
                        throw AlliedOfferRefusal(description: "organisation \(organisation.name) has no partner '\(partner)'")
                    }
                }
                let settlement = try await AlliedOfferService(storage: storage).settlement(
                    organisationID: organisation.id, from: ISO8601.parse(from)!, to: ISO8601.parse(to)!)
                print(json ? AlliedCommand.json(settlement, partners: partners) : AlliedCommand.text(settlement, partners: partners))
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a store's waiting rewards to customers it now knows by e-mail (created with no order yet).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store (default: the only one).") var store: String?

        func run() async throws {
            try await withAlliedStorage(db) { storage in
                let target = try await resolveStore(storage, store)
                let report = try await AlliedOfferService(storage: storage).grantWaiting(storeID: target.id)
                for problem in report.problems { printError(problem) }
                print("\(report.granted) waiting reward\(report.granted == 1 ? "" : "s") given at \(target.name)")
            }
        }
    }
}

extension AlliedCommand {
    /// "spend 150.00 EUR at a within 30 days, 2026-03-01T00:00:00Z ..< 2026-04-01T00:00:00Z: 250 points at b, funded by p".
    static func describe(_ offer: AlliedOffer, source: Store, target: Store, partner: AlliedPartner) -> String {
        let spend = Money.format(minorUnits: offer.threshold, exponent: offer.currency.exponent) + " " + offer.currency.code
        return
            "spend \(spend) at \(source.name) within \(offer.windowDays) days, \(offer.startsAt.iso8601) ..< \(offer.endsAt.iso8601): \(amount(offer.reward.amount, offer.reward.unit)) at \(target.name), funded by \(partner.key)"
    }

    /// "250 points" or "25.00 EUR".
    static func amount(_ amount: Int64, _ unit: AlliedRewardUnit) -> String {
        switch unit {
        case .points: return "\(amount) points"
        case .money(let currency): return Money.format(minorUnits: amount, exponent: currency.exponent) + " " + currency.code
        }
    }

    static func text(_ settlement: AlliedSettlement, partners: [AlliedPartner]) -> String {
        var lines = ["settlement \(settlement.from.iso8601) ..< \(settlement.to.iso8601)"]
        for partner in partners {
            let totals = settlement.partners.filter { $0.partnerID == partner.id }
            let summary = totals.isEmpty
                ? "nothing given" : totals.map { "\($0.count) reward\($0.count == 1 ? "" : "s"), \(amount($0.amount, $0.unit))" }.joined(separator: "; ")
            lines.append("partner \(partner.key) (\(partner.name)): \(summary)")
            for line in settlement.offers where line.partnerID == partner.id {
                lines.append("  offer \(line.offerKey ?? ""): \(line.count) reward\(line.count == 1 ? "" : "s"), \(amount(line.amount, line.unit))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ settlement: AlliedSettlement, partners: [AlliedPartner]) -> String {
        func line(_ line: AlliedSettlementLine) -> JSONText {
            var fields: [(String, JSONText)] = line.offerKey.map { [("offer", .string($0))] } ?? []
            fields.append(("unit", .string(line.unit.description)))
            fields.append(("count", .int(line.count)))
            switch line.unit {
            case .points: fields.append(("amount", .int(line.amount)))
            case .money(let currency): fields.append(("amount", .string(Money.format(minorUnits: line.amount, exponent: currency.exponent))))
            }
            return .object(fields)
        }
        let entries: [JSONText] = partners.map { partner in
            .object([
                ("partner", .string(partner.key)), ("name", .string(partner.name)),
                ("totals", .array(settlement.partners.filter { $0.partnerID == partner.id }.map(line))),
                ("offers", .array(settlement.offers.filter { $0.partnerID == partner.id }.map(line))),
            ])
        }
        return JSONText.render([
            ("from", .string(settlement.from.iso8601)), ("to", .string(settlement.to.iso8601)), ("partners", .array(entries)),
        ])
    }
}

/// Parses a positive decimal amount in the currency, or a usage error naming the option.
private func positiveAmount(_ text: String, option: String, currency: Currency) throws -> Int64 {
    switch DecimalAmount.parse(text, exponent: currency.exponent) {
    case .success(let value):
        guard value > 0 else { throw ValidationError("\(option) must be greater than 0, got '\(text)'") }
        return value
    case .failure(let error): throw ValidationError("\(option) \(error)")
    }
}

/// The organisation named by id or name, or the only one.
private func resolveOrganisation(_ storage: any EncoreStorage, _ wanted: String?) async throws -> Organisation {
    let all = try await storage.organisations()
    if let wanted {
        guard let found = all.first(where: { String($0.id) == wanted || $0.name == wanted }) else {
            throw AlliedOfferRefusal(description: "no organisation '\(wanted)' (by id or name; see `encore stores list`)")
        }
        return found
    }
    guard all.count == 1, let only = all.first else {
        throw AlliedOfferRefusal(
            description: all.isEmpty
                ? "there is no store yet: create one with `encore stores create NAME --organisation ORG`"
                : "there are \(all.count) organisations: choose one with --organisation")
    }
    return only
}

/// Opens the storage, runs `body` and closes it, also when `body` throws.
private func withAlliedStorage(_ db: DatabaseOptions, _ body: (any EncoreStorage) async throws -> Void) async throws {
    let storage = try await db.open()
    do {
        try await body(storage)
        try await storage.close()
    } catch {
        try? await storage.close()
        throw error
    }
}
