import EncoreCore

/// A value a journey condition or template can name: the context of one customer, order, store
/// and event at one moment. Built by the storage layer from stored records; pure data.
public indirect enum ContextValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// An integer count or id (orders_count, quantity, score).
    case integer(Int64)
    /// Exact decimal text for non-integer numbers ("4.5").
    case decimal(String)
    case string(String)
    case money(Money)
    /// A moment; rendered in the context's time zone.
    case time(Timestamp)
    case list([ContextValue])
    case object([String: ContextValue])

    /// The value at a dotted path ("order.total", "event.payload.score"); nil when any part is
    /// missing.
    public func value(at path: String) -> ContextValue? {
        var current = self
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .object(let fields) = current, let next = fields[String(part)] else { return nil }
            current = next
        }
        return current
    }
}
