import Foundation
import EncoreCore

/// A merchant's own segment: an id journeys name, a name people read, and the filter deciding
/// who is in it, checked against the segment fields (`ContextSchema.segment`).
public struct CustomerSegment: Sendable, Hashable {
    /// 1-64 of a-z, 0-9, `-` and `_`, starting with a letter or digit.
    public var id: String
    public var name: String
    public var expression: SegmentExpression
    /// The filter as written.
    public var text: String

    /// A checked segment; throws `InputError` naming the field at fault (`id`, `name`, `where`).
    public init(id: String, name: String, where text: String) throws(InputError) {
        guard Self.isValidID(id) else {
            throw InputError(field: "id", reason: "must be 1-64 of a-z, 0-9, '-' and '_', starting with a letter or digit")
        }
        let trimmedName = name.trimmingCharacters(in: .whitespaces)
        guard !trimmedName.isEmpty, trimmedName.count <= 200 else {
            throw InputError(field: "name", reason: "must be 1-200 characters")
        }
        guard text.count <= 2_000 else { throw InputError(field: "where", reason: "must be at most 2,000 characters") }
        let expression: SegmentExpression
        do {
            expression = try SegmentExpression(parsing: text)
        } catch {
            throw InputError(field: "where", reason: error.message)
        }
        if let problem = expression.problem() { throw InputError(field: "where", reason: problem) }
        self.id = id
        self.name = trimmedName
        self.expression = expression
        self.text = text
    }

    public static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        func ok(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) }
        return ok(bytes[0]) && bytes.allSatisfy { ok($0) || $0 == 0x2D || $0 == 0x5F }
    }
}
