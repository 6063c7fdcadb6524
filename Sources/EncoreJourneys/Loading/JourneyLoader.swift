import EncoreCore
import Yams

/// Where a journey file names a template, for the validator to check it exists and parses.
public struct JourneyTemplateReference: Hashable, Sendable {
    public var template: String
    public var channel: Channel
    public var stepID: String
    /// The line of the send step in the journey file.
    public var line: Int

    public init(template: String, channel: Channel, stepID: String, line: Int) {
        self.template = template
        self.channel = channel
        self.stepID = stepID
        self.line = line
    }
}

/// What reading one journey file gave: the definition when there was no problem, every problem
/// otherwise, and the templates it names (collected even when other parts are wrong, so one
/// `validate` run reports everything).
public struct JourneyParseResult: Sendable {
    /// Non-nil exactly when `diagnostics` is empty.
    public var definition: JourneyDefinition?
    /// In line order.
    public var diagnostics: [JourneyDiagnostic]
    public var templateReferences: [JourneyTemplateReference]
}

/// Reads journey YAML (docs/JOURNEYS.md) into a `JourneyDefinition`. Pure: the caller reads the
/// file and passes its text; `path` only names it in diagnostics.
public enum JourneyLoader {
    /// The definition, or `JourneyLoadError` carrying every problem found, each with its line.
    public static func load(path: String, text: String) throws(JourneyLoadError) -> JourneyDefinition {
        let result = parse(path: path, text: text)
        guard let definition = result.definition else { throw JourneyLoadError(diagnostics: result.diagnostics) }
        return definition
    }

    /// Reads the file and reports every problem rather than stopping at the first.
    public static func parse(path: String, text original: String) -> JourneyParseResult {
        var sink = DiagnosticSink(path: path)
        let text: String
        switch YAMLPrecheck.check(original) {
        case .success(let checked): text = checked
        case .failure(let refusal):
            sink.error(line: refusal.line, refusal.message)
            return JourneyParseResult(definition: nil, diagnostics: sink.sorted, templateReferences: [])
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                sink.error(line: 1, "the file is empty: a journey needs id, name, trigger and steps")
                return JourneyParseResult(definition: nil, diagnostics: sink.sorted, templateReferences: [])
            }
            root = node
        } catch {
            let (line, message) = describe(yamlError: error, text: text)
            // libyaml marks an unexpected end of input one line past the last.
            let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
            sink.error(line: max(1, min(line, lastLine)), "invalid YAML: \(message)")
            return JourneyParseResult(definition: nil, diagnostics: sink.sorted, templateReferences: [])
        }
        var reader = JourneyReader(sink: sink)
        let definition = reader.read(root)
        let diagnostics = reader.sink.sorted
        return JourneyParseResult(
            definition: diagnostics.isEmpty ? definition : nil, diagnostics: diagnostics,
            templateReferences: reader.templateReferences)
    }

    /// The line and a one-line message of a Yams error.
    static func describe(yamlError error: any Error, text: String) -> (Int, String) {
        guard let yaml = error as? YamlError else { return (1, String(describing: error)) }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return (mark.line, problem + while_)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", "))")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { text.prefix($0).filter { $0 == "\n" }.count + 1 } ?? 1
            return (line, problem)
        default:
            return (1, String(describing: yaml))
        }
    }
}
