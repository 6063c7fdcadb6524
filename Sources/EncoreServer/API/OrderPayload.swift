import EncoreCore

/// The body of POST /v1/orders: an order with its customer and lines, amounts as decimal strings.
struct OrderPayload: Decodable {
    struct CustomerPayload: Decodable {
        var id: FlexibleID?
        var email: String?
        var phone: String?
        var first_name: String?
        var last_name: String?
        var time_zone: String?
        var locale: String?
        /// "MM-DD" or "YYYY-MM-DD" (the year is dropped).
        var birthday: String?
        var consents: [ConsentPayload]?
    }

    struct ConsentPayload: Decodable {
        var channel: String
        var purpose: String
        var granted: Bool
        var updated_at: String?
    }

    struct LinePayload: Decodable {
        var id: FlexibleID?
        var sku: String?
        var title: String
        var category: String?
        var quantity: Int64
        var unit_price: String
        var discount: String?
    }

    /// `shipping_address`: the address on one line as a string, or an object of its parts
    /// (`address1`, `address2`, `city`, `zip`, `province`, `country`, each optional), which is put on
    /// one line with `Order.oneLineAddress`. Anything else is an error naming the field.
    struct AddressPayload: Decodable {
        enum Part: String, CodingKey, CaseIterable {
            case address1, address2, city, zip, province, country
        }

        /// The one-line form; nil when blank.
        var line: String?

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                line = Order.oneLineAddress([text])
                return
            }
            guard let object = try? decoder.container(keyedBy: Part.self) else {
                throw FieldError(
                    field: CodingPath.render(decoder.codingPath),
                    reason: "must be a string or an object with address1, address2, city, zip, province and country")
            }
            line = Order.oneLineAddress(try Part.allCases.map { try object.decodeIfPresent(String.self, forKey: $0) })
        }
    }

    var id: FlexibleID
    var number: String?
    var placed_at: String
    var currency: String?
    var subtotal: String?
    var discounts: String?
    var tax: String?
    var shipping: String?
    var total: String?
    var channel: String?
    var financial_status: String?
    var fulfilment_status: String?
    var cancelled_at: String?
    var cancel_reason: String?
    var customer: CustomerPayload?
    var shipping_address: AddressPayload?
    var lines: [LinePayload]

    /// Validates and converts to the domain; throws a `FieldError` naming the first bad field.
    func domain(store: Store, now: Timestamp) throws -> (order: Order, customer: Customer?, products: [Product]) {
        let currency = try Converter.currency(self.currency, "currency", default: store.currency)
        let convert = Converter(currency: currency)
        let placedAt = try Converter.time(placed_at, "placed_at")!
        guard !lines.isEmpty else { throw FieldError(field: "lines", reason: "must have at least one line") }
        guard lines.count <= 1000 else { throw FieldError(field: "lines", reason: "must have at most 1000 lines") }
        var items: [LineItem] = []
        var products: [Product] = []
        var keys = Set<String>()
        for (index, line) in lines.enumerated() {
            let path = "lines[\(index)]"
            let quantity = try Converter.quantity(line.quantity, "\(path).quantity")
            let unit = try convert.amount(line.unit_price, "\(path).unit_price")!
            let discount = try convert.amount(line.discount, "\(path).discount", required: false) ?? 0
            let (gross, overflow) = quantity.multipliedReportingOverflow(by: unit)
            guard !overflow else { throw FieldError(field: "\(path).quantity", reason: "quantity * unit_price overflows") }
            guard discount <= gross else { throw FieldError(field: "\(path).discount", reason: "exceeds the line's amount") }
            guard !line.title.isEmpty else { throw FieldError(field: "\(path).title", reason: "must not be empty") }
            let key = line.id?.value ?? String(index + 1)
            guard keys.insert(key).inserted else { throw FieldError(field: "\(path).id", reason: "duplicate line id '\(key)'") }
            let title = try Converter.text(line.title, "\(path).title")!
            items.append(
                LineItem(key: key, sku: line.sku, title: title, category: line.category, quantity: quantity,
                    unitPrice: unit, discount: discount, total: gross - discount))
            if let sku = line.sku, !sku.isEmpty {
                products.append(
                    Product(storeID: store.id, sku: sku, title: title, category: line.category,
                        price: Money(minorUnits: unit, currency: currency)))
            }
        }
        var lineSum: Int64 = 0
        for item in items {
            let (sum, overflow) = lineSum.addingReportingOverflow(item.total)
            guard !overflow else { throw FieldError(field: "lines", reason: "the lines' total overflows") }
            lineSum = sum
        }
        let subtotal = try convert.amount(subtotal, "subtotal", required: false) ?? lineSum
        let discounts = try convert.amount(discounts, "discounts", required: false) ?? 0
        let tax = try convert.amount(tax, "tax", required: false) ?? 0
        let shipping = try convert.amount(shipping, "shipping", required: false) ?? 0
        let computed = subtotal.addingReportingOverflow(tax).partialValue.addingReportingOverflow(shipping).partialValue
            - discounts
        let total = try convert.amount(total, "total", required: false) ?? computed
        guard total >= 0 else { throw FieldError(field: "total", reason: "must not be negative") }
        let channel = try enumValue(SalesChannel.self, self.channel, "channel") ?? .web
        let financial = try enumValue(FinancialStatus.self, financial_status, "financial_status") ?? .paid
        let fulfilment = try enumValue(FulfilmentStatus.self, fulfilment_status, "fulfilment_status") ?? .unfulfilled
        let cancelledAt = try Converter.time(cancelled_at, "cancelled_at", required: false)
        var customerModel: Customer?
        if let c = customer {
            guard let key = c.id?.value ?? c.email.map(Customer.key(forEmail:)) else {
                throw FieldError(field: "customer.id", reason: "a customer needs an id or an email")
            }
            if let email = c.email, !email.contains("@") || email.utf8.count > 254 {
                throw FieldError(field: "customer.email", reason: "'\(email)' is not an e-mail address")
            }
            if let zone = c.time_zone, !TimeZones.isValid(zone) {
                throw FieldError(field: "customer.time_zone", reason: "'\(zone)' is not an IANA time zone")
            }
            var birthday: Birthday?
            if let text = c.birthday {
                do throws(BirthdayError) { birthday = try Birthday(parsing: text) } catch {
                    throw FieldError(field: "customer.birthday", reason: error.reason)
                }
            }
            var consents: [Consent] = []
            for (index, consent) in (c.consents ?? []).enumerated() {
                let path = "customer.consents[\(index)]"
                guard let channel = Channel(rawValue: consent.channel) else {
                    throw FieldError(field: "\(path).channel", reason: "must be one of \(Channel.allCases.map(\.rawValue))")
                }
                guard let purpose = Purpose(rawValue: consent.purpose) else {
                    throw FieldError(field: "\(path).purpose", reason: "must be one of \(Purpose.allCases.map(\.rawValue))")
                }
                let at = try Converter.time(consent.updated_at, "\(path).updated_at", required: false) ?? now
                consents.append(Consent(channel: channel, purpose: purpose, granted: consent.granted, updatedAt: at))
            }
            customerModel = Customer(
                storeID: store.id, key: key, email: try Converter.text(c.email, "customer.email"),
                phone: try Converter.text(c.phone, "customer.phone", max: 32),
                firstName: try Converter.text(c.first_name, "customer.first_name"),
                lastName: try Converter.text(c.last_name, "customer.last_name"), timeZone: c.time_zone,
                locale: try Converter.text(c.locale, "customer.locale", max: 35), consents: consents, createdAt: placedAt,
                birthday: birthday)
        }
        let order = Order(
            storeID: store.id, key: id.value, number: try Converter.text(number, "number", max: 64),
            customerKey: customerModel?.key, placedAt: placedAt, currency: currency, subtotal: subtotal,
            discounts: discounts, tax: tax, shipping: shipping, total: total, channel: channel,
            financialStatus: financial, fulfilmentStatus: fulfilment, cancelledAt: cancelledAt,
            cancelReason: try Converter.text(cancel_reason, "cancel_reason"), lines: items,
            shippingAddress: try shippingAddress())
        return (order, customerModel, products)
    }

    /// The shipping address on one line, refused above `Order.maxShippingAddressLength` characters.
    private func shippingAddress() throws -> String? {
        guard let line = shipping_address?.line else { return nil }
        let length = line.count
        guard length <= Order.maxShippingAddressLength else {
            throw FieldError(
                field: "shipping_address",
                reason: "must be at most \(Order.maxShippingAddressLength) characters on one line (it has \(length))")
        }
        return line
    }
}

/// Parses an enum from its raw value, naming the allowed values on failure.
func enumValue<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ raw: String?, _ field: String) throws -> T?
where T.RawValue == String {
    guard let raw else { return nil }
    guard let value = T(rawValue: raw) else {
        throw FieldError(field: field, reason: "must be one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return value
}
