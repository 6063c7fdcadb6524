import Foundation
import Testing

@testable import EncoreCore


private let storeID: StoreID = 7

/// Decodes `bytes` fed as the given chunks (boundaries are byte offsets).
private func decode(_ bytes: [UInt8], splitAt offsets: [Int] = []) -> Decoded {
    var decoder = CDNOWDecoder(storeID: storeID)
    var result = Decoded()
    var start = 0
    for offset in offsets + [bytes.count] {
        result.add(decoder.feed(Array(bytes[start..<offset])))
        start = offset
    }
    result.add(decoder.finish())
    return result
}

private func decode(_ text: String) -> Decoded { decode(Array(text.utf8)) }

private func decode(_ bytes: [UInt8], chunkSize: Int) -> Decoded {
    decode(bytes, splitAt: Array(stride(from: chunkSize, to: bytes.count, by: chunkSize)))
}

/// Midnight UTC of 1997-01-01.
private let jan1: Int64 = 852_076_800_000
private let day: Int64 = 86_400_000

@Suite struct CDNOWDecoderTests {
    static let sample = """
         customer_id  date number_of_cds  dollar_value
         00001 19970101  1   11.77
         00002 19970112  1   12.00
         00002 19970112  5   77.00
         00003 19970102  2   20.76

        """

    @Test func rowsBecomeOrders() throws {
        let result = decode(Self.sample)
        #expect(result.errors.isEmpty)
        #expect(result.rows == 4)
        #expect(result.orders.map(\.order.key) == ["cdnow-L2", "cdnow-L3", "cdnow-L4", "cdnow-L5"])
        #expect(result.orders.map(\.line) == [2, 3, 4, 5])

        let first = try #require(result.orders.first)
        #expect(
            first.order
                == Order(
                    storeID: storeID, key: "cdnow-L2", number: nil, customerKey: "00001",
                    placedAt: Timestamp(millisecondsSinceEpoch: jan1), currency: .usd, subtotal: 1177, discounts: 0,
                    tax: 0, shipping: 0, total: 1177, channel: .web, financialStatus: .paid,
                    fulfilmentStatus: .fulfilled, cancelledAt: nil, cancelReason: nil,
                    lines: [
                        LineItem(
                            key: "1", sku: nil, title: "CDs", category: "music", quantity: 1, unitPrice: 1177,
                            discount: 0, total: 1177)
                    ]))
        #expect(first.customer == Customer(storeID: storeID, key: "00001", createdAt: Timestamp(millisecondsSinceEpoch: jan1)))
        #expect(first.products.isEmpty)

        let third = result.orders[2].order
        #expect(third.customerKey == "00002")
        #expect(third.placedAt.millisecondsSinceEpoch == jan1 + 11 * day)
        #expect(third.placedAt.iso8601 == "1997-01-12T00:00:00.000Z")
        #expect(third.total == 7700 && third.subtotal == 7700)
        #expect(third.lines.map(\.quantity) == [5])
        #expect(third.lines.map(\.unitPrice) == [1540])
        #expect(third.lines.map(\.total) == [7700])
    }

    @Test func customerKeyKeepsLeadingZeros() {
        let result = decode("customer_id date cds value\n000420 19970101 1 1.00\n0 19970101 1 1.00\n")
        #expect(result.orders.map(\.order.customerKey) == ["000420", "0"])
        #expect(result.orders.map { $0.customer?.key } == ["000420", "0"])
    }

    @Test(arguments: [
        ("11.77", Int64(1177)), ("12.00", 1200), ("12.3", 1230), ("12", 1200), ("0.01", 1), ("0", 0),
        ("1234567.89", 123_456_789), ("0.10", 10), ("12.300", 1230), ("92233720368547758.07", Int64.max),
    ])
    func amountsAreExactInCents(text: String, cents: Int64) {
        let result = decode("customer_id date number_of_cds dollar_value\n1 19970101 1 \(text)\n")
        #expect(result.errors.isEmpty)
        #expect(result.orders.map(\.order.total) == [cents])
        #expect(result.orders.map(\.order.subtotal) == [cents])
        #expect(result.orders.map { $0.order.lines.map(\.total) } == [[cents]])
    }

    @Test func unitPriceIsTheTruncatedShareAndZeroCDsKeepTheAmount() {
        let result = decode("1 19970101 3 10.00\n1 19970101 0 4.99\n")
        #expect(result.orders.map { $0.order.lines.map(\.unitPrice) } == [[333], [499]])
        #expect(result.orders.map { $0.order.lines.map(\.quantity) } == [[3], [0]])
        #expect(result.orders.map(\.order.total) == [1000, 499])
    }

    @Test func dateIsMidnightUTC() {
        let result = decode("1 19700101 1 1\n1 19691231 1 1\n1 20240229 1 1\n1 19980630 1 1\n")
        #expect(result.errors.isEmpty)
        #expect(
            result.orders.map(\.order.placedAt.iso8601) == [
                "1970-01-01T00:00:00.000Z", "1969-12-31T00:00:00.000Z", "2024-02-29T00:00:00.000Z",
                "1998-06-30T00:00:00.000Z",
            ])
        #expect(result.orders.allSatisfy { $0.customer?.createdAt == $0.order.placedAt })
    }

    @Test func headerIsOnlySkippedOnLineOne() {
        // Without a header, line 1 is a purchase.
        let noHeader = decode("00001 19970101 1 11.77\n")
        #expect(noHeader.orders.map(\.order.key) == ["cdnow-L1"])
        #expect(noHeader.rows == 1)
        // A header-like line later is a bad row.
        let late = decode("00001 19970101 1 11.77\ncustomer_id date number_of_cds dollar_value\n")
        #expect(late.orders.count == 1)
        #expect(late.errors.map(\.line) == [2])
        #expect(late.errors.map(\.field) == ["date"])
        #expect(late.rows == 2)
    }

    @Test func blankLinesAreCountedButSkipped() {
        let result = decode("customer_id date cds value\n\n   \n00001 19970101 1 1.00\n\r\n00002 19970101 1 2.00")
        #expect(result.errors.isEmpty)
        #expect(result.rows == 2)
        #expect(result.orders.map(\.order.key) == ["cdnow-L4", "cdnow-L6"])
    }

    @Test func tabsAndRunsOfSpacesSeparateColumns() {
        let result = decode("00001\t19970101\t\t2   \t 3.50\n")
        #expect(result.errors.isEmpty)
        #expect(result.orders.map(\.order.total) == [350])
        #expect(result.orders.map { $0.order.lines.map(\.quantity) } == [[2]])
    }

    @Test(arguments: [
        ("00001 19971332 1 1.00", "date", "'19971332' is not a YYYYMMDD date"),
        ("00001 19970230 1 1.00", "date", "'19970230' is not a YYYYMMDD date"),
        ("00001 19970229 1 1.00", "date", "'19970229' is not a YYYYMMDD date"),
        ("00001 19970001 1 1.00", "date", "'19970001' is not a YYYYMMDD date"),
        ("00001 19970100 1 1.00", "date", "'19970100' is not a YYYYMMDD date"),
        ("00001 1997011 1 1.00", "date", "'1997011' is not a YYYYMMDD date"),
        ("00001 199701011 1 1.00", "date", "'199701011' is not a YYYYMMDD date"),
        ("00001 1997-01-01 1 1.00", "date", "'1997-01-01' is not a YYYYMMDD date"),
        ("00001 19970101 1.5 1.00", "number_of_cds", "'1.5' is not a non-negative integer"),
        ("00001 19970101 -1 1.00", "number_of_cds", "'-1' is not a non-negative integer"),
        ("00001 19970101 x 1.00", "number_of_cds", "'x' is not a non-negative integer"),
        ("00001 19970101 99999999999999999999 1.00", "number_of_cds",
            "'99999999999999999999' is not a non-negative integer"),
        ("00001 19970101 1 1.005", "dollar_value", "'1.005' has more than 2 decimal places for its currency"),
        ("00001 19970101 1 -1.00", "dollar_value", "'-1.00' must not be negative"),
        ("00001 19970101 1 $1.00", "dollar_value", "'$1.00' is not a decimal amount"),
        ("00001 19970101 1 1,000.00", "dollar_value", "'1,000.00' is not a decimal amount"),
        ("00001 19970101 1 92233720368547758.08", "dollar_value", "'92233720368547758.08' is too large"),
    ])
    func badRowIsRejectedWithItsLineAndField(row: String, field: String, reason: String) {
        let result = decode("customer_id date number_of_cds dollar_value\n00009 19970101 1 1.00\n\(row)\n00010 19970102 1 2.00\n")
        #expect(result.errors == [ImportRowError(line: 3, field: field, reason: reason)])
        #expect(result.orders.map(\.order.key) == ["cdnow-L2", "cdnow-L4"])
        #expect(result.rows == 3)
    }

    @Test func wrongNumberOfColumns() {
        let result = decode("customer_id date cds value\n00001 19970101 1\n00001 19970101 1 1.00 extra\n")
        #expect(
            result.errors == [
                ImportRowError(
                    line: 2, field: nil,
                    reason: "expected 4 columns (customer_id date number_of_cds dollar_value), found 3"),
                ImportRowError(
                    line: 3, field: nil,
                    reason: "expected 4 columns (customer_id date number_of_cds dollar_value), found 5"),
            ])
        #expect(result.orders.isEmpty)
        #expect(result.rows == 2)
        #expect(result.errors.first?.description == "line 2: expected 4 columns (customer_id date number_of_cds dollar_value), found 3")
    }

    @Test func crlfInputDecodesLikeLF() {
        let lf = decode(Self.sample)
        let crlf = decode(Self.sample.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf == lf)
        #expect(crlf.orders.count == 4)
    }

    @Test func lastLineWithoutNewline() {
        let result = decode("customer_id d c v\n00001 19970101 1 1.00\n00002 19970101 2 3.00")
        #expect(result.orders.map(\.order.key) == ["cdnow-L2", "cdnow-L3"])
        #expect(result.orders.last?.order.total == 300)
    }

    @Test func emptyInput() {
        #expect(decode("") == Decoded())
        #expect(decode("customer_id date number_of_cds dollar_value\n") == Decoded())
    }

    static let mixed =
        " customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n\r\n"
        + "00002\t19970112 5 77.00\n00003 19971332 1 1.00\n00004 19970101 1.5 2.00\r\nshort row\n"
        + "00005 19980630 12 123.45"

    @Test func splittingAtEveryByteOffsetGivesTheSameResult() {
        let bytes = Array(Self.mixed.utf8)
        let whole = decode(bytes)
        #expect(whole.orders.count == 3)
        #expect(whole.errors.map(\.line) == [5, 6, 7])
        #expect(whole.rows == 6)
        for offset in 0...bytes.count {
            #expect(decode(bytes, splitAt: [offset]) == whole, "split at byte \(offset)")
        }
        for a in stride(from: 0, through: bytes.count, by: 5) {
            for b in stride(from: a, through: bytes.count, by: 7) {
                #expect(decode(bytes, splitAt: [a, b]) == whole, "split at bytes \(a) and \(b)")
            }
        }
    }

    @Test(arguments: [1, 2, 3, 10, 64])
    func chunkSizeDoesNotMatter(chunkSize: Int) {
        let bytes = Array(Self.mixed.utf8)
        #expect(decode(bytes, chunkSize: chunkSize) == decode(bytes))
    }

    @Test func emptyChunksChangeNothing() {
        let bytes = Array(Self.sample.utf8)
        var decoder = CDNOWDecoder(storeID: storeID)
        var result = Decoded()
        result.add(decoder.feed([]))
        result.add(decoder.feed(Array(bytes[..<30])))
        result.add(decoder.feed([]))
        result.add(decoder.feed(Array(bytes[30...])))
        result.add(decoder.feed([]))
        result.add(decoder.finish())
        #expect(result == decode(bytes))
    }

    @Test func importingTheSameFileTwiceGivesTheSameKeys() {
        #expect(decode(Self.sample) == decode(Self.sample))
    }

    @Test func makeImportDecoderBuildsACDNOWDecoder() {
        var decoder = makeImportDecoder(format: .cdnow, storeID: storeID, currency: .eur)
        var result = Decoded()
        result.add(decoder.feed(Array(Self.sample.utf8)))
        result.add(decoder.finish())
        #expect(result == decode(Self.sample))
        #expect(result.orders.allSatisfy { $0.order.currency == .usd })
        #expect(ImportFormat(rawValue: "cdnow") == .cdnow)
        #expect(ImportFormat.allCases.map(\.rawValue) == ["shopify", "csv", "cdnow"])
    }

    /// The 5,000-row sample of the real CDNOW log shipped with the tests.
    @Test func fixtureSample() throws {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let path = here.deletingLastPathComponent().appendingPathComponent("Fixtures/CDNOW_sample.txt")
        let bytes = Array(try Data(contentsOf: path))
        let result = decode(bytes, chunkSize: 1 << 20)
        #expect(result.errors.isEmpty)
        #expect(result.rows == 5000)
        #expect(result.orders.count == 5000)
        #expect(result.orders.first?.order.key == "cdnow-L2")
        #expect(result.orders.last?.order.key == "cdnow-L5001")
        #expect(result.orders.last?.order.customerKey == "01603")
        #expect(result.orders.last?.order.total == 8739)
        #expect(result.orders.reduce(Int64(0)) { $0 + $1.order.total } == 18_444_161)
        #expect(result.orders.reduce(Int64(0)) { $0 + $1.order.lines[0].quantity } == 12_262)
        #expect(Set(result.orders.compactMap(\.order.customerKey)).count == 1603)
        #expect(result.orders.map(\.order.placedAt).min()?.iso8601 == "1997-01-01T00:00:00.000Z")
        #expect(result.orders.map(\.order.placedAt).max()?.iso8601 == "1998-06-30T00:00:00.000Z")
        #expect(decode(bytes, chunkSize: 4093) == result)
    }
}
