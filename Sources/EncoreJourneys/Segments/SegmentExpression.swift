import EncoreCore

/// A custom segment's filter: journey conditions (`PATH OP VALUE`) joined by `and`, `or` and
/// `not`, grouped with parentheses; `and` binds tighter than `or`.
/// `customer.p_alive < 0.3 and (customer.orders_count >= 3 or customer.total_spent >= 200 USD)`.
public indirect enum SegmentExpression: Sendable, Hashable {
    case condition(Condition)
    case all([SegmentExpression])
    case any([SegmentExpression])
    case not(SegmentExpression)

    /// Parses an expression; throws `ConditionError` saying what is wrong and where.
    public init(parsing text: String) throws(ConditionError) {
        var parser = SegmentExpressionParser(text)
        self = try parser.parseAll()
    }

    /// Whether a customer whose fields are `context` is in the segment.
    public func evaluate(in context: ContextValue) -> Bool {
        switch self {
        case .condition(let condition): condition.evaluate(in: context)
        case .all(let parts): parts.allSatisfy { $0.evaluate(in: context) }
        case .any(let parts): parts.contains { $0.evaluate(in: context) }
        case .not(let inner): !inner.evaluate(in: context)
        }
    }

    /// Every condition of the expression, in the order written.
    public var conditions: [Condition] {
        switch self {
        case .condition(let condition): [condition]
        case .all(let parts), .any(let parts): parts.flatMap(\.conditions)
        case .not(let inner): inner.conditions
        }
    }

    /// Why the expression cannot work on the segment fields (`ContextSchema.segment`): the first
    /// condition naming an unknown field or comparing a field with the wrong kind of value.
    public func problem(in schema: ContextSchema = .segment) -> String? {
        conditions.lazy.compactMap { condition in schema.check(condition).map { "\(condition.text): \($0)" } }.first
    }
}

/// Splits an expression at its top-level keywords and parentheses; the pieces between are
/// conditions (whose values may hold quoted text and `[lists]` with the keywords inside).
struct SegmentExpressionParser {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) { characters = Array(text) }

    mutating func parseAll() throws(ConditionError) -> SegmentExpression {
        skipSpaces()
        guard position < characters.count else { throw ConditionError("the expression is empty") }
        let expression = try parseOr()
        skipSpaces()
        if position < characters.count {
            throw ConditionError("unexpected '\(characters[position])' at character \(position + 1)")
        }
        return expression
    }

    private mutating func parseOr() throws(ConditionError) -> SegmentExpression {
        var parts = [try parseAnd()]
        while keyword("or") { parts.append(try parseAnd()) }
        return parts.count == 1 ? parts[0] : .any(parts)
    }

    private mutating func parseAnd() throws(ConditionError) -> SegmentExpression {
        var parts = [try parseUnary()]
        while keyword("and") { parts.append(try parseUnary()) }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private mutating func parseUnary() throws(ConditionError) -> SegmentExpression {
        skipSpaces()
        if keyword("not") { return .not(try parseUnary()) }
        guard position < characters.count else { throw ConditionError("the expression ends where a condition was expected") }
        for word in ["and", "or"] where isKeyword(word, at: position) {
            throw ConditionError("a condition is missing before '\(word)' at character \(position + 1)")
        }
        if characters[position] == "(" {
            let open = position
            position += 1
            let inner = try parseOr()
            skipSpaces()
            guard position < characters.count, characters[position] == ")" else {
                throw ConditionError("the '(' at character \(open + 1) is never closed")
            }
            position += 1
            return inner
        }
        return .condition(try readCondition())
    }

    /// Reads up to the next top-level `and`, `or` or `)`.
    private mutating func readCondition() throws(ConditionError) -> Condition {
        let start = position
        var quote: Character?
        var depth = 0
        while position < characters.count {
            let c = characters[position]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "[" {
                depth += 1
            } else if c == "]" {
                depth -= 1
            } else if depth == 0 && c == ")" {
                break
            } else if depth == 0 && c == " " && (isKeyword("and", at: position + 1) || isKeyword("or", at: position + 1)) {
                break
            }
            position += 1
        }
        let text = String(characters[start..<position])
        guard !text.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            throw ConditionError("a condition is missing at character \(start + 1)")
        }
        do {
            return try Condition(parsing: text)
        } catch {
            throw ConditionError("\(error.message) (at character \(start + 1))")
        }
    }

    private mutating func skipSpaces() {
        while position < characters.count, characters[position] == " " || characters[position] == "\t" { position += 1 }
    }

    /// Consumes `word` (after spaces) when it stands alone there.
    private mutating func keyword(_ word: String) -> Bool {
        skipSpaces()
        guard isKeyword(word, at: position) else { return false }
        position += word.count
        return true
    }

    private func isKeyword(_ word: String, at index: Int) -> Bool {
        let letters = Array(word)
        guard index + letters.count <= characters.count, Array(characters[index..<index + letters.count]) == letters else {
            return false
        }
        let after = index + letters.count
        return after == characters.count || characters[after] == " " || characters[after] == "(" || characters[after] == "\t"
    }
}
