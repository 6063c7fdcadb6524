/// Failures of the storage layer that callers can act on.
public enum StorageError: Error, CustomStringConvertible, Sendable {
    case invalidURL(String)
    case unavailable(String)
    case conflict(String)

    public var description: String {
        switch self {
        case .invalidURL(let m), .unavailable(let m), .conflict(let m): return m
        }
    }
}
