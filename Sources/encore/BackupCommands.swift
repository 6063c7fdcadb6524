import ArgumentParser
import EncoreStore
import Foundation

/// `encore backup PATH`: the whole database (every store) into a new file.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the whole database into a new backup file, while Encore keeps running.",
        discussion: """
            SQLite: an online backup (writers go on), checked before it is kept. PostgreSQL: pg_dump (plain SQL),
            which must be installed. The file appears only once it is complete. See docs/OPERATIONS.md.
            """)
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The backup file to write (must not exist).") var path: String

    func run() async throws {
        let summary: BackupSummary
        do {
            summary = try await DatabaseBackup.backup(url: db.url, to: path)
        } catch {
            throw ValidationError("backup failed: \(error)")
        }
        print("backed up \(summary.stores) stores and \(summary.orders) orders to \(path) (\(summary.bytes) bytes)")
    }
}

/// `encore restore PATH`: the database replaced by a backup.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the whole database with a backup made by encore backup.",
        discussion: """
            Stop every Encore process using the database first. The backup is checked before anything is changed,
            and a backup of an older version is upgraded. A database that already holds stores is only replaced
            with --replace. PostgreSQL: psql, in one transaction. See docs/OPERATIONS.md.
            """)
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The backup file to restore.") var path: String
    @Flag(help: "Replace a database that already holds stores.") var replace = false

    func run() async throws {
        let summary: BackupSummary
        do {
            let existing = try await DatabaseBackup.counts(url: db.url)
            guard existing.stores == 0 || replace else {
                throw BackupError(
                    description: "the database \(redacted(db.url)) holds \(existing.stores) stores and \(existing.orders) orders; "
                        + "pass --replace to overwrite them with the backup")
            }
            summary = try await DatabaseBackup.restore(url: db.url, from: path)
        } catch {
            throw ValidationError("restore failed: \(error)")
        }
        print("restored \(summary.stores) stores and \(summary.orders) orders from \(path)")
    }
}
