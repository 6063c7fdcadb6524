import EncoreCore
import EncoreJourneys
import EncoreStore

/// Publishes one validated journey file with the templates it uses.
public enum JourneyPublisher {
    /// Publishes `file` (already validated) as the next version of its journey, unless unchanged.
    public static func publish(_ file: JourneyFile, storeID: StoreID, storage: any EncoreStorage, now: Timestamp) async throws
        -> (id: String, result: ApplyOutcome)
    {
        let parsed = JourneyLoader.parse(path: file.path, text: file.text)
        guard let definition = parsed.definition else {
            throw StorageError.invalid(parsed.diagnostics.map(\.description).joined(separator: "\n"))
        }
        // The version keeps its own copy of the templates it names (and of the local layouts and
        // partials), so a later edit or upgrade never changes what a running version sends.
        let names = Set(parsed.templateReferences.map(\.template))
        let builtins = TemplateLibrary.builtinSources.filter { names.contains($0.name) }
        let local = file.templates.filter { names.contains($0.name) || $0.part == .layout || $0.part == .partial }
        let localKeys = Set(local.map { "\($0.name).\($0.part.rawValue)" })
        let templates = local + builtins.filter { !localKeys.contains("\($0.name).\($0.part.rawValue)") }
        let result = try await storage.applyJourney(
            storeID: storeID, definition: definition, templates: templates, source: file.text, now: now)
        return (definition.id, result)
    }

    /// Publishes every shipped default journey in the store.
    public static func installDefaults(storeID: StoreID, storage: any EncoreStorage, now: Timestamp) async throws {
        for (path, text) in DefaultJourneys.files {
            _ = try await publish(JourneyFile(path: path, text: text), storeID: storeID, storage: storage, now: now)
        }
    }
}
