import Foundation

/// A summary file for `encore clv fit --input`: CSV with a header naming the columns `ID`,
/// `frequency`, `recency`, `T` and optionally `monetary_value` (the `lifetimes` names `x`, `t_x`
/// and `zbar` are accepted too), times in weeks.
public enum CustomerSummaryFile {
    /// A problem with the file, at its line (1-based).
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    static let aliases: [String: String] = [
        "id": "id", "customer_id": "id", "frequency": "frequency", "x": "frequency", "recency": "recency", "t_x": "recency",
        "t": "T", "age": "T", "monetary_value": "monetary", "monetary": "monetary", "zbar": "monetary",
    ]

    /// Every problem found in a file (at most the parser's limit), each with its line.
    public struct Problems: Error, Sendable, Hashable, CustomStringConvertible {
        public var problems: [Problem]
        public var description: String { problems.map(\.description).joined(separator: "\n") }
    }

    /// Every customer of `bytes`, or every problem found (at most `maximumProblems`), each with its line.
    public static func parse(_ bytes: [UInt8], maximumProblems: Int = 20) -> Result<[CustomerSummary], Problems> {
        var reader = CSVReader()
        var records: [CSVReader.Record]
        do {
            records = try reader.feed(bytes)
            records += try reader.finish()
        } catch {
            return .failure(Problems(problems: [Problem(line: error.line, reason: error.reason)]))
        }
        guard let header = records.first else { return .failure(Problems(problems: [Problem(line: 1, reason: "the file is empty")])) }
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            let key = trimmed == "T" ? "t" : trimmed.lowercased()
            if let column = aliases[key], columns[column] == nil { columns[column] = index }
        }
        let missing = ["id", "frequency", "recency", "T"].filter { columns[$0] == nil }
        guard missing.isEmpty else {
            return .failure(
                Problems(problems: [
                    Problem(line: header.line, reason: "the header lacks \(missing.joined(separator: ", ")) (wanted: ID,frequency,recency,T[,monetary_value])")
                ]))
        }
        var customers: [CustomerSummary] = []
        var problems: [Problem] = []
        var seen: Set<String> = []
        for record in records.dropFirst() {
            if record.fields.count == 1, record.fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            func field(_ name: String) -> String? {
                columns[name].flatMap { $0 < record.fields.count ? record.fields[$0].trimmingCharacters(in: .whitespaces) : nil }
            }
            func number(_ name: String, _ label: String) throws(Problem) -> Double {
                guard let text = field(name), let value = Double(text), value.isFinite else {
                    throw Problem(line: record.line, reason: "\(label) '\(field(name) ?? "")' is not a number")
                }
                return value
            }
            do throws(Problem) {
                guard let id = field("id"), !id.isEmpty else { throw Problem(line: record.line, reason: "the ID is empty") }
                guard seen.insert(id).inserted else { throw Problem(line: record.line, reason: "ID '\(id)' appears twice") }
                let summary = CustomerSummary(
                    id: id, frequency: try number("frequency", "frequency"), recency: try number("recency", "recency"),
                    age: try number("T", "T"), monetary: columns["monetary"] == nil ? 0 : try number("monetary", "monetary value"))
                if let reason = summary.validate() { throw Problem(line: record.line, reason: reason) }
                customers.append(summary)
            } catch {
                problems.append(error)
                if problems.count >= maximumProblems { break }
            }
        }
        if !problems.isEmpty { return .failure(Problems(problems: problems)) }
        if customers.isEmpty {
            return .failure(Problems(problems: [Problem(line: header.line, reason: "the file has a header and no customers")]))
        }
        return .success(customers)
    }
}
