/// Decodes the CDNOW purchase log: a header line, then `customer_id YYYYMMDD cds dollar_value`
/// separated by spaces. Each row is one purchase (an order with one line) in USD.
///
/// CDNOW has no order ids, so an order's key is its line number in the file ("cdnow-L<line>"):
/// importing the same file again finds the same keys and changes nothing.
public struct CDNOWDecoder: ImportDecoder {
    private let storeID: StoreID
    private var pending: [UInt8] = []
    private var line = 0
    private var fieldBuffer = [ArraySlice<UInt8>](repeating: [], count: 5)

    public init(storeID: StoreID) {
        self.storeID = storeID
    }

    public mutating func feed(_ chunk: [UInt8]) -> ImportOutput {
        var output = ImportOutput()
        var start = 0
        let newline = UInt8(ascii: "\n")
        if !pending.isEmpty {
            guard let end = chunk.firstIndex(of: newline) else {
                pending += chunk
                return output
            }
            pending += chunk[..<end]
            let bytes = pending
            pending.removeAll(keepingCapacity: true)
            decode(line: bytes[...], into: &output)
            start = end + 1
        }
        while start < chunk.count {
            guard let end = chunk[start...].firstIndex(of: newline) else {
                pending += chunk[start...]
                break
            }
            decode(line: chunk[start..<end], into: &output)
            start = end + 1
        }
        return output
    }

    public mutating func finish() -> ImportOutput {
        var output = ImportOutput()
        if !pending.isEmpty {
            let bytes = pending
            pending.removeAll()
            decode(line: bytes[...], into: &output)
        }
        return output
    }

    private mutating func decode(line bytes: ArraySlice<UInt8>, into output: inout ImportOutput) {
        line += 1
        // At most five fields are kept (four expected, a fifth means too many), in a reused buffer.
        var fields = fieldBuffer
        fieldBuffer = []
        defer { fieldBuffer = fields }
        var count = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            while index < bytes.endIndex, bytes[index] == 32 || bytes[index] == 9 || bytes[index] == 13 {
                index += 1
            }
            let start = index
            while index < bytes.endIndex, !(bytes[index] == 32 || bytes[index] == 9 || bytes[index] == 13) {
                index += 1
            }
            if start < index {
                if count < fields.count { fields[count] = bytes[start..<index] }
                count += 1
            }
        }
        if count == 0 { return }
        if line == 1, String(decoding: fields[0], as: UTF8.self) == "customer_id" { return }
        output.rows += 1
        guard count == 4 else {
            output.errors.append(
                ImportRowError(
                    line: line, field: nil,
                    reason: "expected 4 columns (customer_id date number_of_cds dollar_value), found \(count)"))
            return
        }
        let customerID = String(decoding: fields[0], as: UTF8.self)
        guard let day = Self.parseDate(fields[1]) else {
            output.errors.append(
                ImportRowError(
                    line: line, field: "date",
                    reason: "'\(String(decoding: fields[1], as: UTF8.self))' is not a YYYYMMDD date"))
            return
        }
        guard let quantity = Int64(String(decoding: fields[2], as: UTF8.self)), quantity >= 0 else {
            output.errors.append(
                ImportRowError(
                    line: line, field: "number_of_cds",
                    reason: "'\(String(decoding: fields[2], as: UTF8.self))' is not a non-negative integer"))
            return
        }
        let amount: Int64
        switch DecimalAmount.parse(utf8: fields[3], exponent: 2) {
        case .success(let value): amount = value
        case .failure(let error):
            output.errors.append(ImportRowError(line: line, field: "dollar_value", reason: error.description))
            return
        }
        let placedAt = Timestamp(millisecondsSinceEpoch: Int64(day) * 86_400_000)
        let unit = quantity > 0 ? amount / quantity : amount
        let order = Order(
            storeID: storeID, key: "cdnow-L\(line)", customerKey: customerID, placedAt: placedAt, currency: .usd,
            subtotal: amount, total: amount, financialStatus: .paid, fulfilmentStatus: .fulfilled,
            lines: [
                LineItem(key: "1", sku: nil, title: "CDs", category: "music", quantity: quantity, unitPrice: unit,
                    discount: 0, total: amount)
            ])
        output.orders.append(
            ImportedOrder(
                customer: Customer(storeID: storeID, key: customerID, createdAt: placedAt), products: [],
                order: order, line: line))
    }

    /// Days since 1970-01-01 for a YYYYMMDD date, or nil.
    static func parseDate(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count == 8 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        let year = value / 10_000
        let month = value / 100 % 100
        let day = value % 100
        guard (1...12).contains(month), day >= 1, day <= ISO8601.daysInMonth(year: year, month: month) else {
            return nil
        }
        return ISO8601.daysFromCivil(year: year, month: month, day: day)
    }
}
