import EncoreCore
import Foundation

extension Condition {
    /// Whether the condition holds in `context`. A missing or null path is false for every
    /// operator but never an error; values of different kinds (money against a plain number, money
    /// of another currency, a number against a string) are false for `==`, `!=` and orderings
    /// alike: nothing is converted.
    public func evaluate(in context: ContextValue) -> Bool {
        let actual = context.value(at: path)
        if op == .exists {
            guard let actual else { return false }
            return actual != .null
        }
        guard let actual, actual != .null, let value else { return false }
        switch op {
        case .equal: return Self.compare(actual, value) == .orderedSame
        case .notEqual: return Self.compare(actual, value).map { $0 != .orderedSame } ?? false
        case .greater: return Self.ordered(actual, value) == .orderedDescending
        case .less: return Self.ordered(actual, value) == .orderedAscending
        case .greaterOrEqual: return Self.ordered(actual, value).map { $0 != .orderedAscending } ?? false
        case .lessOrEqual: return Self.ordered(actual, value).map { $0 != .orderedDescending } ?? false
        case .in:
            guard case .list(let options) = value else { return false }
            return options.contains { Self.compare(actual, $0) == .orderedSame }
        case .contains:
            switch (actual, value) {
            case (.list(let elements), _): return elements.contains { Self.compare($0, value) == .orderedSame }
            case (.string(let text), .string(let part)): return text.contains(part)
            default: return false
            }
        case .exists: return false
        }
    }

    /// Like `compare` but only for kinds with an order (numbers, money).
    private static func ordered(_ actual: ContextValue, _ value: ConditionValue) -> ComparisonResult? {
        switch (actual, value) {
        case (.integer, .number), (.decimal, .number), (.money, .money): compare(actual, value)
        default: nil
        }
    }

    /// nil when the two are not comparable.
    static func compare(_ actual: ContextValue, _ value: ConditionValue) -> ComparisonResult? {
        switch (actual, value) {
        case (.integer(let number), .number(let literal)):
            return compareDecimals(String(number), literal)
        case (.decimal(let text), .number(let literal)):
            return compareDecimals(text, literal)
        case (.money(let money), .money(let literal)):
            guard money.currency == literal.currency else { return nil }
            return order(money.minorUnits, literal.minorUnits)
        case (.string(let text), .string(let literal)):
            return text == literal ? .orderedSame : (text < literal ? .orderedAscending : .orderedDescending)
        case (.bool(let flag), .bool(let literal)):
            return flag == literal ? .orderedSame : .orderedDescending
        default:
            return nil
        }
    }

    private static func compareDecimals(_ left: String, _ right: String) -> ComparisonResult? {
        let posix = Locale(identifier: "en_US_POSIX")
        guard let a = Decimal(string: left, locale: posix), let b = Decimal(string: right, locale: posix) else {
            return nil
        }
        return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    }

    private static func order(_ a: Int64, _ b: Int64) -> ComparisonResult {
        a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    }
}
