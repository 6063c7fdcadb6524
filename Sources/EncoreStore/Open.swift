import Foundation
import Logging

/// Opens the storage named by a database URL and applies pending migrations.
///
/// - `sqlite:///absolute/path.sqlite` or `sqlite://relative/path.sqlite` (also a bare file path)
/// - `postgres://user:password@host:port/database` (or `postgresql://`)
///
/// `durable: false` relaxes SQLite's per-commit flush (see `SQLiteBackend`); PostgreSQL ignores it.
public func openStorage(url: String, durable: Bool = true, logger: Logger = Logger(label: "encore.storage")) async throws
    -> any EncoreStorage
{
    let storage: any EncoreStorage
    if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
        storage = try await PostgresBackend(url: url, logger: logger)
    } else {
        let path = try sqlitePath(from: url)
        storage = try SQLiteBackend(path: path, durable: durable)
    }
    do {
        try await storage.migrate()
    } catch {
        try? await storage.close()
        throw error
    }
    return storage
}

/// The file path of a `sqlite://` URL.
public func sqlitePath(from url: String) throws -> String {
    var path = url
    if path.hasPrefix("sqlite://") {
        path.removeFirst("sqlite://".count)
    } else if path.hasPrefix("sqlite:") {
        path.removeFirst("sqlite:".count)
    } else if path.contains("://") {
        throw StorageError.invalidURL("'\(url)' is neither a sqlite:// nor a postgres:// URL")
    }
    guard !path.isEmpty else { throw StorageError.invalidURL("'\(url)' names no file") }
    return path
}

/// The default database when neither `--database` nor `ENCORE_DATABASE_URL` is given.
public let defaultDatabaseURL = "sqlite://encore.sqlite"
