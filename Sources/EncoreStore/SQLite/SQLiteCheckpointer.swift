import Dispatch
import GRDB
import GRDBSQLite
import Synchronization

/// Takes SQLite's WAL checkpoints off the writer's path.
///
/// By default the connection that commits copies the write-ahead log back into the database
/// file (and syncs it) whenever the log passes 1,000 pages, inside its commit. Here the writer's
/// WAL hook only asks for a checkpoint, and a connection of our own runs it (PASSIVE: it never
/// blocks the writer or readers) on a serial queue, so the writer goes on writing meanwhile.
/// Should the checkpoints fall far behind (the log passes `writerCheckpointPages`), the writer
/// checkpoints itself, as SQLite would, so the log stays bounded (under writes without a pause
/// the `-wal` file can reach that size: SQLite restarts the log only when a checkpoint has caught
/// up before the next write begins). The checkpointing connection syncs like the writer
/// (`synchronous`), so a checkpoint is as durable as before. The hook holds the checkpointer
/// until `SQLiteBackend.close()` removes it: a backend dropped without closing keeps it.
final class SQLiteCheckpointer: @unchecked Sendable {
    /// Log pages after which a checkpoint is asked for (SQLite's own default).
    static let checkpointPages: Int32 = 1_000
    /// Log pages after which the writer checkpoints itself (64 MiB of 4 KiB pages).
    static let writerCheckpointPages: Int32 = 16_000

    private let path: String
    private let synchronous: String
    private let queue = DispatchQueue(label: "encore.sqlite.checkpoint")
    private let state = Mutex(State())
    private struct State {
        var scheduled = false
        var closed = false
        var checkpoints = 0
        /// The hook's context pointer, as its bit pattern.
        var hookContext: UInt?
    }
    // Used on `queue` only.
    private var connection: OpaquePointer?

    init(path: String, synchronous: String) {
        self.path = path
        self.synchronous = synchronous
    }

    /// Replaces the automatic checkpoint of the writer connection `db` with this checkpointer.
    /// The hook keeps the checkpointer alive until `close`.
    func install(on db: Database) {
        let context = Unmanaged.passRetained(self).toOpaque()
        state.withLock { $0.hookContext = UInt(bitPattern: context) }
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, writer, _, pages in
                guard let context else { return SQLITE_OK }
                if pages >= SQLiteCheckpointer.writerCheckpointPages {
                    sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                } else if pages >= SQLiteCheckpointer.checkpointPages {
                    Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue().schedule()
                }
                return SQLITE_OK
            }, context)
    }

    /// Removes the hook from the writer connection `db` (back to no automatic checkpoint; the
    /// last connection to close checkpoints) and releases the hook's hold on the checkpointer.
    func uninstall(from db: Database) {
        let previous = sqlite3_wal_hook(db.sqliteConnection, nil, nil)
        let ours = state.withLock { state in
            defer { state.hookContext = nil }
            return state.hookContext
        }
        // Only the hook installed here holds the checkpointer (SQLite's own passes a page count).
        if let ours = ours.flatMap(UnsafeMutableRawPointer.init(bitPattern:)), previous == ours { Unmanaged<SQLiteCheckpointer>.fromOpaque(ours).release() }
    }

    /// Checkpoints run so far by the checkpointer's connection (not counting the writer's own).
    var completed: Int {
        state.withLock { $0.checkpoints }
    }

    /// Asks for a checkpoint; one already asked for and not yet started covers this one too.
    func schedule() {
        let start = state.withLock { state in
            guard !state.scheduled, !state.closed else { return false }
            state.scheduled = true
            return true
        }
        if start { queue.async { self.checkpoint() } }
    }

    /// Waits for a running checkpoint, then closes the checkpointing connection; later requests
    /// are ignored.
    func close() {
        state.withLock { $0.closed = true }
        queue.sync {
            if let connection { sqlite3_close_v2(connection) }
            connection = nil
        }
    }

    private func checkpoint() {
        let isClosed = state.withLock { state in
            state.scheduled = false
            return state.closed
        }
        guard !isClosed, let connection = open() else { return }
        // A busy or locked database is retried at the next request; PASSIVE never waits on readers.
        if sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil) == SQLITE_OK {
            state.withLock { $0.checkpoints += 1 }
        }
    }

    private func open() -> OpaquePointer? {
        if let connection { return connection }
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
            let handle
        else {
            if let handle { sqlite3_close_v2(handle) }
            return nil
        }
        sqlite3_busy_timeout(handle, 10_000)
        sqlite3_exec(handle, "PRAGMA synchronous = \(synchronous)", nil, nil, nil)
        connection = handle
        return handle
    }
}
