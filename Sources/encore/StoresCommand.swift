import ArgumentParser
import Foundation
import EncoreCore
import EncoreServer
import EncoreStore

struct StoresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stores", abstract: "Create and list stores (brands).",
        subcommands: [Create.self, List.self, Settings.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a store.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The store's handle: lowercase letters, digits and hyphens.") var name: String
        @Option(help: "Secret for verifying Shopify webhooks (X-Shopify-Hmac-Sha256).") var webhookSecret: String?
        @Option(help: "ISO 4217 currency code.") var currency: String = "USD"
        @Option(help: "IANA time zone, e.g. Europe/Paris.") var timeZone: String = "UTC"
        @Option(help: "Organisation the store belongs to (stores of one organisation are allied brands).")
        var organisation: String?

        func validate() throws {
            if let problem = Store.validateName(name) { throw ValidationError("store name \(problem)") }
            if Currency(code: currency) == nil { throw ValidationError("'\(currency)' is not an ISO 4217 currency code") }
            if TimeZone(identifier: timeZone) == nil { throw ValidationError("'\(timeZone)' is not an IANA time zone") }
        }

        func run() async throws {
            let storage = try await db.open()
            defer { Task { try? await storage.close() } }
            do {
                let store = try await storage.createStore(
                    name: name, organisation: organisation, currency: Currency(code: currency)!, timeZone: timeZone,
                    webhookSecret: webhookSecret, now: SystemClock().now())
                print("created store \(store.name) (id \(store.id), \(store.currency.code), \(store.timeZone))")
            } catch let error as StorageError {
                throw ValidationError(error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stores.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let storage = try await db.open()
            for store in try await storage.stores() {
                print("\(store.id)\t\(store.name)\t\(store.currency.code)\t\(store.timeZone)")
            }
            try await storage.close()
        }
    }
}

extension StoresCommand {
    /// `encore stores settings STORE [--option value ...]`: shows and changes how a store presents
    /// itself and its customer-care rules; options not given keep their value, "" clears one.
    struct Settings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or change a store's branding and customer-care settings.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The store.") var name: String
        @Option(help: "Name shown to customers.") var displayName: String?
        @Option(help: "From address of e-mail.") var senderEmail: String?
        @Option(help: "Support address.") var supportEmail: String?
        @Option(help: "The shop's web address.") var url: String?
        @Option(help: "Logo as a data:image/... URL of at most 16 KB (pages load nothing from elsewhere).") var logoURL: String?
        @Option(help: "Brand colour, #rrggbb.") var brandColour: String?
        @Option(help: "Who signs personal notes.") var contactName: String?
        @Option(help: "Days after delivery in which returns may be requested (1-365; default 30).") var returnWindowDays: Int?
        @Option(help: "Least days between two surveys to one customer, across every survey and channel (0-3650; default 30).")
        var surveyIntervalDays: Int?
        @Option(help: "P(alive) under which a customer is lapsing and win-back journeys start (0-1; default 0.3).")
        var lapsingBelow: Double?
        @Option(help: "Support hours in the store's time zone, e.g. \"mon-fri 09:00-17:00; sat 10:00-14:00\".")
        var businessHours: String?
        @Option(help: "Where rewards fulfilled by webhook are announced (a signed POST of reward.redeemed), http(s)://...")
        var rewardsWebhookURL: String?

        func validate() throws {
            if let url = rewardsWebhookURL, !url.isEmpty,
                !(url.hasPrefix("https://") || url.hasPrefix("http://")) || URL(string: url)?.host == nil
            {
                throw ValidationError("--rewards-webhook-url: '\(url)' is not an http(s) URL")
            }
            if let colour = brandColour, !colour.isEmpty,
                colour.utf8.count != 7 || !colour.hasPrefix("#") || Int(colour.dropFirst(), radix: 16) == nil
            {
                throw ValidationError("--brand-colour: '\(colour)' is not a #rrggbb colour")
            }
            if let days = returnWindowDays, !(1...365).contains(days) {
                throw ValidationError("--return-window-days: \(days) is not between 1 and 365")
            }
            if let days = surveyIntervalDays, !(0...3650).contains(days) {
                throw ValidationError("--survey-interval-days: \(days) is not between 0 and 3650")
            }
            if let p = lapsingBelow, !(p.isFinite && p >= 0 && p <= 1) {
                throw ValidationError("--lapsing-below: \(p) is not between 0 and 1")
            }
            if let logo = logoURL, !logo.isEmpty, !logo.hasPrefix("data:image/") || logo.utf8.count > 16 * 1024 {
                throw ValidationError("--logo-url: give a data:image/... URL of at most 16 KB")
            }
        }

        func run() async throws {
            let storage = try await db.open()
            do {
                guard var store = try await storage.store(named: name) else { throw ValidationError("no store named '\(name)'") }
                if let hours = businessHours, !hours.isEmpty {
                    do {
                        _ = try BusinessHours.parse(hours, timeZone: store.timeZone)
                    } catch {
                        throw ValidationError("--business-hours: \(error)")
                    }
                }
                func set(_ value: String?, _ path: WritableKeyPath<StoreSettings, String?>) {
                    guard let value else { return }
                    store.settings[keyPath: path] = value.isEmpty ? nil : value
                }
                set(displayName, \.displayName)
                set(senderEmail, \.senderEmail)
                set(supportEmail, \.supportEmail)
                set(url, \.url)
                set(logoURL, \.logoURL)
                set(brandColour, \.brandColour)
                set(contactName, \.contactName)
                set(businessHours, \.businessHours)
                set(rewardsWebhookURL, \.rewardsWebhookURL)
                if let returnWindowDays { store.settings.returnWindowDays = returnWindowDays }
                if let surveyIntervalDays { store.settings.surveyIntervalDays = surveyIntervalDays }
                if let lapsingBelow { store.settings.lapsingBelow = lapsingBelow }
                try await storage.updateSettings(storeID: store.id, settings: store.settings)
                let data = try JSONEncoder.sorted.encode(store.settings)
                print(String(decoding: data, as: UTF8.self))
                try await storage.close()
            } catch {
                try? await storage.close()
                throw error
            }
        }
    }
}

extension JSONEncoder {
    /// Pretty, sorted keys: for settings printed to a person.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }
}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.", subcommands: [Create.self, List.self, Revoke.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a store's keys by prefix (keys themselves are never stored).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store.") var store: String

        func run() async throws {
            let storage = try await db.open()
            guard let found = try await storage.store(named: store) else {
                try await storage.close()
                throw ValidationError("no store named '\(store)'")
            }
            for key in try await storage.apiKeys(storeID: found.id) {
                print("\(key.prefix)\tcreated \(key.createdAt.iso8601)\t\(key.revokedAt.map { "revoked \($0.iso8601)" } ?? "active")")
            }
            try await storage.close()
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a store's key by its prefix (the first 8 characters, e.g. enc_AbCd).",
            discussion: "Running servers stop accepting the key within 30 seconds (their key cache).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store.") var store: String
        @Argument(help: "The key's prefix, as `encore keys list` shows it.") var prefix: String

        func run() async throws {
            let storage = try await db.open()
            guard let found = try await storage.store(named: store) else {
                try await storage.close()
                throw ValidationError("no store named '\(store)'")
            }
            let count = try await storage.revokeAPIKeys(storeID: found.id, prefix: prefix, now: SystemClock().now())
            try await storage.close()
            guard count > 0 else { throw ValidationError("no active key with prefix '\(prefix)' in store '\(store)'") }
            print("revoked \(count) key\(count == 1 ? "" : "s") with prefix \(prefix)")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key for a store. The key is printed once; only its hash is stored.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store the key gives access to.") var store: String

        func run() async throws {
            let storage = try await db.open()
            guard let found = try await storage.store(named: store) else {
                try await storage.close()
                throw ValidationError("no store named '\(store)'; create it with 'encore stores create \(store)'")
            }
            let key = APIKeys.generate()
            try await storage.addAPIKey(
                storeID: found.id, keyHash: APIKeys.hash(key), prefix: APIKeys.prefix(key), now: SystemClock().now())
            try await storage.close()
            print(key)
        }
    }
}
