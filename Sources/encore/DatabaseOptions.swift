import ArgumentParser
import Foundation
import EncoreStore

/// `--database URL`, shared by every command; falls back to ENCORE_DATABASE_URL, then ./encore.sqlite.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "sqlite:///path/file.sqlite or postgres://user:pass@host:port/db (default: $ENCORE_DATABASE_URL or sqlite://encore.sqlite)")
    var database: String?

    var url: String {
        database ?? ProcessInfo.processInfo.environment["ENCORE_DATABASE_URL"] ?? defaultDatabaseURL
    }

    func open() async throws -> any EncoreStorage {
        do {
            return try await openStorage(url: url)
        } catch {
            throw ValidationError("cannot open the database \(redacted(url)): \(error)")
        }
    }

    /// Opens the storage, runs `body` with it and closes it, whether `body` succeeds or throws.
    func withStorage<T>(_ body: (any EncoreStorage) async throws -> T) async throws -> T {
        let storage = try await open()
        do {
            let result = try await body(storage)
            try await storage.close()
            return result
        } catch {
            try? await storage.close()
            throw error
        }
    }
}

/// The URL without its password, for messages.
func redacted(_ url: String) -> String {
    guard var components = URLComponents(string: url), components.password != nil else { return url }
    components.password = "***"
    return components.string ?? url
}

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
