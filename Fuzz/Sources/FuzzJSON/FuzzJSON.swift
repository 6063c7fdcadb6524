import EncoreCore
import Foundation
import FuzzDriver
import FuzzSupport

// JSONParser (the strict parser of POST /v1/events and stored payloads). Invariants: the
// canonical rendering of a parsed value parses again to the same canonical text (storage relies on
// it: a replay with another key order is the same event), and a value equals itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let node: JSONNode
    do {
        node = try JSONParser.parse(bytes)
    } catch {
        fuzzRequire(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) of \(bytes.count)")
        return 0
    }
    let canonical = node.canonical.rendered
    let again: JSONNode
    do {
        again = try JSONParser.parse(Array(canonical.utf8))
    } catch {
        fuzzRequire(false, "canonical text \(canonical.debugDescription) does not parse: \(error)")
        return 0
    }
    let canonicalAgain = again.canonical.rendered
    // Known (finding, Fuzz/README.md): object keys are sorted with String's `<`, which does not
    // order some canonically equivalent spellings ("e\u{301}" vs "\u{e9}z"), so the order of such
    // keys depends on their order in the input. Checked only when every key is in NFC.
    guard allKeysNFC(node) else { return 0 }
    fuzzRequire(canonicalAgain == canonical, "canonical \(canonical.debugDescription) re-renders as \(canonicalAgain.debugDescription)")
    fuzzRequire(node == again, "parsed value != its canonical form")
    return 0
}

/// The entry point of a debug build (see FuzzDriver.h).
@_cdecl("FuzzJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    encore_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}

func allKeysNFC(_ node: JSONNode) -> Bool {
    switch node {
    case .array(let values): return values.allSatisfy(allKeysNFC)
    case .object(let members):
        return members.allSatisfy { key, value in
            key.unicodeScalars.elementsEqual(key.precomposedStringWithCanonicalMapping.unicodeScalars) && allKeysNFC(value)
        }
    default: return true
    }
}
