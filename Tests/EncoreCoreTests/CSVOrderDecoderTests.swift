import Foundation
import Testing

@testable import EncoreCore


private let storeID: StoreID = 3

private func at(_ text: String) -> Timestamp { ISO8601.parse(text)! }

/// Decodes `bytes` split at the given byte offsets.
private func decode(
    _ bytes: [UInt8], _ dialect: CSVOrderDecoder.Dialect = .generic, currency: Currency = .usd, splitAt offsets: [Int] = []
) -> Decoded {
    var decoder = CSVOrderDecoder(dialect: dialect, storeID: storeID, defaultCurrency: currency)
    var result = Decoded()
    var start = 0
    for offset in offsets + [bytes.count] {
        result.add(decoder.feed(Array(bytes[start..<offset])))
        start = offset
    }
    result.add(decoder.finish())
    return result
}

private func decode(_ text: String, _ dialect: CSVOrderDecoder.Dialect = .generic, currency: Currency = .usd) -> Decoded {
    decode(Array(text.utf8), dialect, currency: currency)
}

/// A CSV text: the header, then one row per dictionary (missing columns are blank), quoting where needed.
private func csv(_ header: [String], _ rows: [[String: String]]) -> String {
    func quoted(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
    var lines = [header.map(quoted).joined(separator: ",")]
    for row in rows { lines.append(header.map { quoted(row[$0] ?? "") }.joined(separator: ",")) }
    return lines.joined(separator: "\n") + "\n"
}

private let genericHeader = [
    "order_id", "order_number", "placed_at", "currency", "customer_id", "email", "phone", "first_name", "last_name",
    "accepts_marketing", "channel", "financial_status", "fulfilment_status", "cancelled_at", "line_id", "sku", "title",
    "category", "quantity", "unit_price", "line_discount", "subtotal", "discounts", "tax", "shipping", "total",
]

private let minimalHeader = ["order_id", "placed_at", "title", "quantity", "unit_price"]

/// A minimal valid row of the generic dialect.
private func line(_ id: String, _ title: String = "Item", quantity: String = "1", price: String = "1.00") -> [String: String] {
    ["order_id": id, "placed_at": "2025-01-05T10:00:00Z", "title": title, "quantity": quantity, "unit_price": price]
}

@Suite struct CSVOrderDecoderGenericTests {
    static let full = csv(
        genericHeader,
        [
            [
                "order_id": "A1", "order_number": "#1001", "placed_at": "2025-01-05T10:00:00Z", "currency": "eur",
                "customer_id": "c-42", "email": "Jon@Example.com", "phone": "+15145550100", "first_name": "Jon",
                "last_name": "Snow", "accepts_marketing": "yes", "channel": "POS",
                "financial_status": "partially_refunded", "fulfilment_status": "partial", "line_id": "L1",
                "sku": "SKU-1", "title": "Mug, \"large\"", "category": "kitchen", "quantity": "2", "unit_price": "12.50",
                "line_discount": "1.00",
            ],
            ["order_id": "A1", "line_id": "L2", "title": "Gift card", "quantity": "1", "unit_price": "10"],
            [
                "order_id": "B2", "order_number": "#1002", "placed_at": "2025-01-06 09:00:00 -0500",
                "email": "B@Example.com", "accepts_marketing": "no", "channel": "web",
                "cancelled_at": "2025-01-07T00:00:00+01:00", "title": "Book", "quantity": "1", "unit_price": "20.00",
                "subtotal": "25.00", "discounts": "5.00", "tax": "2.00", "shipping": "3.00",
            ],
            [
                "order_id": "C3", "placed_at": "2025-01-07T12:00:00Z", "title": "Pen", "sku": "PEN", "quantity": "3",
                "unit_price": "1.10", "discounts": "0.30", "total": "99.99", "channel": "iphone",
                "fulfilment_status": "partially_fulfilled", "financial_status": "Pending",
            ],
        ])

    @Test func fullOrderFromItsFirstRow() throws {
        let result = decode(Self.full)
        #expect(result.errors.isEmpty)
        #expect(result.rows == 4)
        #expect(result.orders.map(\.order.key) == ["A1", "B2", "C3"])
        #expect(result.orders.map(\.line) == [2, 4, 5])

        let a = try #require(result.orders.first)
        let placed = at("2025-01-05T10:00:00Z")
        #expect(
            a.order
                == Order(
                    storeID: storeID, key: "A1", number: "#1001", customerKey: "c-42", placedAt: placed,
                    currency: .eur, subtotal: 3400, discounts: 0, tax: 0, shipping: 0, total: 3400, channel: .pos,
                    financialStatus: .partiallyRefunded, fulfilmentStatus: .partial, cancelledAt: nil,
                    cancelReason: nil,
                    lines: [
                        LineItem(
                            key: "L1", sku: "SKU-1", title: "Mug, \"large\"", category: "kitchen", quantity: 2,
                            unitPrice: 1250, discount: 100, total: 2400),
                        LineItem(
                            key: "L2", sku: nil, title: "Gift card", category: nil, quantity: 1, unitPrice: 1000,
                            discount: 0, total: 1000),
                    ]))
        #expect(
            a.customer
                == Customer(
                    storeID: storeID, key: "c-42", email: "Jon@Example.com", phone: "+15145550100", firstName: "Jon",
                    lastName: "Snow", consents: [Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: placed)],
                    createdAt: placed))
        #expect(
            a.products == [
                Product(
                    storeID: storeID, sku: "SKU-1", title: "Mug, \"large\"", category: "kitchen",
                    price: Money(minorUnits: 1250, currency: .eur))
            ])
    }

    @Test func subtotalAndTotalDefaults() throws {
        let result = decode(Self.full)
        // B2: subtotal given (not the line sum), total computed from it.
        let b = try #require(result.orders.dropFirst().first)
        #expect(b.order.currency == .usd)  // the store's currency when blank
        #expect(b.order.subtotal == 2500)
        #expect(b.order.discounts == 500)
        #expect(b.order.tax == 200)
        #expect(b.order.shipping == 300)
        #expect(b.order.total == 2500 - 500 + 200 + 300)
        #expect(b.order.lines.map(\.key) == ["1"])
        #expect(b.order.placedAt == at("2025-01-06T14:00:00Z"))
        #expect(b.order.cancelledAt == at("2025-01-06T23:00:00Z"))
        #expect(b.order.customerKey == "email:b@example.com")
        #expect(b.customer?.email == "B@Example.com")
        #expect(b.customer?.consents.map(\.granted) == [false])
        #expect(b.products.isEmpty)
        #expect(b.order.channel == .web)
        #expect(b.order.financialStatus == .paid)
        #expect(b.order.fulfilmentStatus == .unfulfilled)
        // C3: subtotal is the sum of lines, the explicit total wins.
        let c = try #require(result.orders.last)
        #expect(c.order.subtotal == 330)
        #expect(c.order.discounts == 30)
        #expect(c.order.total == 9999)
        #expect(c.order.channel == .app)
        #expect(c.order.fulfilmentStatus == .partial)
        #expect(c.order.financialStatus == .pending)
        #expect(c.order.customerKey == nil)
        #expect(c.customer == nil)
        #expect(c.products == [Product(storeID: storeID, sku: "PEN", title: "Pen", price: Money(minorUnits: 110, currency: .usd))])
    }

    @Test func minimalColumnsGiveDefaults() throws {
        let result = decode(csv(minimalHeader, [line("X", "One", quantity: "2", price: "3.25"), line("X", "Two")]))
        #expect(result.errors.isEmpty)
        let order = try #require(result.orders.first?.order)
        #expect(result.orders.count == 1)
        #expect(
            order
                == Order(
                    storeID: storeID, key: "X", customerKey: nil, placedAt: at("2025-01-05T10:00:00Z"), currency: .usd,
                    subtotal: 750, total: 750,
                    lines: [
                        LineItem(key: "1", sku: nil, title: "One", quantity: 2, unitPrice: 325),
                        LineItem(key: "2", sku: nil, title: "Two", quantity: 1, unitPrice: 100),
                    ]))
    }

    @Test func headerNamesAreCaseInsensitiveTrimmedAndInAnyOrder() {
        let text = " Unit_Price ,QUANTITY,Title,Placed_At,ORDER_ID\n2.00,1,Thing,2025-01-05T10:00:00Z,Z9\n"
        let result = decode(text)
        #expect(result.errors.isEmpty)
        #expect(result.orders.map(\.order.key) == ["Z9"])
        #expect(result.orders.map(\.order.total) == [200])
    }

    @Test func valuesAreTrimmed() {
        let result = decode("order_id,placed_at,title,quantity,unit_price\n  Q1 , 2025-01-05T10:00:00Z ,  Cup ,  2 , 1.50 \n")
        #expect(result.errors.isEmpty)
        #expect(result.orders.map(\.order.key) == ["Q1"])
        #expect(result.orders.first?.order.lines.map(\.title) == ["Cup"])
        #expect(result.orders.first?.order.total == 300)
    }

    @Test func consecutiveRowsAreGroupedAndNonConsecutiveOnesAreNot() {
        let result = decode(csv(minimalHeader, [line("A"), line("A"), line("B"), line("A"), line("A"), line("A")]))
        #expect(result.orders.map(\.order.key) == ["A", "B", "A"])
        #expect(result.orders.map(\.order.lines.count) == [2, 1, 3])
        #expect(result.orders.map(\.line) == [2, 4, 5])
        #expect(result.rows == 6)
    }

    @Test func currencyPrecisionDrivesParsing() {
        let rows = [
            ["order_id": "J", "placed_at": "2025-01-05T10:00:00Z", "currency": "JPY", "title": "T", "quantity": "2", "unit_price": "1200"],
            ["order_id": "K", "placed_at": "2025-01-05T10:00:00Z", "currency": "KWD", "title": "T", "quantity": "1", "unit_price": "1.250"],
        ]
        let result = decode(csv(genericHeader, rows))
        #expect(result.errors.isEmpty)
        #expect(result.orders.map(\.order.currency) == [.jpy, .kwd])
        #expect(result.orders.map(\.order.total) == [2400, 1250])
        // The store's default currency applies when the column is blank.
        let yen = decode(csv(minimalHeader, [line("Y", price: "500")]), currency: .jpy)
        #expect(yen.orders.map(\.order.currency) == [.jpy])
        #expect(yen.orders.map(\.order.total) == [500])
        let tooPrecise = decode(csv(minimalHeader, [line("Y", price: "500.5")]), currency: .jpy)
        #expect(tooPrecise.orders.isEmpty)
        #expect(
            tooPrecise.errors == [
                ImportRowError(line: 2, field: "unit_price", reason: "'500.5' has more than 0 decimal places for its currency")
            ])
    }

    @Test func anErrorOnOneLineRejectsTheWholeOrder() {
        let result = decode(
            csv(minimalHeader, [line("A"), line("A", quantity: "two"), line("B"), line("C", price: "-1.00"), line("D")]))
        #expect(result.orders.map(\.order.key) == ["B", "D"])
        #expect(
            result.errors == [
                ImportRowError(line: 3, field: "quantity", reason: "'two' is not a non-negative integer"),
                ImportRowError(line: 5, field: "unit_price", reason: "'-1.00' must not be negative"),
            ])
        #expect(result.rows == 5)
        #expect(result.errors.first?.description == "line 3: quantity: 'two' is not a non-negative integer")
    }

    @Test func everyErrorOfAnOrderIsReported() {
        var second = line("A", "", quantity: "", price: "abc")
        second["title"] = nil
        let result = decode(csv(minimalHeader, [line("A", quantity: "-2"), second, line("A", price: "1.005")]))
        #expect(result.orders.isEmpty)
        #expect(
            result.errors == [
                ImportRowError(line: 2, field: "quantity", reason: "'-2' is not a non-negative integer"),
                ImportRowError(line: 3, field: "title", reason: "is required"),
                ImportRowError(line: 3, field: "quantity", reason: "is required"),
                ImportRowError(line: 3, field: "unit_price", reason: "'abc' is not a decimal amount"),
                ImportRowError(line: 4, field: "unit_price", reason: "'1.005' has more than 2 decimal places for its currency"),
            ])
        #expect(result.rows == 3)
    }

    @Test func orderLevelErrors() {
        func only(_ row: [String: String]) -> [ImportRowError] {
            decode(csv(genericHeader, [row, line("OK")])).errors
        }
        var row = line("E")
        row["currency"] = "ABC"
        #expect(only(row) == [ImportRowError(line: 2, field: "currency", reason: "'ABC' is not an ISO 4217 currency")])
        row = line("E")
        row["placed_at"] = nil
        #expect(only(row) == [ImportRowError(line: 2, field: "placed_at", reason: "is required")])
        row["placed_at"] = "2025-01-05T10:00:00"
        #expect(
            only(row) == [
                ImportRowError(
                    line: 2, field: "placed_at", reason: "'2025-01-05T10:00:00' is not an ISO 8601 date-time with an offset")
            ])
        row = line("E")
        row["cancelled_at"] = "yesterday"
        #expect(
            only(row) == [
                ImportRowError(line: 2, field: "cancelled_at", reason: "'yesterday' is not an ISO 8601 date-time with an offset")
            ])
        row = line("E")
        row["channel"] = "fax"
        #expect(only(row) == [ImportRowError(line: 2, field: "channel", reason: "must be web, pos or app")])
        row = line("E")
        row["financial_status"] = "Settled"
        #expect(only(row) == [ImportRowError(line: 2, field: "financial_status", reason: "'settled' is not a financial status")])
        row = line("E")
        row["fulfilment_status"] = "shipped"
        #expect(
            only(row) == [ImportRowError(line: 2, field: "fulfilment_status", reason: "'shipped' is not a fulfilment status")])
        row = line("E")
        row["total"] = "1e3"
        #expect(only(row) == [ImportRowError(line: 2, field: "total", reason: "'1e3' is not a decimal amount")])
        row = line("E")
        row["order_id"] = ""
        #expect(only(row) == [ImportRowError(line: 2, field: "order_id", reason: "is required")])
    }

    @Test func quantityTimesPriceOverflowIsAnError() {
        let result = decode(csv(minimalHeader, [line("O", quantity: "9223372036854775807", price: "1.00")]))
        #expect(result.orders.isEmpty)
        #expect(result.errors == [ImportRowError(line: 2, field: "quantity", reason: "quantity * price overflows")])
    }

    @Test func missingRequiredHeaderColumn() {
        var decoder = CSVOrderDecoder(dialect: .generic, storeID: storeID, defaultCurrency: .usd)
        var result = Decoded()
        result.add(decoder.feed(Array("order_id,placed_at,title,quantity\nA,2025-01-05T10:00:00Z,T,1\n".utf8)))
        #expect(result.errors == [ImportRowError(line: 1, field: "unit_price", reason: "required column is missing")])
        // Nothing more comes out of the file.
        result.add(decoder.feed(Array("B,2025-01-05T10:00:00Z,T,1\n".utf8)))
        result.add(decoder.finish())
        #expect(result.errors.count == 1)
        #expect(result.orders.isEmpty)
        // The first missing column in the documented order is named.
        #expect(
            decode("order_id,quantity\n").errors == [
                ImportRowError(line: 1, field: "placed_at", reason: "required column is missing")
            ])
    }

    @Test("a header missing a column, then a broken record in the same chunk: one error, the header's")
    func missingColumnThenBrokenRecordIsOneError() {
        let result = decode("order_id,quantity\nA,\"1\"x\n")
        #expect(result.errors == [ImportRowError(line: 1, field: "placed_at", reason: "required column is missing")])
        #expect(result.orders.isEmpty)
    }

    @Test func emptyFile() {
        let empty = [ImportRowError(line: 1, field: nil, reason: "the file is empty: no header row")]
        #expect(decode("").errors == empty)
        #expect(decode("\n\r\n\n").errors == empty)
        #expect(decode("").orders.isEmpty)
        // A header alone is an empty import, not an error.
        #expect(decode(minimalHeader.joined(separator: ",") + "\n") == Decoded())
    }

    @Test func lastRowWithoutNewlineAndCRLF() {
        let text = csv(minimalHeader, [line("A"), line("B")])
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(decode(String(text.dropLast())) == decode(text))
        #expect(decode(crlf) == decode(text))
        #expect(decode(crlf).orders.count == 2)
    }

    @Test func brokenRecordStartingAnotherOrderKeepsThePendingOne() {
        let text =
            "order_id,placed_at,title,quantity,unit_price\nA,2025-01-05T10:00:00Z,Mug,1,1.00\nA,,Cup,1,2.00\n"
            + "B,2025-01-05T10:00:00Z,Bad\"title,1,1.00\nC,2025-01-05T10:00:00Z,Pen,1,1.00\n"
        let result = decode(text)
        #expect(result.orders.map(\.order.key) == ["A"])
        #expect(result.orders.first?.order.total == 300)
        #expect(result.errors == [ImportRowError(line: 4, field: nil, reason: "a quote inside an unquoted field")])
        #expect(result.rows == 2)
    }

    @Test func brokenRecordOfThePendingOrderDropsIt() {
        let text =
            "order_id,placed_at,title,quantity,unit_price\nZ,2025-01-05T10:00:00Z,Zed,1,1.00\n"
            + "A,2025-01-05T10:00:00Z,Mug,1,1.00\nA,,\"Cup\"x,1,2.00\n"
        let result = decode(text)
        #expect(result.orders.map(\.order.key) == ["Z"])
        #expect(
            result.errors == [
                ImportRowError(line: 3, field: nil, reason: "order not imported: its rows end in a broken record"),
                ImportRowError(line: 4, field: nil, reason: "characters after a closing quote"),
            ])
        #expect(result.rows == 2)
    }

    @Test func brokenRecordBeforeItsOrderColumnDropsThePendingOrder() {
        let text = "title,order_id,placed_at,quantity,unit_price\nMug,A,2025-01-05T10:00:00Z,1,1.00\nB\"ad,B,x,1,1\n"
        let result = decode(text)
        #expect(result.orders.isEmpty)
        #expect(
            result.errors == [
                ImportRowError(line: 2, field: nil, reason: "order not imported: its rows end in a broken record"),
                ImportRowError(line: 3, field: nil, reason: "a quote inside an unquoted field"),
            ])
    }

    @Test func truncatedFileDropsTheOrderItCuts() {
        let text =
            "order_id,placed_at,title,quantity,unit_price\nZ,2025-01-05T10:00:00Z,Zed,1,1.00\n"
            + "A,2025-01-05T10:00:00Z,Mug,1,1.00\nA,,\"Cup,1,2.00\n"
        let result = decode(text)
        #expect(result.orders.map(\.order.key) == ["Z"])
        #expect(
            result.errors == [
                ImportRowError(line: 3, field: nil, reason: "order not imported: its rows end in a broken record"),
                ImportRowError(line: 4, field: nil, reason: "the file ends inside a quoted field (truncated?)"),
            ])
    }

    @Test func nothingIsDecodedAfterASyntaxError() {
        var decoder = CSVOrderDecoder(dialect: .generic, storeID: storeID, defaultCurrency: .usd)
        var result = Decoded()
        result.add(decoder.feed(Array("order_id,placed_at,title,quantity,unit_price\nA,x\"y\n".utf8)))
        #expect(result.errors.count == 1)
        result.add(decoder.feed(Array("B,2025-01-05T10:00:00Z,Pen,1,1.00\n".utf8)))
        result.add(decoder.finish())
        #expect(result.orders.isEmpty)
        #expect(result.errors == [ImportRowError(line: 2, field: nil, reason: "a quote inside an unquoted field")])
    }

    /// Quoted line breaks, doubled quotes, a bad order, CRLF and a blank line, no final newline.
    static let mixed: String = {
        let text = csv(
            genericHeader,
            [
                [
                    "order_id": "1", "placed_at": "2025-01-05T10:00:00+01:00", "email": "x@y.z", "title": "Multi\nline",
                    "sku": "S1", "quantity": "1", "unit_price": "9.99", "first_name": "Zoé",
                ],
                ["order_id": "1", "title": "Second \"quoted\", with comma", "quantity": "2", "unit_price": "0.50"],
                ["order_id": "2", "placed_at": "2025-01-05T10:00:00Z", "title": "Bad", "quantity": "x", "unit_price": "1"],
                [
                    "order_id": "3", "placed_at": "2025-01-06T10:00:00Z", "currency": "JPY", "title": "日本",
                    "quantity": "1", "unit_price": "300",
                ],
                ["order_id": "4", "placed_at": "2025-01-07T00:00:00Z", "title": "Last", "quantity": "1", "unit_price": "1.00"],
            ])
        return String(text.replacingOccurrences(of: "\n3,", with: "\r\n\r\n3,").dropLast())
    }()

    @Test func splittingAtEveryByteOffsetGivesTheSameResult() {
        let bytes = Array(Self.mixed.utf8)
        let whole = decode(bytes)
        #expect(whole.orders.map(\.order.key) == ["1", "3", "4"])
        #expect(whole.errors == [ImportRowError(line: 5, field: "quantity", reason: "'x' is not a non-negative integer")])
        #expect(whole.orders.map(\.line) == [2, 7, 8])
        for offset in 0...bytes.count {
            #expect(decode(bytes, splitAt: [offset]) == whole, "split at byte \(offset)")
        }
        for size in [1, 2, 3, 7, 13] {
            #expect(decode(bytes, splitAt: Array(stride(from: size, to: bytes.count, by: size))) == whole, "chunk \(size)")
        }
    }

    @Test func syntaxErrorsAreChunkIndependentToo() {
        let text =
            "order_id,placed_at,title,quantity,unit_price\nZ,2025-01-05T10:00:00Z,Zed,1,1.00\n"
            + "A,2025-01-05T10:00:00Z,Mug,1,1.00\nA,,\"Cup\"x,1,2.00\nB,2025-01-05T10:00:00Z,Pen,1,1.00\n"
        let bytes = Array(text.utf8)
        let whole = decode(bytes)
        #expect(whole.errors.count == 2)
        for offset in 0...bytes.count {
            #expect(decode(bytes, splitAt: [offset]) == whole, "split at byte \(offset)")
        }
    }

    @Test func makeImportDecoderBuildsTheGenericDialect() {
        var decoder = makeImportDecoder(format: .csv, storeID: storeID, currency: .kwd)
        var result = Decoded()
        result.add(decoder.feed(Array(csv(minimalHeader, [line("A", price: "1.234")]).utf8)))
        result.add(decoder.finish())
        #expect(result.orders.map(\.order.currency) == [.kwd])
        #expect(result.orders.map(\.order.total) == [1234])
    }
}

@Suite struct CSVOrderDecoderShopifyTests {
    static let header = [
        "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Accepts Marketing", "Currency",
        "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Created at",
        "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku", "Lineitem discount", "Billing Name",
        "Cancelled at", "Id", "Phone", "Source", "Vendor",
    ]

    static let export = csv(
        header,
        [
            [
                "Name": "#1001", "Email": "Jon@Example.com", "Financial Status": "paid",
                "Paid at": "2024-02-01 10:00:00 -0500", "Fulfillment Status": "fulfilled", "Accepts Marketing": "yes",
                "Currency": "CAD", "Subtotal": "45.00", "Shipping": "5.00", "Taxes": "6.50", "Total": "56.50",
                "Discount Amount": "0.00", "Created at": "2024-02-01 09:59:00 -0500", "Lineitem quantity": "1",
                "Lineitem name": "Hat", "Lineitem price": "25.00", "Lineitem sku": "HAT-1", "Lineitem discount": "0.00",
                "Billing Name": "Jon Snow", "Id": "5551234567890", "Phone": "+15145550100", "Source": "web",
                "Vendor": "Acme",
            ],
            [
                "Name": "#1001", "Lineitem quantity": "2", "Lineitem name": "Socks", "Lineitem price": "10.00",
                "Lineitem sku": "", "Vendor": "Acme",
            ],
            [
                "Name": "#1002", "Email": "ann@example.com", "Financial Status": "partially_refunded",
                "Fulfillment Status": "unfulfilled", "Accepts Marketing": "no", "Currency": "CAD",
                "Subtotal": "10.00", "Total": "10.00", "Created at": "2024-02-02 08:00:00 +0100",
                "Cancelled at": "2024-02-03 08:00:00 +0100", "Lineitem quantity": "1", "Lineitem name": "Pin",
                "Lineitem price": "10.00", "Billing Name": "Ann", "Source": "580111", "Id": "5551234567891",
            ],
        ])

    @Test func exportRowsBecomeOrders() throws {
        let result = decode(Self.export, .shopify)
        #expect(result.errors.isEmpty)
        #expect(result.rows == 3)
        #expect(result.orders.map(\.order.key) == ["5551234567890", "5551234567891"])
        #expect(result.orders.map(\.order.number) == ["#1001", "#1002"])

        let first = try #require(result.orders.first)
        let placed = at("2024-02-01T14:59:00Z")
        let cad = try #require(Currency(code: "CAD"))
        #expect(
            first.order
                == Order(
                    storeID: storeID, key: "5551234567890", number: "#1001", customerKey: "email:jon@example.com",
                    placedAt: placed, currency: cad, subtotal: 4500, discounts: 0, tax: 650, shipping: 500,
                    total: 5650, channel: .web, financialStatus: .paid, fulfilmentStatus: .fulfilled,
                    lines: [
                        LineItem(key: "1", sku: "HAT-1", title: "Hat", quantity: 1, unitPrice: 2500),
                        LineItem(key: "2", sku: nil, title: "Socks", quantity: 2, unitPrice: 1000),
                    ]))
        #expect(
            first.customer
                == Customer(
                    storeID: storeID, key: "email:jon@example.com", email: "Jon@Example.com", phone: "+15145550100",
                    firstName: "Jon", lastName: "Snow",
                    consents: [Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: placed)],
                    createdAt: placed))
        #expect(first.products == [Product(storeID: storeID, sku: "HAT-1", title: "Hat", price: Money(minorUnits: 2500, currency: cad))])

        let second = result.orders[1]
        #expect(second.order.financialStatus == .partiallyRefunded)
        #expect(second.order.fulfilmentStatus == .unfulfilled)
        #expect(second.order.cancelledAt == at("2024-02-03T07:00:00Z"))
        // An app id in Source is not an error in Shopify's export: the channel stays web.
        #expect(second.order.channel == .web)
        #expect(second.customer?.firstName == "Ann")
        #expect(second.customer?.lastName == nil)
        #expect(second.customer?.consents.map(\.granted) == [false])
    }

    /// Shopify's "Subtotal" is after order discounts; Encore's subtotal is before them (docs/IMPORT.md).
    @Test func shopifySubtotalIsStoredBeforeDiscounts() throws {
        let header = [
            "Name", "Created at", "Subtotal", "Discount Amount", "Taxes", "Shipping", "Total", "Lineitem quantity",
            "Lineitem name", "Lineitem price",
        ]
        let first: [String: String] = [
            "Name": "#7", "Created at": "2024-02-01 09:59:00 -0500", "Subtotal": "40.00", "Discount Amount": "5.00",
            "Taxes": "2.00", "Shipping": "5.00", "Lineitem quantity": "1", "Lineitem name": "A", "Lineitem price": "45.00",
        ]
        let computed = try #require(decode(csv(header, [first]), .shopify).orders.first?.order)
        #expect(computed.subtotal == 4500)
        #expect(computed.discounts == 500)
        #expect(computed.total == 4700)
        #expect(computed.subtotal - computed.discounts + computed.tax + computed.shipping == computed.total)
        var withTotal = first
        withTotal["Total"] = "47.00"
        #expect(decode(csv(header, [withTotal]), .shopify).orders.map(\.order.subtotal) == [4500])
        // Without a Subtotal column value, the line sum is the subtotal as it is.
        var noSubtotal = first
        noSubtotal["Subtotal"] = nil
        let fromLines = try #require(decode(csv(header, [noSubtotal]), .shopify).orders.first?.order)
        #expect(fromLines.subtotal == 4500)
        #expect(fromLines.total == 4700)
        // The generic dialect's subtotal is already before discounts.
        let generic = decode(
            "order_id,placed_at,title,quantity,unit_price,subtotal,discounts\nG,2025-01-05T10:00:00Z,A,1,45.00,45.00,5.00\n")
        #expect(generic.orders.map(\.order.subtotal) == [4500])
        #expect(generic.orders.map(\.order.total) == [4000])
    }

    @Test func nameIsTheKeyWithoutAnIdColumn() {
        let header = ["Name", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price"]
        let text = csv(
            header,
            [
                ["Name": "#1", "Created at": "2024-02-01 09:59:00 -0500", "Lineitem quantity": "1", "Lineitem name": "A", "Lineitem price": "1.00"],
                ["Name": "#1", "Lineitem quantity": "1", "Lineitem name": "B", "Lineitem price": "2.00"],
                ["Name": "#2", "Created at": "2024-02-01 10:00:00 -0500", "Lineitem quantity": "3", "Lineitem name": "C", "Lineitem price": "1.00"],
            ])
        let result = decode(text, .shopify, currency: .eur)
        #expect(result.errors.isEmpty)
        #expect(result.orders.map(\.order.key) == ["#1", "#2"])
        #expect(result.orders.map(\.order.number) == ["#1", "#2"])
        #expect(result.orders.map(\.order.total) == [300, 300])
        #expect(result.orders.map(\.order.currency) == [.eur, .eur])
        #expect(result.orders.map(\.customer) == [nil, nil])
    }

    @Test(arguments: [("pos", SalesChannel.pos), ("iphone", .app), ("Android", .app), ("shopify_draft_order", .web), ("Online Store", .web)])
    func sourceMapsToChannel(source: String, channel: SalesChannel) {
        let text = Self.export.replacingOccurrences(of: ",web,Acme", with: ",\(source),Acme")
        #expect(decode(text, .shopify).orders.first?.order.channel == channel)
    }

    @Test func shopifyFulfillmentStatusAndErrorsUseShopifyColumnNames() {
        let partial = Self.export.replacingOccurrences(of: ",fulfilled,", with: ",partially_fulfilled,")
        #expect(decode(partial, .shopify).orders.first?.order.fulfilmentStatus == .partial)
        let bad = Self.export.replacingOccurrences(of: ",Hat,25.00,", with: ",Hat,25.001,")
        let result = decode(bad, .shopify)
        #expect(result.orders.map(\.order.number) == ["#1002"])
        #expect(
            result.errors == [
                ImportRowError(line: 2, field: "lineitem price", reason: "'25.001' has more than 2 decimal places for its currency")
            ])
        let badStatus = Self.export.replacingOccurrences(of: ",fulfilled,", with: ",in_transit,")
        #expect(
            decode(badStatus, .shopify).errors == [
                ImportRowError(line: 2, field: "fulfillment status", reason: "'in_transit' is not a fulfilment status")
            ])
    }

    @Test func missingShopifyColumn() {
        let header = Self.header.filter { $0 != "Lineitem price" }
        let result = decode(csv(header, []), .shopify)
        #expect(result.errors == [ImportRowError(line: 1, field: "lineitem price", reason: "required column is missing")])
        // A generic file is not a Shopify export.
        let generic = decode(csv(minimalHeader, [line("A")]), .shopify)
        #expect(generic.errors == [ImportRowError(line: 1, field: "name", reason: "required column is missing")])
    }

    @Test func splittingAtEveryByteOffsetGivesTheSameResult() {
        let bytes = Array(Self.export.utf8)
        let whole = decode(bytes, .shopify)
        #expect(whole.orders.count == 2)
        for offset in 0...bytes.count {
            #expect(decode(bytes, .shopify, splitAt: [offset]) == whole, "split at byte \(offset)")
        }
        #expect(decode(bytes, .shopify, splitAt: Array(1..<bytes.count)) == whole)
    }

    @Test func makeImportDecoderBuildsTheShopifyDialect() {
        var decoder = makeImportDecoder(format: .shopify, storeID: storeID, currency: .usd)
        var result = Decoded()
        result.add(decoder.feed(Array(Self.export.utf8)))
        result.add(decoder.finish())
        #expect(result == decode(Self.export, .shopify))
    }
}
