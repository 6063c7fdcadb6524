import Testing

@testable import EncoreCore

/// Regressions found by review: each input once crashed, wrapped or depended on chunking.
@Suite("Import regressions")
struct ImportRegressionTests {
    static func decode(_ text: String, chunks: [Int]? = nil) -> ImportOutput {
        var decoder = CSVOrderDecoder(dialect: .generic, storeID: 1, defaultCurrency: .usd)
        var output = ImportOutput()
        let bytes = Array(text.utf8)
        var start = 0
        for size in chunks ?? [bytes.count] where start < bytes.count {
            let end = min(bytes.count, start + size)
            output.append(decoder.feed(Array(bytes[start..<end])))
            start = end
        }
        if start < bytes.count { output.append(decoder.feed(Array(bytes[start...]))) }
        output.append(decoder.finish())
        return output
    }

    @Test func orderAmountOverflowIsARowErrorNotACrash() {
        let output = Self.decode(
            "order_id,placed_at,title,quantity,unit_price,shipping\nA,2025-01-05T10:00:00Z,T,1,92233720368547758.07,0.01\n")
        #expect(output.orders.isEmpty)
        #expect(output.errors.map(\.line) == [2])
        #expect(output.errors.first?.reason.contains("overflow") == true)
    }

    @Test func lineSumOverflowIsAnErrorNotAWrap() {
        let output = Self.decode(
            """
            order_id,placed_at,title,quantity,unit_price
            A,2025-01-05T10:00:00Z,T,1,92233720368547758.07
            A,,T,1,92233720368547758.07

            """)
        #expect(output.orders.isEmpty)
        #expect(!output.errors.isEmpty)
    }

    @Test(arguments: [[1], [2], [0, 1, 2], [1, 1, 1], [3]])
    func byteOrderMarkSplitAcrossChunks(_ chunks: [Int]) {
        let text = "\u{FEFF}order_id,placed_at,title,quantity,unit_price\nA,2025-01-05T10:00:00Z,T,1,1.00\n"
        let output = Self.decode(text, chunks: chunks)
        #expect(output.errors.isEmpty, "\(output.errors)")
        #expect(output.orders.map(\.order.key) == ["A"])
    }

    @Test func int64MinRoundTrips() {
        let text = Money.format(minorUnits: Int64.min, exponent: 2)
        #expect(DecimalAmount.parse(text, exponent: 2, allowNegative: true) == .success(Int64.min))
        #expect(DecimalAmount.parse("-92233720368547758.09", exponent: 2, allowNegative: true) == .failure(.overflow("-92233720368547758.09")))
        #expect(DecimalAmount.parse("92233720368547758.08", exponent: 2) == .failure(.overflow("92233720368547758.08")))
    }
}
