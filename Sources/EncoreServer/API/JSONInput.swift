import Foundation
import Hummingbird
import NIOCore
import EncoreCore

/// Reading request bodies: size-limited, UTF-8 checked, decoded with errors that name the field.
enum JSONInput {
    /// Collects the body (413 above the limit) and decodes it; every failure is a 400 naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: EncoreRequestContext) async throws
        -> T
    {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try decode(type, from: Array(buffer.readableBytesView))
    }

    /// True when the bytes are valid UTF-8; ASCII bodies (the common case) are checked without
    /// building a String.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if bytes.isEmpty { throw APIError(.badRequest, field: "body", reason: "the body is empty; send a JSON object") }
        if !isValidUTF8(bytes) {
            throw APIError(.badRequest, field: "body", reason: "the body is not valid UTF-8")
        }
        if let error = JSONBodyCheck.nulCharacter(inBody: bytes) {
            throw APIError(.unprocessableContent, field: error.field, reason: error.reason)
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
                let tree = try? JSONParser.parse(bytes), let range = JSONBodyCheck.outOfRangeInteger(in: tree)
            {
                throw APIError(.badRequest, field: range.field, reason: range.reason)
            }
            throw APIError(.badRequest, field: CodingPath.field(of: error), reason: reason(of: error))
        } catch let error as FieldError {
            throw APIError(.badRequest, field: error.field, reason: error.reason)
        }
    }

    static func reason(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound: return "is required"
        case .valueNotFound: return "must not be null"
        case .typeMismatch(let type, _): return "must be \(CodingPath.describe(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return context.debugDescription
        @unknown default: return "is invalid"
        }
    }
}

/// A field-level validation failure raised while decoding or converting input.
struct FieldError: Error {
    var field: String
    var reason: String
}

/// An id given as a JSON string or integer, kept as its exact decimal text (Shopify ids exceed
/// 2^53), under the rules of `APIIdentifier`.
struct FlexibleID: Decodable, Hashable {
    var value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let field = CodingPath.render(decoder.codingPath)
        if let text = try? container.decode(String.self) {
            guard let id = APIIdentifier.text(text) else { throw FieldError(field: field, reason: APIIdentifier.reason) }
            value = id
        } else if let number = try? container.decode(UInt64.self) {
            value = String(number)
        } else if let number = try? container.decode(Int64.self) {
            value = String(number)
        } else {
            throw FieldError(field: field, reason: "must be a string or an integer id from -2^63 to 2^64-1")
        }
    }
}

/// Validated conversion helpers shared by the API payloads.
struct Converter {
    let currency: Currency

    func amount(_ text: String?, _ field: String, required: Bool = true, allowNegative: Bool = false) throws -> Int64? {
        guard let text else {
            if required { throw FieldError(field: field, reason: "is required") }
            return nil
        }
        switch DecimalAmount.parse(text, exponent: currency.exponent, allowNegative: allowNegative) {
        case .success(let value): return value
        case .failure(let error): throw FieldError(field: field, reason: error.description)
        }
    }

    static func time(_ text: String?, _ field: String, required: Bool = true) throws -> Timestamp? {
        guard let text else {
            if required { throw FieldError(field: field, reason: "is required") }
            return nil
        }
        guard let value = ISO8601.parse(text) else {
            throw FieldError(field: field, reason: "'\(text)' is not an ISO 8601 date-time with a time zone offset")
        }
        return value
    }

    static func currency(_ code: String?, _ field: String, default fallback: Currency) throws -> Currency {
        guard let code else { return fallback }
        guard let currency = Currency(code: code) else {
            throw FieldError(field: field, reason: "'\(code)' is not an ISO 4217 currency code")
        }
        return currency
    }

    /// The most units one line may have (the document's `maximum` of every `quantity`).
    static let maxQuantity: Int64 = 1_000_000

    static func quantity(_ value: Int64, _ field: String) throws -> Int64 {
        guard (0...maxQuantity).contains(value) else {
            throw FieldError(field: field, reason: "must be between 0 and \(maxQuantity)")
        }
        return value
    }

    static func text(_ value: String?, _ field: String, max: Int = 1000) throws -> String? {
        guard let value else { return nil }
        guard value.utf8.count <= max else { throw FieldError(field: field, reason: "must be at most \(max) bytes") }
        return value
    }
}
