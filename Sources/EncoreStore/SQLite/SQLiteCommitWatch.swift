import Foundation
import GRDBSQLite
import Synchronization

/// SQLite's `PRAGMA data_version` on a connection of its own that never writes: its value
/// changes whenever another connection (the server's writer, an `encore import` in another
/// process) commits to the file, and answering it reads only the WAL index in shared memory,
/// a microsecond or so.
final class SQLiteCommitWatch: CommitWatch, @unchecked Sendable {
    /// The connection and its prepared statement, used under `lock` only.
    private let connection: OpaquePointer
    private let statement: OpaquePointer
    private let lock = Mutex<Void>(())

    /// Opens the watching connection on the database file at `path`; nil for an in-memory
    /// database (no other connection can see it) or when the file cannot be opened.
    init?(path: String) {
        guard path != ":memory:", !path.hasPrefix("file::memory:") else { return nil }
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
            let handle
        else {
            sqlite3_close(handle)
            return nil
        }
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "PRAGMA data_version", -1, &prepared, nil) == SQLITE_OK, let prepared else {
            sqlite3_close(handle)
            return nil
        }
        sqlite3_busy_timeout(handle, 100)
        connection = handle
        statement = prepared
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close(connection)
    }

    func generation() -> Int64? {
        lock.withLock { _ in
            defer { sqlite3_reset(statement) }
            guard sqlite3_step(statement) == SQLITE_ROW else { return nil }
            return sqlite3_column_int64(statement, 0)
        }
    }
}
