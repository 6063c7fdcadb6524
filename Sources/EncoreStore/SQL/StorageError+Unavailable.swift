import GRDB
import PostgresNIO

extension StorageError {
    /// Whether `error` says the database could not do the work now, rather than that the work was
    /// wrong: the disk is full, an I/O error, the database locked past the busy timeout, the
    /// connection to PostgreSQL gone or refused, the server shutting down or out of resources.
    /// Such a request is worth answering 503 (try again later), not 500, and retrying.
    public static func isUnavailability(_ error: any Error) -> Bool {
        if case StorageError.unavailable = error { return true }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_CANTOPEN, .SQLITE_NOMEM:
                return true
            default:
                return false
            }
        }
        if let error = error as? PostgresTransactionError {
            let parts: [(any Error)?] = [error.beginError, error.closureError, error.commitError, error.rollbackError]
            return parts.contains { $0.map(isUnavailability) ?? false }
        }
        if let error = error as? PSQLError {
            switch error.code {
            case .clientClosedConnection, .serverClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                // Connection exceptions (08), insufficient resources such as a full disk (53),
                // the server shutting down or starting (57P01-57P03).
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || state.hasPrefix("53") || ["57P01", "57P02", "57P03"].contains(state)
            default:
                return false
            }
        }
        return false
    }
}
