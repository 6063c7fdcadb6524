import Foundation

/// An id taken from a request path, read the way the same id is read from a body.
///
/// The router hands over a path segment as sent, percent escapes included, while clients escape
/// an id to put it in a path (`a/b` as `a%2Fb`, `c 1` as `c%201`): the segment is decoded first,
/// then held to the rules of `APIIdentifier`. A segment that cannot name a record (escapes that
/// are not UTF-8, a NUL, an id too long or blank) is nil, which a route answers as not found.
enum PathID {
    /// The id a path segment names, or nil when it can name none.
    static func decode(_ segment: String) -> String? {
        guard let decoded = segment.removingPercentEncoding, !decoded.utf8.contains(0) else { return nil }
        return APIIdentifier.text(decoded)
    }
}
