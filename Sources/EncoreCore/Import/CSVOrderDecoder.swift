/// Decodes order CSVs with one row per line item: Shopify's order export, or Encore's generic CSV.
///
/// Rows of one order are consecutive and share its id; order-level fields are read from the
/// order's first row (later rows may leave them blank, as Shopify does). A row with an error
/// rejects its whole order, so an order is never stored with some of its lines missing.
public struct CSVOrderDecoder: ImportDecoder {
    /// The column names of each supported CSV flavour.
    public enum Dialect: Sendable {
        case generic, shopify
    }

    private let dialect: Dialect
    private let storeID: StoreID
    private let defaultCurrency: Currency
    private var reader = CSVReader()
    private var header: [String: Int]?
    private var group: [CSVReader.Record] = []
    private var groupKey: String?
    private var syntaxFailed = false

    public init(dialect: Dialect, storeID: StoreID, defaultCurrency: Currency) {
        self.dialect = dialect
        self.storeID = storeID
        self.defaultCurrency = defaultCurrency
    }

    public mutating func feed(_ chunk: [UInt8]) -> ImportOutput {
        guard !syntaxFailed else { return ImportOutput() }
        do {
            return consume(try reader.feed(chunk))
        } catch {
            return fail(error)
        }
    }

    public mutating func finish() -> ImportOutput {
        guard !syntaxFailed else { return ImportOutput() }
        var output: ImportOutput
        do {
            output = consume(try reader.finish())
        } catch {
            output = fail(error)
            return output
        }
        if header == nil {
            output.errors.append(ImportRowError(line: 1, field: nil, reason: "the file is empty: no header row"))
        }
        output.append(flush())
        return output
    }

    private mutating func fail(_ error: CSVReader.SyntaxError) -> ImportOutput {
        var output = consume(error.completed)
        // The records before the broken one may already have failed the file (a missing column).
        if syntaxFailed { return output }
        syntaxFailed = true
        // The pending order is complete if the broken record visibly starts another one.
        if let header, let index = header[groupColumn], index < error.partialFields.count,
            error.partialFields[index].trimmingSpaces() != groupKey
        {
            output.append(flush())
        } else {
            output.append(dropPending())
        }
        output.errors.append(ImportRowError(line: error.line, field: nil, reason: error.reason))
        return output
    }

    /// On a syntax error, the pending group may be cut short: drop it rather than store half an order.
    private mutating func dropPending() -> ImportOutput {
        var output = ImportOutput()
        if let first = group.first {
            output.errors.append(
                ImportRowError(line: first.line, field: nil, reason: "order not imported: its rows end in a broken record"))
            output.rows += group.count
        }
        group.removeAll()
        groupKey = nil
        return output
    }

    private mutating func consume(_ records: [CSVReader.Record]) -> ImportOutput {
        var output = ImportOutput()
        for record in records {
            guard let header else {
                var map: [String: Int] = [:]
                for (index, name) in record.fields.enumerated() {
                    map[name.trimmingSpaces().lowercased()] = index
                }
                self.header = map
                if let missing = requiredColumns.first(where: { map[$0] == nil }) {
                    output.errors.append(
                        ImportRowError(line: record.line, field: missing, reason: "required column is missing"))
                    syntaxFailed = true
                    return output
                }
                continue
            }
            let key = value(record, groupColumn, header) ?? ""
            if key != groupKey {
                output.append(flush())
                groupKey = key
            }
            group.append(record)
        }
        return output
    }

    private var groupColumn: String { dialect == .shopify ? "name" : "order_id" }

    private var requiredColumns: [String] {
        switch dialect {
        case .generic: return ["order_id", "placed_at", "title", "quantity", "unit_price"]
        case .shopify: return ["name", "created at", "lineitem quantity", "lineitem name", "lineitem price"]
        }
    }

    private func value(_ record: CSVReader.Record, _ column: String, _ header: [String: Int]) -> String? {
        guard let index = header[column], index < record.fields.count else { return nil }
        let text = record.fields[index].trimmingSpaces()
        return text.isEmpty ? nil : text
    }

    private mutating func flush() -> ImportOutput {
        var output = ImportOutput()
        defer {
            group.removeAll(keepingCapacity: true)
            groupKey = nil
        }
        guard let header, let first = group.first else { return output }
        output.rows = group.count
        var errors: [ImportRowError] = []
        let columns = dialect == .shopify ? Columns.shopify : Columns.generic
        func text(_ record: CSVReader.Record, _ column: String) -> String? { value(record, column, header) }

        guard let orderKey = text(first, columns.orderKey) ?? text(first, groupColumn) else {
            output.errors.append(ImportRowError(line: first.line, field: groupColumn, reason: "is required"))
            return output
        }
        var currency = defaultCurrency
        if let code = text(first, columns.currency) {
            if let parsed = Currency(code: code) {
                currency = parsed
            } else {
                errors.append(
                    ImportRowError(line: first.line, field: columns.currency, reason: "'\(code)' is not an ISO 4217 currency"))
            }
        }
        func amount(_ record: CSVReader.Record, _ column: String, required: Bool = false) -> Int64? {
            guard let raw = text(record, column) else {
                if required { errors.append(ImportRowError(line: record.line, field: column, reason: "is required")) }
                return nil
            }
            switch DecimalAmount.parse(raw, exponent: currency.exponent) {
            case .success(let v): return v
            case .failure(let e):
                errors.append(ImportRowError(line: record.line, field: column, reason: e.description))
                return nil
            }
        }
        func time(_ record: CSVReader.Record, _ column: String, required: Bool = false) -> Timestamp? {
            guard let raw = text(record, column) else {
                if required { errors.append(ImportRowError(line: record.line, field: column, reason: "is required")) }
                return nil
            }
            guard let t = ISO8601.parse(raw) else {
                errors.append(
                    ImportRowError(line: record.line, field: column, reason: "'\(raw)' is not an ISO 8601 date-time with an offset"))
                return nil
            }
            return t
        }
        let placedAt = time(first, columns.placedAt, required: true)
        let cancelledAt = time(first, columns.cancelledAt)
        var lines: [LineItem] = []
        var products: [Product] = []
        for (index, record) in group.enumerated() {
            let title = text(record, columns.title)
            if title == nil { errors.append(ImportRowError(line: record.line, field: columns.title, reason: "is required")) }
            var quantity: Int64?
            if let raw = text(record, columns.quantity) {
                if let q = Int64(raw), q >= 0 { quantity = q } else {
                    errors.append(
                        ImportRowError(line: record.line, field: columns.quantity, reason: "'\(raw)' is not a non-negative integer"))
                }
            } else {
                errors.append(ImportRowError(line: record.line, field: columns.quantity, reason: "is required"))
            }
            let unitPrice = amount(record, columns.unitPrice, required: true)
            let discount = amount(record, columns.lineDiscount) ?? 0
            guard let title, let quantity, let unitPrice else { continue }
            let (gross, overflow) = quantity.multipliedReportingOverflow(by: unitPrice)
            if overflow {
                errors.append(ImportRowError(line: record.line, field: columns.quantity, reason: "quantity * price overflows"))
                continue
            }
            let sku = text(record, columns.sku)
            let category = columns.category.flatMap { text(record, $0) }
            let lineKey = columns.lineKey.flatMap { text(record, $0) } ?? String(index + 1)
            lines.append(
                LineItem(key: lineKey, sku: sku, title: title, category: category, quantity: quantity,
                    unitPrice: unitPrice, discount: discount, total: gross - discount))
            if let sku {
                products.append(
                    Product(storeID: storeID, sku: sku, title: title, category: category,
                        price: Money(minorUnits: unitPrice, currency: currency)))
            }
        }
        var lineSum: Int64? = 0
        for line in lines { lineSum = lineSum.flatMap { Self.add($0, line.total) } }
        let discounts = amount(first, columns.discounts) ?? 0
        var subtotal = amount(first, columns.subtotal) ?? lineSum
        if dialect == .shopify, text(first, columns.subtotal) != nil {
            // Shopify's export "Subtotal" is after order discounts; Encore's subtotal is before them,
            // so that total = subtotal - discounts + tax + shipping holds for every source.
            subtotal = subtotal.flatMap { Self.add($0, discounts) }
        }
        let tax = amount(first, columns.tax) ?? 0
        let shipping = amount(first, columns.shipping) ?? 0
        let computed = subtotal.flatMap { Self.add($0, -discounts) }.flatMap { Self.add($0, tax) }
            .flatMap { Self.add($0, shipping) }
        let total = amount(first, columns.total) ?? computed
        if subtotal == nil || total == nil {
            errors.append(ImportRowError(line: first.line, field: columns.total, reason: "the order's amounts overflow"))
        }
        var channel = SalesChannel.web
        if let raw = text(first, columns.channel)?.lowercased() {
            switch raw {
            case "pos": channel = .pos
            case "app", "iphone", "android", "mobile": channel = .app
            case "web", "online", "shopify_draft_order", "online store": channel = .web
            default:
                if dialect == .generic {
                    errors.append(ImportRowError(line: first.line, field: columns.channel, reason: "must be web, pos or app"))
                }
            }
        }
        var financial = FinancialStatus.paid
        if let raw = text(first, columns.financialStatus)?.lowercased() {
            if let f = FinancialStatus(rawValue: raw) { financial = f } else {
                errors.append(
                    ImportRowError(line: first.line, field: columns.financialStatus, reason: "'\(raw)' is not a financial status"))
            }
        }
        var fulfilment = FulfilmentStatus.unfulfilled
        if let raw = text(first, columns.fulfilmentStatus)?.lowercased() {
            if let f = FulfilmentStatus(rawValue: raw == "partially_fulfilled" ? "partial" : raw) { fulfilment = f } else {
                errors.append(
                    ImportRowError(line: first.line, field: columns.fulfilmentStatus, reason: "'\(raw)' is not a fulfilment status"))
            }
        }
        guard errors.isEmpty, let placedAt, let subtotal, let total else {
            output.errors = errors
            return output
        }
        let email = text(first, columns.email)
        var customer: Customer?
        let customerKey = columns.customerID.flatMap { text(first, $0) } ?? email.map(Customer.key(forEmail:))
        if let customerKey {
            var first_: String? = columns.firstName.flatMap { text(first, $0) }
            var last: String? = columns.lastName.flatMap { text(first, $0) }
            if let full = columns.fullName.flatMap({ text(first, $0) }), first_ == nil {
                let parts = full.split(separator: " ", maxSplits: 1)
                first_ = parts.first.map(String.init)
                last = parts.count > 1 ? String(parts[1]) : nil
            }
            var consents: [Consent] = []
            if let accepts = columns.acceptsMarketing.flatMap({ text(first, $0) })?.lowercased() {
                consents.append(
                    Consent(channel: .email, purpose: .marketing, granted: accepts == "yes" || accepts == "true",
                        updatedAt: placedAt))
            }
            customer = Customer(
                storeID: storeID, key: customerKey, email: email, phone: text(first, columns.phone), firstName: first_,
                lastName: last, consents: consents, createdAt: placedAt)
        }
        let order = Order(
            storeID: storeID, key: orderKey, number: columns.number.flatMap { text(first, $0) },
            customerKey: customerKey, placedAt: placedAt, currency: currency, subtotal: subtotal, discounts: discounts,
            tax: tax, shipping: shipping, total: total, channel: channel, financialStatus: financial,
            fulfilmentStatus: fulfilment, cancelledAt: cancelledAt, cancelReason: nil, lines: lines)
        output.orders.append(ImportedOrder(customer: customer, products: products, order: order, line: first.line))
        return output
    }

    /// Checked addition: nil on overflow.
    static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : sum
    }

    /// Column names per dialect, lower-cased.
    struct Columns {
        var orderKey: String
        var number: String?
        var placedAt: String
        var cancelledAt: String
        var currency: String
        var customerID: String?
        var email: String
        var phone: String
        var firstName: String?
        var lastName: String?
        var fullName: String?
        var acceptsMarketing: String?
        var channel: String
        var financialStatus: String
        var fulfilmentStatus: String
        var lineKey: String?
        var sku: String
        var title: String
        var category: String?
        var quantity: String
        var unitPrice: String
        var lineDiscount: String
        var subtotal: String
        var discounts: String
        var tax: String
        var shipping: String
        var total: String

        static let generic = Columns(
            orderKey: "order_id", number: "order_number", placedAt: "placed_at", cancelledAt: "cancelled_at",
            currency: "currency", customerID: "customer_id", email: "email", phone: "phone", firstName: "first_name",
            lastName: "last_name", fullName: nil, acceptsMarketing: "accepts_marketing", channel: "channel",
            financialStatus: "financial_status", fulfilmentStatus: "fulfilment_status", lineKey: "line_id", sku: "sku",
            title: "title", category: "category", quantity: "quantity", unitPrice: "unit_price",
            lineDiscount: "line_discount", subtotal: "subtotal", discounts: "discounts", tax: "tax",
            shipping: "shipping", total: "total")

        static let shopify = Columns(
            orderKey: "id", number: "name", placedAt: "created at", cancelledAt: "cancelled at", currency: "currency",
            customerID: nil, email: "email", phone: "phone", firstName: nil, lastName: nil, fullName: "billing name",
            acceptsMarketing: "accepts marketing", channel: "source", financialStatus: "financial status",
            fulfilmentStatus: "fulfillment status", lineKey: nil, sku: "lineitem sku", title: "lineitem name",
            category: nil, quantity: "lineitem quantity", unitPrice: "lineitem price",
            lineDiscount: "lineitem discount", subtotal: "subtotal", discounts: "discount amount", tax: "taxes",
            shipping: "shipping", total: "total")
    }
}
