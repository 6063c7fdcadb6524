import EncoreCore
import Yams

/// Reads a loyalty program YAML file (see `LoyaltyProgram.defaultsYAML` for the format) into a
/// `LoyaltyProgram`, reporting every problem with its line rather than stopping at the first:
/// unknown keys, missing keys, bad values, tier thresholds not strictly increasing from 0,
/// duplicate tier or reward keys, fields a reward kind does not take. Pure: the caller reads the
/// file and passes its text; `path` only names it in diagnostics.
public enum LoyaltyProgramLoader {
    /// The program, or every problem found. `storeCurrency`, when given, is used if the file names
    /// no currency, and a file naming another currency is an error.
    public static func load(
        text: String, path: String, storeCurrency: Currency? = nil
    ) throws(LoyaltyProgramErrors) -> LoyaltyProgram {
        switch parse(text: text, path: path, storeCurrency: storeCurrency) {
        case .success(let program): return program
        case .failure(let errors): throw errors
        }
    }

    /// Like `load`, as a `Result`.
    public static func parse(
        text original: String, path: String, storeCurrency: Currency? = nil
    ) -> Result<LoyaltyProgram, LoyaltyProgramErrors> {
        var sink = ProgramDiagnosticSink(path: path)
        let text: String
        switch YAMLPrecheck.check(original) {
        case .success(let checked): text = checked
        case .failure(let refusal):
            sink.error(line: refusal.line, refusal.message)
            return .failure(LoyaltyProgramErrors(diagnostics: sink.sorted))
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                sink.error(line: 1, "the file is empty: a loyalty program needs at least a currency")
                return .failure(LoyaltyProgramErrors(diagnostics: sink.sorted))
            }
            root = node
        } catch {
            let (line, message) = ProgramYAML.describe(error, text: text)
            // libyaml marks an unexpected end of input one line past the last.
            let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
            sink.error(line: max(1, min(line, lastLine)), "invalid YAML: \(message)")
            return .failure(LoyaltyProgramErrors(diagnostics: sink.sorted))
        }
        var reader = ProgramReader(sink: sink)
        let program = reader.read(root, storeCurrency: storeCurrency)
        guard let program, reader.sink.diagnostics.isEmpty else {
            return .failure(LoyaltyProgramErrors(diagnostics: reader.sink.sorted))
        }
        return .success(program)
    }
}
