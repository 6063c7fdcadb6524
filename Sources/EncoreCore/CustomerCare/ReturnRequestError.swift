/// Why a return request cannot be accepted: one problem per offending request line, each with
/// the field it concerns ("lines[2].quantity") and a reason a customer can act on.
public struct ReturnRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong with a request line.
    public enum Kind: Hashable, Sendable {
        /// The request names no line at all.
        case empty
        /// The order has no line with this key.
        case unknownLine
        /// The same line is asked for twice.
        case duplicateLine
        /// Zero or a negative number of units.
        case nonPositiveQuantity(Int64)
        /// More units than are left to return.
        case moreThanReturnable(requested: Int64, returnable: Int64)
        /// The window closed at `closedAt`.
        case windowClosed(closedAt: Timestamp)
        /// The order has not been delivered, so its window has not opened.
        case notDelivered
    }

    /// One problem of one request line.
    public struct Problem: Hashable, Sendable {
        /// The position of the line in the request; nil for the request as a whole.
        public var index: Int?
        public var lineKey: String?
        public var kind: Kind

        /// A problem of the request line at `index`.
        public init(index: Int?, lineKey: String?, kind: Kind) {
            self.index = index
            self.lineKey = lineKey
            self.kind = kind
        }

        /// The field the problem concerns: "lines", "lines[i].line_key" or "lines[i].quantity".
        public var field: String {
            guard let index else { return "lines" }
            switch kind {
            case .unknownLine, .duplicateLine: return "lines[\(index)].line_key"
            default: return "lines[\(index)].quantity"
            }
        }

        /// The problem in words.
        public var reason: String {
            let line = lineKey.map { "line '\($0)'" } ?? "the line"
            switch kind {
            case .empty: return "choose at least one line to return"
            case .unknownLine: return "\(line) is not part of this order"
            case .duplicateLine: return "\(line) is asked for more than once"
            case .nonPositiveQuantity(let quantity): return "the quantity must be at least 1, got \(quantity)"
            case .moreThanReturnable(let requested, let returnable):
                return returnable == 0
                    ? "every unit of \(line) has already been returned or asked for"
                    : "\(requested) units of \(line) asked for, but only \(returnable) can be returned"
            case .windowClosed(let closedAt): return "the return window closed at \(closedAt)"
            case .notDelivered: return "the order has not been delivered yet"
            }
        }

        /// The problem as an `InputError` (field and reason).
        public var inputError: InputError { InputError(field: field, reason: reason) }
    }

    public var problems: [Problem]

    /// An error made of `problems` (at least one).
    public init(problems: [Problem]) {
        self.problems = problems
    }

    /// Every problem as "field: reason", separated by "; ".
    public var description: String { problems.map(\.inputError.description).joined(separator: "; ") }
}
