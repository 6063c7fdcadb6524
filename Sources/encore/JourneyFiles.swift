import ArgumentParser
import EncoreCore
import EncoreJourneys
import EncoreStore
import Foundation

/// Reads journey files and the templates beside them (`templates/NAME.PART.mustache`,
/// `templates/layouts/NAME.html.mustache`, `templates/partials/NAME.mustache`).
enum JourneyFiles {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ paths: [String]) throws -> [JourneyFile] {
        var cache: [String: [TemplateSource]] = [:]
        return try paths.map { path in
            let text = try readTextFile(path)
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("templates").path
            if cache[folder] == nil { cache[folder] = try templates(in: folder) }
            return JourneyFile(path: path, text: text, templates: cache[folder] ?? [])
        }
    }

    static func templates(in folder: String) throws -> [TemplateSource] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        var sources: [TemplateSource] = []
        func load(_ file: String) throws -> String {
            guard let data = manager.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ReadError(description: "\(file):1: cannot read the template as UTF-8")
            }
            return text
        }
        for name in try manager.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".mustache") {
            let parts = name.dropLast(".mustache".count).split(separator: ".")
            guard parts.count == 2, let part = TemplatePart(rawValue: String(parts[1])),
                [.subject, .html, .text].contains(part)
            else { continue }
            let file = folder + "/" + name
            sources.append(TemplateSource(name: String(parts[0]), part: part, path: file, text: try load(file)))
        }
        for (sub, part) in [("layouts", TemplatePart.layout), ("partials", .partial)] {
            let dir = folder + "/" + sub
            guard manager.fileExists(atPath: dir) else { continue }
            for name in try manager.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".mustache") {
                var base = String(name.dropLast(".mustache".count))
                if part == .layout, base.hasSuffix(".html") { base = String(base.dropLast(5)) }
                let file = dir + "/" + name
                sources.append(TemplateSource(name: "\(sub)/\(base)", part: part, path: file, text: try load(file)))
            }
        }
        return sources
    }

    /// The shipped default journeys, as files.
    static var defaults: [JourneyFile] {
        DefaultJourneys.files.map { JourneyFile(path: $0.path, text: $0.text, templates: []) }
    }
}

/// The UTF-8 text of the file at `path`; the error names the file (and line 1 for bad encoding).
func readTextFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw JourneyFiles.ReadError(description: "\(path): cannot read the file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw JourneyFiles.ReadError(description: "\(path):1: the file is not UTF-8")
    }
    return text
}

/// The store a command works on: the one named, or the only one there is.
func resolveStore(_ storage: any EncoreStorage, _ name: String?) async throws -> Store {
    if let name {
        guard let store = try await storage.store(named: name) else {
            throw JourneyFiles.ReadError(description: "no store named '\(name)' (see `encore stores list`)")
        }
        return store
    }
    let stores = try await storage.stores()
    guard stores.count == 1, let only = stores.first else {
        throw JourneyFiles.ReadError(
            description: stores.isEmpty
                ? "there is no store yet: create one with `encore stores create NAME`"
                : "there are \(stores.count) stores: choose one with --store")
    }
    return only
}

/// The key of the customer a command names in `store`: their id from the source, or an e-mail
/// address only one of the store's customers has.
func resolveCustomer(_ storage: any EncoreStorage, _ store: Store, _ customer: String) async throws -> String {
    guard let key = try await storage.customerKey(storeID: store.id, emailOrKey: customer) else {
        throw ValidationError("store '\(store.name)' has no customer '\(customer)' (by id or a unique e-mail)")
    }
    return key
}
