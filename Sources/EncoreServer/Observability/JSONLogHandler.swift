import EncoreCore
import Foundation
import Logging

/// A swift-log handler writing one JSON object per line: `time` (ISO 8601, UTC, milliseconds),
/// `level`, `label`, `message`, `source`, then the metadata in key order, Hummingbird's request id
/// (`hb.request.id`) written as `request_id`. Nested metadata becomes JSON objects and arrays;
/// every other value is a string. A line is one `write` call, so lines from concurrent tasks
/// never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: @Sendable (String) -> Void
    let now: @Sendable () -> Timestamp

    /// A handler for `label` writing to standard error.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, metadataProvider: metadataProvider, now: { SystemClock().now() }, sink: Self.standardError)
    }

    /// A handler writing each line (without its newline) to `sink`; tests read what it wrote.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, now: @escaping @Sendable () -> Timestamp,
        sink: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.now = now
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let given = event.metadata { merged.merge(given) { _, new in new } }
        var members: [(String, JSONText)] = [
            ("time", .string(ISO8601.format(now()))), ("level", .string(event.level.rawValue)), ("label", .string(label)),
            ("message", .string(event.message.description)), ("source", .string(event.source)),
        ]
        if let error = event.error { members.append(("error", .string("\(error)"))) }
        let reserved = Set(members.map(\.0))
        for key in merged.keys.sorted() {
            let name = key == "hb.request.id" ? "request_id" : key
            guard !reserved.contains(name) else { continue }
            members.append((name, Self.json(merged[key]!)))
        }
        sink(JSONText.render(members))
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONText {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let value): .string(value.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): .object(values.keys.sorted().map { ($0, json(values[$0]!)) })
        }
    }

    /// Writes a line to file descriptor 2 in one call (retrying a short write).
    static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
