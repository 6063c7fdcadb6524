/// The file formats `encore import` reads.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// Shopify's order export CSV: one row per line item, order fields on each order's first row.
    case shopify
    /// Encore's generic order CSV, documented in docs/IMPORT.md.
    case csv
    /// The CDNOW purchase log of the customer-base literature: `customer_id date cds dollars`.
    case cdnow
}

/// One order decoded from an import file, with the customer and products it mentions.
public struct ImportedOrder: Sendable {
    public var customer: Customer?
    public var products: [Product]
    public var order: Order
    /// The first line of the file the order came from.
    public var line: Int
}

/// A row of an import file that cannot be imported, and why.
public struct ImportRowError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var field: String?
    public var reason: String

    public init(line: Int, field: String?, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String {
        if let field { return "line \(line): \(field): \(reason)" }
        return "line \(line): \(reason)"
    }
}

/// What a decoder produced from some input: orders ready to store and rows rejected.
public struct ImportOutput: Sendable {
    public var orders: [ImportedOrder] = []
    public var errors: [ImportRowError] = []
    /// Data rows consumed (header excluded).
    public var rows: Int = 0

    public init() {}

    mutating func append(_ other: ImportOutput) {
        orders += other.orders
        errors += other.errors
        rows += other.rows
    }
}

/// Turns the bytes of an import file into orders, chunk by chunk, with bounded memory.
public protocol ImportDecoder {
    /// Consumes the next chunk of the file.
    mutating func feed(_ chunk: [UInt8]) -> ImportOutput
    /// Ends the input and flushes what is pending.
    mutating func finish() -> ImportOutput
}

/// Builds the decoder for a format, bound to one store and its default currency.
public func makeImportDecoder(format: ImportFormat, storeID: StoreID, currency: Currency) -> any ImportDecoder {
    switch format {
    case .cdnow: return CDNOWDecoder(storeID: storeID)
    case .csv: return CSVOrderDecoder(dialect: .generic, storeID: storeID, defaultCurrency: currency)
    case .shopify: return CSVOrderDecoder(dialect: .shopify, storeID: storeID, defaultCurrency: currency)
    }
}
