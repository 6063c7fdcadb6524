import EncoreCore
import Foundation

/// Stops the run with a message when an invariant of the code under test does not hold, so
/// libFuzzer saves the input (`abort()` is a crash to it, like a trap).
public func fuzzRequire(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() {
        FileHandle.standardError.write(Data("\nFUZZ INVARIANT FAILED at \(file):\(line): \(message())\n".utf8))
        abort()
    }
}

/// The input as bytes.
public func fuzzBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// Splits bytes on a separator byte, keeping empty pieces (as many pieces as separators + 1).
public func fuzzSplit(_ bytes: ArraySlice<UInt8>, on separator: UInt8, maxPieces: Int) -> [ArraySlice<UInt8>] {
    var pieces: [ArraySlice<UInt8>] = []
    var start = bytes.startIndex
    var index = bytes.startIndex
    while index < bytes.endIndex, pieces.count < maxPieces - 1 {
        if bytes[index] == separator {
            pieces.append(bytes[start..<index])
            start = index + 1
        }
        index += 1
    }
    pieces.append(bytes[start...])
    return pieces
}

/// A store for mapping payloads: USD, New York.
public let fuzzStore = Store(
    id: 1, organisationID: 1, name: "fuzz", currency: .usd, timeZone: "America/New_York", webhookSecret: nil,
    createdAt: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000))

/// 2026-03-03T19:05:00Z.
public let fuzzNow = Timestamp(millisecondsSinceEpoch: 1_772_564_700_000)

/// Runs the pure code storage runs on a decoded order (content hash, derived events, money text),
/// so a value that decodes but breaks what comes next is found too.
public func fuzzExercise(_ order: Order) {
    _ = order.contentHash
    for outcome in [UpsertOutcome.created, .updated] {
        for event in DerivedEvents.forOrder(order, outcome: outcome, wasCancelled: false, origin: .live, now: fuzzNow) {
            _ = event.contentHash
        }
    }
    for amount in [order.subtotal, order.discounts, order.tax, order.shipping, order.total] {
        let text = Money.format(minorUnits: amount, exponent: order.currency.exponent)
        if amount >= 0 {
            // What is formatted parses back to the same minor units.
            let back = DecimalAmount.parse(text, exponent: order.currency.exponent)
            fuzzRequire(back == .success(amount), "Money.format(\(amount)) = '\(text)' parses back as \(back)")
        }
    }
    for line in order.lines {
        _ = Money.format(minorUnits: line.total, exponent: order.currency.exponent)
    }
}
