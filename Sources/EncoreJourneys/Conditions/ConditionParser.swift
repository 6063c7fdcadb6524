import EncoreCore

/// Parses `PATH OP VALUE`. Internal: use `Condition(parsing:)`.
enum ConditionParser {
    static func parse(_ raw: String) throws(ConditionError) -> Condition {
        let text = raw.trimmingJourneySpaces()
        var rest = Substring(text)
        let path = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
        guard !path.isEmpty else {
            throw ConditionError("'\(text)' is not a condition: expected PATH OP VALUE, e.g. order.total >= 50 USD")
        }
        guard isValidPath(path) else { throw ConditionError("'\(path)' is not a valid path") }
        rest = rest.dropFirst(path.count).drop { $0 == " " || $0 == "\t" }
        guard let op = readOperator(&rest) else {
            let found = rest.prefix { $0 != " " }
            throw ConditionError(
                found.isEmpty
                    ? "'\(text)' has no operator (one of == != >= <= > < in contains exists)"
                    : "unknown operator '\(found)' (one of == != >= <= > < in contains exists)")
        }
        let valueText = String(rest).trimmingJourneySpaces()
        if op == .exists {
            guard valueText.isEmpty else { throw ConditionError("'exists' takes no value, found '\(valueText)'") }
            return Condition(text: text, path: String(path), op: op, value: nil)
        }
        guard !valueText.isEmpty else { throw ConditionError("'\(text)' has no value after '\(op.rawValue)'") }
        let value = try parseValue(valueText)
        switch (op, value) {
        case (.in, .list): break
        case (.in, _): throw ConditionError("'in' takes a list, e.g. [web, app]")
        case (_, .list): throw ConditionError("a list is only allowed after 'in'")
        case (.greater, .string), (.greaterOrEqual, .string), (.less, .string), (.lessOrEqual, .string),
            (.greater, .bool), (.greaterOrEqual, .bool), (.less, .bool), (.lessOrEqual, .bool):
            throw ConditionError("'\(op.rawValue)' compares numbers or money, not '\(valueText)'")
        default: break
        }
        return Condition(text: text, path: String(path), op: op, value: value)
    }

    private static func isValidPath(_ path: Substring) -> Bool {
        path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty }
    }

    private static func readOperator(_ rest: inout Substring) -> ConditionOperator? {
        for op in [ConditionOperator.equal, .notEqual, .greaterOrEqual, .lessOrEqual, .greater, .less] {
            if rest.hasPrefix(op.rawValue) {
                rest = rest.dropFirst(op.rawValue.count)
                return op
            }
        }
        for op in [ConditionOperator.in, .contains, .exists] where rest.hasPrefix(op.rawValue) {
            let after = rest.dropFirst(op.rawValue.count)
            if after.isEmpty || after.first == " " || after.first == "\t" || after.first == "[" {
                rest = after
                return op
            }
        }
        return nil
    }

    static func parseValue(_ text: String) throws(ConditionError) -> ConditionValue {
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw ConditionError("list '\(text)' has no closing ']'") }
            let inner = String(text.dropFirst().dropLast())
            var elements: [ConditionValue] = []
            for item in try splitList(inner) {
                let element = try parseScalar(item)
                elements.append(element)
            }
            guard !elements.isEmpty else { throw ConditionError("list '\(text)' is empty") }
            return .list(elements)
        }
        return try parseScalar(text)
    }

    /// Splits "a, 'b, c', d" on commas outside quotes.
    private static func splitList(_ text: String) throws(ConditionError) -> [String] {
        var items: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
                current.append(character)
            } else if character == "," {
                items.append(current.trimmingJourneySpaces())
                current = ""
            } else {
                current.append(character)
            }
        }
        if quote != nil { throw ConditionError("unterminated quote in '[\(text)]'") }
        let last = current.trimmingJourneySpaces()
        if !last.isEmpty || !items.isEmpty { items.append(last) }
        if items.contains(where: \.isEmpty) { throw ConditionError("empty element in '[\(text)]'") }
        return items
    }

    private static func parseScalar(_ text: String) throws(ConditionError) -> ConditionValue {
        if let first = text.first, first == "\"" || first == "'" {
            guard text.count >= 2, text.last == first else { throw ConditionError("unterminated quote in \(text)") }
            let inner = text.dropFirst().dropLast()
            guard !inner.contains(first) else { throw ConditionError("unexpected quote inside \(text)") }
            return .string(String(inner))
        }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        if let number = words.first, isNumber(number) {
            if words.count == 1 { return .number(String(number)) }
            guard words.count == 2 else { throw ConditionError("'\(text)' is not a value: quote strings with spaces") }
            guard let currency = Currency(code: String(words[1])), words[1].count == 3,
                words[1].allSatisfy(\.isUppercase)
            else { throw ConditionError("'\(words[1])' is not an ISO 4217 currency code") }
            switch DecimalAmount.parse(String(number), exponent: currency.exponent, allowNegative: true) {
            case .success(let minor): return .money(Money(minorUnits: minor, currency: currency))
            case .failure(let error): throw ConditionError("money '\(text)' \(error)")
            }
        }
        guard words.count == 1 else { throw ConditionError("'\(text)' is not a value: quote strings with spaces") }
        if text.contains("\"") || text.contains("'") || text.contains("[") || text.contains("]") {
            throw ConditionError("'\(text)' is not a value")
        }
        return .string(text)
    }

    private static func isNumber(_ text: Substring) -> Bool {
        var body = text
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines.
    func trimmingJourneySpaces() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let end = lastIndex(where: { !$0.isWhitespace })!
        return String(self[start...end])
    }
}
