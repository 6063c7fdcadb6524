import EncoreCore
import EncoreJourneys
import Foundation
import FuzzJourneySupport
import FuzzDriver
import FuzzSupport

// Input: byte 0 picks the zone, the locale, whether the built-in layout and partials are
// included (bit 7 clear) and whether the journey validator checks the set too (bit 6 set); the rest is split on NUL bytes into the parts of template "fuzz": text, subject,
// html, and a partial "partials/fuzz" (absent parts are left out). The library must take it or
// reject it with a TemplateError; a library that takes it must render it; the journey validator
// checks the same set (tags, fields, includes).
let layoutAndPartials = TemplateLibrary.builtinSources.filter { $0.part == .layout || $0.part == .partial }
let journey = """
    id: fuzz
    name: Fuzz
    trigger:
      event: order.placed
    steps:
      - send: { channel: email, template: fuzz }
      - send: { channel: sms, template: fuzz }
    """

let renderCycles = ProcessInfo.processInfo.environment["FUZZ_RENDER_CYCLES"] != nil

/// Whether the parts (text, subject, html with its preheader, partial) may include one another in
/// a cycle: part P has an edge to part Q when P's text contains any name Q answers to.
func mayIncludeItself(_ pieces: [String]) -> Bool {
    let names = [["fuzz.text"], ["fuzz.subject"], ["fuzz.html", "fuzz.preheader"], ["fuzz"]]
    let count = pieces.count
    func edges(_ p: Int) -> [Int] { (0..<count).filter { q in names[q].contains { pieces[p].contains($0) } } }
    var state = [Int](repeating: 0, count: count)  // 0 new, 1 on the path, 2 done
    func cycle(_ p: Int) -> Bool {
        state[p] = 1
        for q in edges(p) where state[q] == 1 || (state[q] == 0 && cycle(q)) { return true }
        state[p] = 2
        return false
    }
    return (0..<count).contains { state[$0] == 0 && cycle($0) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let options = Int(data[0])
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let pieces = fuzzSplit(bytes[...], on: 0, maxPieces: 4).map { String(decoding: $0, as: UTF8.self) }
    var sources = [TemplateSource(name: "fuzz", part: .text, path: "fuzz.text.mustache", text: pieces[0])]
    if pieces.count > 1 { sources.append(TemplateSource(name: "fuzz", part: .subject, path: "fuzz.subject.mustache", text: pieces[1])) }
    if pieces.count > 2 { sources.append(TemplateSource(name: "fuzz", part: .html, path: "fuzz.html.mustache", text: pieces[2])) }
    if pieces.count > 3 { sources.append(TemplateSource(name: "partials/fuzz", part: .partial, path: "partials/fuzz.mustache", text: pieces[3])) }
    let builtins = options & 0x80 == 0
    let all = (builtins ? layoutAndPartials : []) + sources

    if options & 0x40 != 0 {
        _ = JourneyValidator(templates: builtins ? layoutAndPartials : []).validate(
            path: "fuzz.yaml", text: journey, templates: sources)
    }
    let library: TemplateLibrary
    do {
        library = try TemplateLibrary(all, includingBuiltins: false)
    } catch {
        let problems = TemplateLibrary.problems(in: all, includingBuiltins: false)
        fuzzRequire(problems.first == error, "init threw \(error), problems(in:) gives \(problems)")
        return 0
    }
    // Known (finding, Fuzz/README.md): a set whose parts include one another renders until the
    // stack overflows. Until the library refuses such sets, they are not rendered here (over-
    // approximated: a part that merely names another counts), unless FUZZ_RENDER_CYCLES=1.
    if !renderCycles && mayIncludeItself(pieces) { return 0 }
    let renderer = TemplateRenderer(library: library)
    let zone = FuzzContext.zones[options % FuzzContext.zones.count]
    let locale = FuzzContext.locales[(options >> 2 & 0xF) % FuzzContext.locales.count]
    do {
        let message = try renderer.render("fuzz", context: FuzzContext.order, zone: zone, locale: locale)
        // The subject is one header line whatever the template and the values hold.
        fuzzRequire(
            !message.subject.unicodeScalars.contains { $0 == "\r" || $0 == "\n" }, "subject with a line break: \(message.subject.debugDescription)")
        fuzzRequire(message.text.hasSuffix("\n"), "text part without a final line break")
        fuzzRequire((message.html != nil) == (pieces.count > 2), "html part rendered: \(message.html != nil)")
    } catch {
        // Without the built-in layout an html part has no layout to go into: the one expected error.
        fuzzRequire(!builtins && pieces.count > 2, "render failed: \(error)")
    }
    return 0
}

/// The entry point of a debug build (see FuzzDriver.h).
@_cdecl("FuzzTemplate_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    encore_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}
