import EncoreCore

/// The idempotency key of one ledger event, built from the store, the source kind, the source's
/// id and the version of the rule that produced it.
///
/// The text form is deterministic and unambiguous: parts are joined with "|" after escaping
/// "\\", "|" and "#" with a backslash, so two different keys never share a text and
/// ``init(text:)`` gives back the parts. Each posting of an event gets the key
/// `text + "#" + n` (n = 1, 2, ...), which stays unique because "#" never appears unescaped
/// in `text`. Escaping works on UTF-8 bytes, so the text is unambiguous byte for byte
/// (Swift compares strings by canonical equivalence; pass ids in one normalisation form).
/// Replaying an event with the same key changes nothing (see ``LotBook``).
public struct PostingKey: Hashable, Sendable, CustomStringConvertible {
    /// The store the event belongs to.
    public let store: StoreID
    /// What kind of thing caused the event, e.g. "order", "refund", "redemption".
    public let source: String
    /// The id of that thing within the store, e.g. the order's key.
    public let sourceID: String
    /// The version of the rule that computed the points (0 when no rule applies).
    public let ruleVersion: Int

    /// A key; throws when `source` or `sourceID` is empty or `ruleVersion` is negative.
    public init(store: StoreID, source: String, sourceID: String, ruleVersion: Int = 0) throws(LedgerError) {
        guard !source.isEmpty else { throw .invalidInput(field: "source", reason: "must not be empty") }
        guard !sourceID.isEmpty else { throw .invalidInput(field: "sourceID", reason: "must not be empty") }
        guard ruleVersion >= 0 else {
            throw .invalidInput(field: "ruleVersion", reason: "must not be negative, got \(ruleVersion)")
        }
        self.store = store
        self.source = source
        self.sourceID = sourceID
        self.ruleVersion = ruleVersion
    }

    /// The key of the per-lot expiry of `lotKey` in `store`, used by ``LotBook/expire(now:)``.
    public static func lotExpiry(store: StoreID, lotKey: String) -> PostingKey {
        PostingKey(unchecked: store, source: "lot-expiry", sourceID: lotKey, ruleVersion: 0)
    }

    private init(unchecked store: StoreID, source: String, sourceID: String, ruleVersion: Int) {
        self.store = store
        self.source = source
        self.sourceID = sourceID
        self.ruleVersion = ruleVersion
    }

    /// "store|source|sourceID|vN" with "\\", "|" and "#" escaped in the parts.
    public var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.utf8.count + sourceID.utf8.count + 24)
        bytes.append(contentsOf: String(store).utf8)
        bytes.append(UInt8(ascii: "|"))
        Self.appendEscaped(source, to: &bytes)
        bytes.append(UInt8(ascii: "|"))
        Self.appendEscaped(sourceID, to: &bytes)
        bytes.append(UInt8(ascii: "|"))
        bytes.append(UInt8(ascii: "v"))
        bytes.append(contentsOf: String(ruleVersion).utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The key of the `index`-th posting (from 1) of the event whose key text is `eventText`.
    public static func postingKey(eventText: String, index: Int) -> String { eventText + "#" + String(index) }

    /// The unique key of the `index`-th posting (from 1) of this event: `text#index`.
    public func postingKey(_ index: Int) -> String { Self.postingKey(eventText: text, index: index) }

    /// The key whose ``text`` is `text`; nil when `text` is not one (unescaped separator,
    /// wrong number of parts, dangling escape, bad number).
    public init?(text: String) {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                guard Self.isReserved(scalar) else { return nil }
                current.append(scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else if scalar == "|" {
                parts.append(String(current))
                current = String.UnicodeScalarView()
            } else if scalar == "#" {
                return nil
            } else {
                current.append(scalar)
            }
        }
        guard !escaping else { return nil }
        parts.append(String(current))
        guard parts.count == 4, let store = StoreID(parts[0]), parts[3].hasPrefix("v"),
            let version = Int(parts[3].dropFirst()), String(store) == parts[0],
            String(version) == parts[3].dropFirst()
        else { return nil }
        guard let key = try? PostingKey(store: store, source: parts[1], sourceID: parts[2], ruleVersion: version)
        else { return nil }
        self = key
    }

    /// The text form.
    public var description: String { text }

    /// Escapes byte by byte: the reserved characters are ASCII, which never occur inside a
    /// multi-byte UTF-8 sequence, so a combining mark after a separator cannot hide it and the
    /// text stays unambiguous byte for byte.
    private static func appendEscaped(_ part: String, to bytes: inout [UInt8]) {
        for byte in part.utf8 {
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "#") {
                bytes.append(UInt8(ascii: "\\"))
            }
            bytes.append(byte)
        }
    }

    private static func isReserved(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || scalar == "|" || scalar == "#"
    }
}
