/// Failures of the storage layer that callers can act on.
public enum StorageError: Error, CustomStringConvertible, Sendable {
    case invalidURL(String)
    case unavailable(String)
    case conflict(String)
    /// A request the stored data cannot satisfy (an unknown store, an unknown journey).
    case invalid(String)

    public var description: String {
        switch self {
        case .invalidURL(let m), .unavailable(let m), .conflict(let m), .invalid(let m): return m
        }
    }
}
