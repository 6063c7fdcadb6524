import EncoreCore
import EncoreJourneys
import Foundation
import FuzzJourneySupport
import FuzzDriver
import FuzzSupport

// The input is a journey file (YAML, through Yams). Every problem must come back as a diagnostic
// at a line of the file; a definition must survive the JSON storage keeps of it, and a dry run
// of it (the pure engine, bounded by `JourneyDryRun.advanceLimit`) must not trap.
let validator = JourneyValidator(templates: TemplateLibrary.builtinSources)
/// FUZZ_VERBOSE=1 prints the diagnostics (to triage an input: `FUZZ_VERBOSE=1 FuzzJourneyYAML file`).
let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil
let facts = PolicyFacts(reachableChannels: [.email, .sms], marketingConsent: [.email, .sms])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = JourneyLoader.parse(path: "fuzz.yaml", text: text)
    fuzzRequire((result.definition == nil) != result.diagnostics.isEmpty, "definition xor diagnostics: \(result.diagnostics)")
    if verbose {
        FileHandle.standardError.write(Data((result.diagnostics.map(\.description).joined(separator: "\n") + "\n").utf8))
    }
    let lineCount = yamlLineCount(text)
    for diagnostic in result.diagnostics {
        fuzzRequire(
            diagnostic.line >= 1 && diagnostic.line <= lineCount + 1,
            "diagnostic at line \(diagnostic.line) of a \(lineCount)-line file: \(diagnostic)")
    }
    let diagnostics = validator.validate(path: "fuzz.yaml", text: text)
    // Known (finding, Fuzz/README.md): Yams orders duplicate keys of different kinds (a scalar and
    // a sequence) arbitrarily, so which one a "duplicate key" error names, at which line, can change
    // from one parse to the next. Compared only when no such key is involved.
    if !result.diagnostics.contains(where: { $0.message.contains("<uncovertable>") }) {
        fuzzRequire(
            result.diagnostics.allSatisfy(diagnostics.contains),
            "validate() lost a loader diagnostic: \(result.diagnostics) vs \(diagnostics)")
    }
    guard let definition = result.definition else { return 0 }
    // Storage keeps the definition as JSON and compares it to decide "unchanged".
    do {
        let json = try JSONEncoder().encode(definition)
        let back = try JSONDecoder().decode(JourneyDefinition.self, from: json)
        fuzzRequire(back == definition, "definition changes through JSON: \(String(decoding: json, as: UTF8.self))")
    } catch {
        fuzzRequire(false, "definition does not survive JSON: \(error)")
    }
    let zone = FuzzContext.zones[size % FuzzContext.zones.count]
    let plan = JourneyDryRun.plan(
        definition: definition, version: 1, customerKey: "c-1", subject: "o-1", context: FuzzContext.order,
        start: FuzzContext.placedAt, zone: zone, facts: facts)
    fuzzRequire(plan.count <= 10 * JourneyDryRun.advanceLimit + 10, "dry run planned \(plan.count) steps")
    return 0
}

/// The entry point of a debug build (see FuzzDriver.h).
@_cdecl("FuzzJourneyYAML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    encore_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}

/// Lines as YAML (libyaml) counts them: CR, LF, CRLF, NEL, LS and PS each end a line. (Counting
/// only LF, or splitting on the Character "\n", which CRLF is not, gives fewer.)
func yamlLineCount(_ text: String) -> Int {
    var lines = 1
    var previousCR = false
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\r": lines += 1
        case "\n": if !previousCR { lines += 1 }
        case "\u{85}", "\u{2028}", "\u{2029}": lines += 1
        default: break
        }
        previousCR = scalar == "\r"
    }
    return lines
}
