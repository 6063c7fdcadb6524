import EncoreCore

/// A condition as written in a file, `PATH OP VALUE` ("order.total >= 50 USD",
/// "order.channel in [web, app]", "customer.phone exists"), parsed once.
///
/// Stored (Codable) as its text and parsed again when decoded, so what storage keeps is what the
/// merchant wrote.
public struct Condition: Hashable, Sendable, CustomStringConvertible {
    /// The text as written, trimmed.
    public let text: String
    /// A dotted context path ("order.total").
    public let path: String
    public let op: ConditionOperator
    /// nil for `exists`, which takes no value.
    public let value: ConditionValue?

    /// Parses a condition; throws `ConditionError` naming what is wrong.
    public init(parsing text: String) throws(ConditionError) {
        self = try ConditionParser.parse(text)
    }

    init(text: String, path: String, op: ConditionOperator, value: ConditionValue?) {
        self.text = text
        self.path = path
        self.op = op
        self.value = value
    }

    public var description: String { text }
}

extension Condition: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try ConditionParser.parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// A condition's operator.
public enum ConditionOperator: String, Hashable, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case greaterOrEqual = ">="
    case lessOrEqual = "<="
    case greater = ">"
    case less = "<"
    /// The value is one of a list literal's elements.
    case `in`
    /// A list holds the value, or a string holds it as a substring.
    case contains
    /// The path is present and not null; takes no value.
    case exists
}

/// A condition's right-hand side.
public indirect enum ConditionValue: Hashable, Sendable {
    /// A bare word or a quoted string.
    case string(String)
    /// A number, kept as its exact decimal text ("90", "4.5", "-2").
    case number(String)
    /// `50 USD`: compares only with money of the same currency.
    case money(Money)
    case bool(Bool)
    /// `[web, app]`.
    case list([ConditionValue])
}

/// Why a condition's text does not parse.
public struct ConditionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
