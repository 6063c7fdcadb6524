import Foundation
import GRDB
import Logging

/// What a backup or a restore copied, as counted in the copy.
public struct BackupSummary: Sendable, Hashable {
    /// The stores in the copy.
    public var stores: Int
    /// The orders in the copy, over every store.
    public var orders: Int
    /// The size of the backup file in bytes.
    public var bytes: Int64
}

/// Why a backup or a restore did not happen; nothing was changed.
public struct BackupError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}

/// Backups and restores of a whole database (every store), for `encore backup` and `encore
/// restore`.
///
/// SQLite: SQLite's online backup of the live database (writers go on while it copies) into
/// `PATH.partial`, checked with `PRAGMA integrity_check`, then renamed to PATH; a restore copies
/// a checked backup into the database in one step (the backup API replaces every page under one
/// write lock) and then upgrades it to the current schema. PostgreSQL: `pg_dump` (plain SQL, with
/// `--clean --if-exists`, no owners or privileges) and `psql` in one transaction that stops at the
/// first error; both must be on the PATH. A failure leaves the destination as it was.
public enum DatabaseBackup {
    /// Copies the database at `url` to a new file at `path` (which must not exist).
    public static func backup(url: String, to path: String) async throws -> BackupSummary {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw BackupError(description: "\(path) already exists; a backup is written to a new file")
        }
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            if isPostgres(url) {
                try run("pg_dump", ["--no-owner", "--no-privileges", "--clean", "--if-exists", "--format=plain", "--file", partial], url: url)
            } else {
                let source = try sqlitePath(from: url)
                guard FileManager.default.fileExists(atPath: source) else { throw BackupError(description: "no database at \(source)") }
                let storage = try await openStorage(url: url)
                do {
                    let backend = storage as! SQLiteBackend
                    let copy = try DatabaseQueue(path: partial)
                    try backend.pool.backup(to: copy)
                    try copy.close()
                    try await storage.close()
                } catch {
                    try? await storage.close()
                    throw error
                }
                try checkSQLite(partial)
            }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        return try await summary(url: url, file: path)
    }

    /// Replaces the database at `url` with the backup at `path`, then brings it to the current
    /// schema. The backup is checked first; a file that is not an Encore backup changes nothing.
    public static func restore(url: String, from path: String) async throws -> BackupSummary {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError(description: "no backup at \(path)") }
        if isPostgres(url) {
            let head = try String(decoding: FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 4_096) ?? Data(), as: UTF8.self)
            guard head.contains("PostgreSQL database dump") else {
                throw BackupError(description: "\(path) is not a PostgreSQL dump made by encore backup")
            }
            try run("psql", ["--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1", "--file", path], url: url)
        } else {
            try checkSQLite(path)
            let source = try DatabaseQueue(path: path, configuration: readOnly)
            let target = try DatabasePool(path: try sqlitePath(from: url))
            try source.backup(to: target)
            try source.close()
            try target.close()
        }
        // Upgrades a backup of an older schema; closes at once.
        let storage = try await openStorage(url: url)
        try await storage.close()
        return try await summary(url: url, file: path)
    }

    /// The stores and orders in the database at `url` (none when a SQLite file does not exist;
    /// it is not created).
    public static func counts(url: String) async throws -> (stores: Int, orders: Int) {
        if !isPostgres(url), !FileManager.default.fileExists(atPath: try sqlitePath(from: url)) { return (0, 0) }
        let storage = try await openStorage(url: url)
        do {
            let sql = storage as! any SQLBackend
            let rows = try await sql.read([
                SQLStatement("SELECT count(*) FROM stores"), SQLStatement("SELECT count(*) FROM orders"),
            ])
            try await storage.close()
            return (Int(rows[0][0].int(0)), Int(rows[1][0].int(0)))
        } catch {
            try? await storage.close()
            throw error
        }
    }

    static func summary(url: String, file: String) async throws -> BackupSummary {
        let (stores, orders) = try await counts(url: url)
        let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
        return BackupSummary(stores: stores, orders: orders, bytes: bytes)
    }

    static func isPostgres(_ url: String) -> Bool { url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") }

    private static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }

    /// Checks that `path` is a sound SQLite file holding an Encore database.
    static func checkSQLite(_ path: String) throws {
        var problem: String?
        do {
            let queue = try DatabaseQueue(path: path, configuration: readOnly)
            problem = try queue.read { db -> String? in
                let check = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard check == ["ok"] else { return "fails its integrity check: \(check.prefix(3).joined(separator: "; "))" }
                guard try db.tableExists("grdb_migrations"), try db.tableExists("stores") else { return "is not an Encore database" }
                return nil
            }
            try queue.close()
        } catch let error as DatabaseError {
            problem = "is not a readable SQLite database (\(error.message ?? "\(error.resultCode)"))"
        }
        if let problem { throw BackupError(description: "\(path) \(problem)") }
    }

    /// Runs a PostgreSQL client tool found on the PATH, failing with its standard error.
    /// The database URL without its password, and the password apart: a tool gets the password
    /// in `PGPASSWORD`, never on its command line, where every user of the machine could read it.
    static func withoutPassword(_ url: String) -> (url: String, password: String?) {
        guard var parts = URLComponents(string: url), let password = parts.password else { return (url, nil) }
        parts.password = nil
        return (parts.string ?? url, password)
    }

    /// Runs a PostgreSQL client tool on the database at `url`.
    static func run(_ tool: String, _ arguments: [String], url: String) throws {
        let (target, password) = withoutPassword(url)
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["PGPASSWORD"] = password }
        try run(tool, arguments + ["--dbname", target], environment: environment)
    }

    static func run(_ tool: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        if let environment { process.environment = environment }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BackupError(description: "cannot run \(tool): \(error)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw BackupError(
                description: process.terminationStatus == 127
                    ? "\(tool) is not installed (PostgreSQL's client tools are needed for a PostgreSQL backup)"
                    : "\(tool) failed (exit \(process.terminationStatus)): \(text)")
        }
    }
}
