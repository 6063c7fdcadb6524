import Hummingbird
import NIOCore

/// An `application/x-www-form-urlencoded` body, read with a size limit.
struct FormBody: Sendable {
    private(set) var fields: [String: String] = [:]

    /// The largest form body a public page accepts (a review or a ticket with room to spare).
    static let maxBytes = 32 * 1024

    /// Reads and parses a request body; a larger body is refused with 413, bytes that are not
    /// UTF-8 with 400, a NUL character (`%00`) with 422. A repeated name keeps its first value.
    static func read(_ request: Request, limit: Int = maxBytes) async throws -> FormBody {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "The form is larger than \(limit / 1024) KB.")
        }
        return try FormBody(bytes: Array(buffer.readableBytesView))
    }

    init(bytes: [UInt8]) throws {
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : [])
            else { throw HTTPError(.badRequest, message: "The form is not valid UTF-8.") }
            // As in JSON bodies: PostgreSQL cannot store a NUL, so no backend gets one.
            guard !name.utf8.contains(0), !value.utf8.contains(0) else {
                throw HTTPError(.unprocessableContent, message: "The form holds a NUL character.")
            }
            if fields[name] == nil { fields[name] = value }
        }
    }

    subscript(name: String) -> String? { fields[name] }

    /// Percent-decoding with `+` as a space; nil for bytes that are not UTF-8.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
