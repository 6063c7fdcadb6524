import EncoreCore
import EncoreJourneys
import Foundation

extension SQLBackend {
    static var versionColumns: String {
        "store_id, journey_id, version, definition, templates, source, enabled, created_at"
    }

    static func decodeVersion(_ row: SQLRow) throws -> JourneyVersion {
        let decoder = JSONDecoder()
        return JourneyVersion(
            storeID: row.int(0), journeyID: row.text(1), version: Int(row.int(2)),
            definition: try decoder.decode(JourneyDefinition.self, from: Data(row.text(3).utf8)),
            templates: try decoder.decode([StoredTemplate].self, from: Data(row.text(4).utf8)).map(\.source),
            source: row.text(5), enabled: row.int(6) != 0, createdAt: Timestamp(millisecondsSinceEpoch: row.int(7)))
    }

    public func applyJourney(
        storeID: StoreID, definition: JourneyDefinition, templates: [TemplateSource], source: String, now: Timestamp
    ) async throws -> ApplyOutcome {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let definitionText = String(decoding: try encoder.encode(definition), as: UTF8.self)
        let sorted = templates.sorted { ($0.name, $0.part.rawValue) < ($1.name, $1.part.rawValue) }
        let templatesText = String(decoding: try encoder.encode(sorted.map(StoredTemplate.init)), as: UTF8.self)
        var hasher = StableHasher()
        hasher.combine(definitionText)
        hasher.combine(templatesText)
        let hash = hasher.hexDigest
        let id = definition.id
        var lock = StableHasher()
        lock.combine(storeID)
        lock.combine("journey")
        lock.combine(id)
        let (_, outcome) = try await transaction(
            locks: AdvisoryLocks(storeID: storeID, keys: [Int64(bitPattern: lock.value64)]),
            reads: [
                SQLStatement(
                    """
                    SELECT version, content_hash FROM journey_versions WHERE store_id = ? AND journey_id = ?
                    ORDER BY version DESC LIMIT 1
                    """, [.int(storeID), .text(id)])
            ]
        ) { rows in
            let latest = rows[0].first
            if let latest, latest.text(1) == hash {
                return ([], ApplyOutcome.unchanged(version: Int(latest.int(0))))
            }
            let version = Int(latest?.int(0) ?? 0) + 1
            let types = definition.consumedEventTypes.sorted().map { type in
                SQLStatement(
                    "INSERT INTO journey_event_types (store_id, type) VALUES (?, ?) ON CONFLICT (store_id, type) DO NOTHING",
                    [.int(storeID), .text(type)])
            }
            return (
                types + [
                    SQLStatement(
                        """
                        INSERT INTO journey_versions (store_id, journey_id, version, name, category, trigger_event,
                        definition, templates, source, content_hash, enabled, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
                        """,
                        [
                            .int(storeID), .text(id), .int(Int64(version)), .text(definition.name),
                            .text(definition.category.rawValue), .text(definition.trigger.event), .text(definitionText),
                            .text(templatesText), .text(source), .text(hash), .int(now.millisecondsSinceEpoch),
                        ])
                ], ApplyOutcome.created(version: version)
            )
        }
        return outcome
    }

    public func setJourneyEnabled(storeID: StoreID, journeyID: String, enabled: Bool) async throws {
        let rows = try await write([
            SQLStatement(
                "UPDATE journey_versions SET enabled = ? WHERE store_id = ? AND journey_id = ? RETURNING version",
                [SQLValue(enabled), .int(storeID), .text(journeyID)])
        ])
        if rows[0].isEmpty { throw StorageError.invalid("no journey '\(journeyID)' in this store") }
    }

    public func journeys(storeID: StoreID) async throws -> [JourneyVersion] {
        try await read([
            SQLStatement(
                """
                SELECT \(Self.versionColumns) FROM journey_versions v WHERE store_id = ?
                AND version = (SELECT MAX(version) FROM journey_versions w WHERE w.store_id = v.store_id AND w.journey_id = v.journey_id)
                ORDER BY journey_id
                """, [.int(storeID)])
        ])[0].map(Self.decodeVersion)
    }

    public func journey(storeID: StoreID, id: String, version: Int?) async throws -> JourneyVersion? {
        let statement: SQLStatement
        if let version {
            statement = SQLStatement(
                "SELECT \(Self.versionColumns) FROM journey_versions WHERE store_id = ? AND journey_id = ? AND version = ?",
                [.int(storeID), .text(id), .int(Int64(version))])
        } else {
            statement = SQLStatement(
                """
                SELECT \(Self.versionColumns) FROM journey_versions WHERE store_id = ? AND journey_id = ?
                ORDER BY version DESC LIMIT 1
                """, [.int(storeID), .text(id)])
        }
        return try await read([statement])[0].first.map(Self.decodeVersion)
    }

    /// Compiles (and caches) every version in `keys` the runtime does not have yet. Versions are
    /// immutable, so reading them outside the worker's transaction is safe.
    func compileVersions(_ keys: Set<VersionKey>, runtime: JourneyRuntime) async throws {
        let missing = keys.filter { runtime.cached($0.storeID, $0.journeyID, $0.version) == nil }
        guard !missing.isEmpty else { return }
        let statements = missing.map { key in
            SQLStatement(
                "SELECT \(Self.versionColumns) FROM journey_versions WHERE store_id = ? AND journey_id = ? AND version = ?",
                [.int(key.storeID), .text(key.journeyID), .int(Int64(key.version))])
        }
        for row in try await read(statements).joined() {
            let version = try Self.decodeVersion(row)
            let library = try TemplateLibrary(version.templates)
            runtime.remember(
                CompiledJourney(
                    storeID: version.storeID, version: version.version, definition: version.definition,
                    renderer: TemplateRenderer(library: library)))
        }
    }
}

/// Identifies one published version.
struct VersionKey: Hashable, Sendable {
    var storeID: StoreID
    var journeyID: String
    var version: Int
}

/// A template as stored with its journey version.
struct StoredTemplate: Codable {
    var name: String
    var part: String
    var path: String
    var text: String

    init(_ source: TemplateSource) {
        name = source.name
        part = source.part.rawValue
        path = source.path
        text = source.text
    }

    var source: TemplateSource {
        TemplateSource(name: name, part: TemplatePart(rawValue: part) ?? .text, path: path, text: text)
    }
}
