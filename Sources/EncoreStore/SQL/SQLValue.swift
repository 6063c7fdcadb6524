/// A value bound to or read from SQL, in the types both backends store: integers, text, reals and NULL.
///
/// Booleans are stored as 0/1 integers and times as epoch milliseconds, so the same SQL text and
/// the same values work on SQLite and PostgreSQL.
public enum SQLValue: Hashable, Sendable {
    case null
    case int(Int64)
    case text(String)
    case real(Double)

    public init(_ value: String?) { self = value.map(SQLValue.text) ?? .null }
    public init(_ value: Int64?) { self = value.map(SQLValue.int) ?? .null }
    public init(_ value: Bool) { self = .int(value ? 1 : 0) }

    public var int: Int64? {
        switch self {
        case .int(let v): return v
        case .real(let v): return Int64(v)
        case .text(let s): return Int64(s)
        case .null: return nil
        }
    }

    public var double: Double? {
        switch self {
        case .real(let v): return v
        case .int(let v): return Double(v)
        case .text(let s): return Double(s)
        case .null: return nil
        }
    }

    public var text: String? {
        switch self {
        case .text(let s): return s
        case .int(let v): return String(v)
        case .real(let v): return String(v)
        case .null: return nil
        }
    }
}

/// One result row, read by column position.
public struct SQLRow: Sendable {
    public var values: [SQLValue]

    public init(_ values: [SQLValue]) { self.values = values }

    public subscript(_ index: Int) -> SQLValue { index < values.count ? values[index] : .null }

    /// The column as an integer; 0 when NULL.
    public func int(_ index: Int) -> Int64 { self[index].int ?? 0 }
    public func optionalInt(_ index: Int) -> Int64? { self[index].int }
    /// The column as text; "" when NULL.
    public func text(_ index: Int) -> String { self[index].text ?? "" }
    public func double(_ index: Int) -> Double { self[index].double ?? 0 }
    public func optionalText(_ index: Int) -> String? { self[index].text }
}

/// One SQL statement with `?` placeholders and its arguments.
public struct SQLStatement: Sendable {
    public var sql: String
    public var arguments: [SQLValue]

    public init(_ sql: String, _ arguments: [SQLValue] = []) {
        self.sql = sql
        self.arguments = arguments
    }
}

/// The few places the two SQL dialects differ.
public enum SQLDialect: Sendable {
    case sqlite, postgres

    /// Smaller of two values: `MIN(a, b)` in SQLite, `LEAST(a, b)` in PostgreSQL.
    func least(_ a: String, _ b: String) -> String {
        self == .sqlite ? "MIN(\(a), \(b))" : "LEAST(\(a), \(b))"
    }

    /// Most arguments one statement may carry.
    var maxArguments: Int { self == .sqlite ? 32_000 : 60_000 }
}
