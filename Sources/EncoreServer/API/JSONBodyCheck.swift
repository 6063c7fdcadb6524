import EncoreCore

/// Rules every JSON request body follows wherever a value sits, checked on the parsed tree so the
/// error names the field (`lines[0].title`).
///
/// A NUL character (U+0000) is refused in every string, keys included: PostgreSQL's text type
/// cannot store it, so letting it through would make the same request succeed on SQLite and fail
/// on PostgreSQL. It is a 422: the body is well-formed JSON, and the schema cannot say "no NUL".
enum JSONBodyCheck {
    /// The first field of a raw body that holds a NUL character, as an error; nil when there is
    /// none, or when the body is not JSON (its reader reports that).
    static func nulCharacter(inBody bytes: [UInt8]) -> FieldError? {
        guard mayContainNUL(bytes), let tree = try? JSONParser.parse(bytes) else { return nil }
        return nulCharacter(in: tree)
    }

    /// The first field whose text (its value, or its own name) holds a NUL character, as an
    /// error; nil when there is none.
    static func nulCharacter(in node: JSONNode, path: String = "") -> FieldError? {
        switch node {
        case .string(let text):
            return text.utf8.contains(0) ? FieldError(field: path.isEmpty ? "body" : path, reason: nulReason) : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let error = nulCharacter(in: item, path: "\(path)[\(index)]") { return error }
            }
            return nil
        case .object(let members):
            for (key, value) in members {
                let field = path.isEmpty ? key : "\(path).\(key)"
                if key.utf8.contains(0) { return FieldError(field: field, reason: "the name " + nulReason) }
                if let error = nulCharacter(in: value, path: field) { return error }
            }
            return nil
        case .null, .bool, .number:
            return nil
        }
    }

    static let nulReason = "must not contain a NUL character (\\u0000)"

    /// True when the raw body may hold an escaped NUL (`\u0000`, the only way JSON can carry one):
    /// a cheap test, so bodies without one are not parsed twice.
    static func mayContainNUL(_ bytes: [UInt8]) -> Bool {
        let pattern: [UInt8] = Array(#"\u0000"#.utf8)
        guard bytes.count >= pattern.count else { return false }
        var index = bytes.startIndex
        while let slash = bytes[index...].firstIndex(of: UInt8(ascii: "\\")) {
            if bytes[slash...].starts(with: pattern) { return true }
            index = bytes.index(after: slash)
            if index == bytes.endIndex { break }
        }
        return false
    }

    /// The first integer written with more digits than 64 bits hold, as an error naming its field
    /// (JSONDecoder reports such a number without a field); nil when there is none.
    static func outOfRangeInteger(in node: JSONNode, path: String = "") -> FieldError? {
        switch node {
        case .number(let text):
            let isInteger = !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
            guard isInteger, Int64(text) == nil, UInt64(text) == nil else { return nil }
            return FieldError(field: path.isEmpty ? "body" : path, reason: "\(text) is out of range")
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let error = outOfRangeInteger(in: item, path: "\(path)[\(index)]") { return error }
            }
            return nil
        case .object(let members):
            for (key, value) in members {
                if let error = outOfRangeInteger(in: value, path: path.isEmpty ? key : "\(path).\(key)") { return error }
            }
            return nil
        case .null, .bool, .string:
            return nil
        }
    }
}
