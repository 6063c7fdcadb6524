import Testing

@testable import EncoreCore

/// A small deterministic generator (SplitMix64) so property tests replay the same values on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An `ImportOutput` as a comparable value.
struct Decoded: Equatable {
    struct Item: Equatable {
        var customer: Customer?
        var products: [Product]
        var order: Order
        var line: Int
    }
    var orders: [Item] = []
    var errors: [ImportRowError] = []
    var rows = 0

    mutating func add(_ output: ImportOutput) {
        orders += output.orders.map { Item(customer: $0.customer, products: $0.products, order: $0.order, line: $0.line) }
        errors += output.errors
        rows += output.rows
    }
}
