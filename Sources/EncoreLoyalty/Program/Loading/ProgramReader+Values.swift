import Foundation
import EncoreCore
import Yams

/// Readers of single values. Each returns nil when the key is absent or empty, and reports (then
/// returns nil) when the value is wrong.
extension ProgramReader {
    /// A whole number in `range`.
    mutating func integer(_ fields: ProgramFields, _ key: String, in range: ClosedRange<Int64>) -> Int64? {
        guard let text = fields.text(key, sink: &sink) else { return nil }
        guard let value = Int64(text), range.contains(value) else {
            let bounds = "from \(range.lowerBound) to \(range.upperBound)"
            sink.error(line: fields.line(key), "\(fields.named(key)) must be a whole number \(bounds), not '\(text)'")
            return nil
        }
        return value
    }

    /// A whole number in `range`, as an `Int`.
    mutating func count(_ fields: ProgramFields, _ key: String, in range: ClosedRange<Int>) -> Int? {
        integer(fields, key, in: Int64(range.lowerBound)...Int64(range.upperBound)).map { Int($0) }
    }

    /// A money amount in major units of the program's currency ("5.00"), as minor units; at least
    /// `minimum` minor units.
    mutating func amount(_ fields: ProgramFields, _ key: String, minimum: Int64 = 0) -> Int64? {
        guard let text = fields.text(key, sink: &sink) else { return nil }
        // With an unknown currency only the syntax is checked (the currency error is reported).
        switch DecimalAmount.parse(text, exponent: currency?.exponent ?? 4) {
        case .failure(let error):
            sink.error(line: fields.line(key), "\(fields.named(key)) \(error)")
            return nil
        case .success(let value) where value < minimum:
            let floor = Money.format(minorUnits: minimum, exponent: currency?.exponent ?? 0)
            let rule = minimum == 1 ? "must be more than 0" : "must be at least \(floor)"
            sink.error(line: fields.line(key), "\(fields.named(key)) \(rule), not '\(text)'")
            return nil
        case .success(let value):
            return value
        }
    }

    /// One of an enum's raw values.
    mutating func choice<Value: RawRepresentable & CaseIterable>(
        _ fields: ProgramFields, _ key: String, _: Value.Type
    ) -> Value? where Value.RawValue == String {
        guard let text = fields.text(key, sink: &sink) else { return nil }
        guard let value = Value(rawValue: text) else {
            let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
            sink.error(line: fields.line(key), "\(fields.named(key)) must be one of \(names), not '\(text)'")
            return nil
        }
        return value
    }

    /// true or false.
    mutating func flag(_ fields: ProgramFields, _ key: String) -> Bool? {
        guard let text = fields.text(key, sink: &sink) else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            sink.error(line: fields.line(key), "\(fields.named(key)) must be true or false, not '\(text)'")
            return nil
        }
    }

    /// A non-empty line of text.
    mutating func name(_ fields: ProgramFields, _ key: String) -> String? {
        guard let text = fields.text(key, sink: &sink) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isNewline), trimmed.count <= 200 else {
            sink.error(line: fields.line(key), "\(fields.named(key)) must be one line of 1 to 200 characters")
            return nil
        }
        return trimmed
    }

    /// A key: 1 to 64 of a-z, 0-9, '-' and '_'.
    mutating func identifier(_ fields: ProgramFields, _ key: String) -> String? {
        guard let text = fields.text(key, sink: &sink) else { return nil }
        let ok =
            (1...64).contains(text.count)
            && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }
        guard ok else {
            sink.error(
                line: fields.line(key), "\(fields.named(key)) '\(text)' must be 1 to 64 of a-z, 0-9, '-' and '_'")
            return nil
        }
        return text
    }

    /// A list of non-empty words, written as a YAML sequence (`[a, b]` or one per line).
    mutating func words(_ fields: ProgramFields, _ key: String) -> [String]? {
        guard let node = fields[key] else { return nil }
        guard case .sequence(let sequence) = node else {
            sink.error(at: node, "\(fields.named(key)) must be a list, e.g. [a, b]")
            return nil
        }
        var words: [String] = []
        for item in sequence {
            guard let text = ProgramYAML.text(of: item)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                sink.error(at: item, "\(fields.what): each item of \(key) must be a non-empty word")
                continue
            }
            words.append(text)
        }
        return words
    }

    /// The items of a sequence; reports (and gives nil) when the node is not one.
    mutating func items(_ node: Node, what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            sink.error(at: node, "\(what) must be a list")
            return nil
        }
        return Array(sequence)
    }
}
