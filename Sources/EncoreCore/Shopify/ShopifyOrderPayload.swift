/// The body of Shopify's `orders/create`, `orders/updated` and `orders/cancelled` webhooks:
/// a REST Admin API Order, of which only the fields Encore stores are decoded.
///
/// Order amounts (`subtotal_price`, `total_price`...) are in the shop's currency, `currency`.
struct ShopifyOrderPayload: Decodable {
    struct Customer: Decodable {
        var id: ShopifyID?
        var email: String?
        var phone: String?
        var first_name: String?
        var last_name: String?
        var created_at: ShopifyTime?
        var email_marketing_consent: MarketingConsent?
        var sms_marketing_consent: MarketingConsent?
        /// The field `email_marketing_consent` replaced; read when the newer one is absent.
        var accepts_marketing: Bool?
        var accepts_marketing_updated_at: ShopifyTime?
    }

    struct MarketingConsent: Decodable {
        /// "subscribed", "not_subscribed", "unsubscribed", "pending", "redacted", "invalid".
        var state: String?
        var consent_updated_at: ShopifyTime?
    }

    struct DiscountAllocation: Decodable {
        var amount: ShopifyAmount?
    }

    struct LineItem: Decodable {
        var id: ShopifyID
        var sku: String?
        var title: String?
        var name: String?
        var variant_title: String?
        var quantity: ShopifyInteger
        var price: ShopifyAmount
        var total_discount: ShopifyAmount?
        var discount_allocations: [DiscountAllocation]?
        var product_type: String?
        var vendor: String?
    }

    struct ShippingLine: Decodable {
        var price: ShopifyAmount?
    }

    /// A MailingAddress, of which only the parts of the one-line form are decoded.
    struct Address: Decodable {
        var address1: String?
        var address2: String?
        var city: String?
        var zip: String?
        var province: String?
        var country: String?
        var country_code: String?
    }

    var id: ShopifyID
    var name: String?
    var email: String?
    var phone: String?
    var created_at: ShopifyTime?
    var processed_at: ShopifyTime?
    var updated_at: ShopifyTime?
    var currency: String
    var total_line_items_price: ShopifyAmount?
    var subtotal_price: ShopifyAmount?
    var total_discounts: ShopifyAmount?
    var total_tax: ShopifyAmount?
    var total_price: ShopifyAmount
    var total_shipping_price_set: ShopifyMoneySet?
    var shipping_lines: [ShippingLine]?
    var financial_status: String?
    var fulfillment_status: String?
    var cancelled_at: ShopifyTime?
    var cancel_reason: String?
    var source_name: String?
    var customer_locale: String?
    var customer: Customer?
    var shipping_address: Address?
    var line_items: [LineItem]
}

/// What an order webhook maps to: the order, its customer (if any) and the products its lines name.
struct ShopifyOrderMapping {
    var order: Order
    var customer: EncoreCore.Customer?
    var products: [Product]
}

extension ShopifyOrderPayload {
    /// Maps the order to Encore's domain.
    ///
    /// `cancelled` is true for `orders/cancelled`: the order is then cancelled even if the body
    /// leaves `cancelled_at` null (at `updated_at`, else `receivedAt`).
    func mapped(store: Store, receivedAt: Timestamp, cancelled: Bool) throws(ShopifyPayloadError)
        -> ShopifyOrderMapping
    {
        let currency = try ShopifyAmounts.currency(self.currency, "currency")
        let amounts = ShopifyAmounts(currency: currency)
        guard let placedAt = created_at?.value ?? processed_at?.value else {
            throw ShopifyPayloadError(field: "created_at", reason: "is required")
        }
        let (lines, products) = try mappedLines(store: store, amounts: amounts)

        let discounts = try amounts.minorUnitsIfPresent(total_discounts, "total_discounts") ?? 0
        // Encore's subtotal is before discounts (total = subtotal - discounts + tax + shipping);
        // Shopify's `subtotal_price` is after them, `total_line_items_price` before.
        let subtotal: Int64
        if let before = try amounts.minorUnitsIfPresent(total_line_items_price, "total_line_items_price") {
            subtotal = before
        } else if let after = try amounts.minorUnitsIfPresent(subtotal_price, "subtotal_price") {
            subtotal = try ShopifyAmounts.add(after, discounts, "subtotal_price")
        } else {
            var gross: Int64 = 0  // each line's quantity * price was checked not to overflow
            for line in lines { gross = try ShopifyAmounts.add(gross, line.quantity * line.unitPrice, "line_items") }
            subtotal = gross
        }
        let order = Order(
            storeID: store.id, key: id.value, number: name.shopifyText, customerKey: nil, placedAt: placedAt,
            currency: currency, subtotal: subtotal, discounts: discounts,
            tax: try amounts.minorUnitsIfPresent(total_tax, "total_tax") ?? 0, shipping: try shipping(amounts),
            total: try amounts.minorUnits(total_price, "total_price"), channel: Self.channel(source_name),
            financialStatus: try financialStatus(), fulfilmentStatus: try fulfilmentStatus(),
            cancelledAt: cancelled_at?.value ?? (cancelled ? updated_at?.value ?? receivedAt : nil),
            cancelReason: cancel_reason.shopifyText, lines: lines, shippingAddress: try shippingAddress())
        let customer = mappedCustomer(store: store, placedAt: placedAt, receivedAt: receivedAt)
        var mapped = ShopifyOrderMapping(order: order, customer: customer, products: products)
        mapped.order.customerKey = customer?.key
        return mapped
    }

    private func mappedLines(store: Store, amounts: ShopifyAmounts) throws(ShopifyPayloadError)
        -> ([EncoreCore.LineItem], [Product])
    {
        var lines: [EncoreCore.LineItem] = []
        var products: [Product] = []
        var keys = Set<String>()
        var skus = Set<String>()
        for (index, line) in line_items.enumerated() {
            let path = "line_items[\(index)]"
            guard keys.insert(line.id.value).inserted else {
                throw ShopifyPayloadError(field: "\(path).id", reason: "duplicate line item id '\(line.id.value)'")
            }
            let quantity = line.quantity.value
            guard quantity >= 0 else {
                throw ShopifyPayloadError(field: "\(path).quantity", reason: "must not be negative")
            }
            let unitPrice = try amounts.minorUnits(line.price, "\(path).price")
            let discount = try lineDiscount(line, path, amounts)
            let (gross, overflow) = quantity.multipliedReportingOverflow(by: unitPrice)
            guard !overflow else {
                throw ShopifyPayloadError(field: "\(path).quantity", reason: "quantity * price is too large")
            }
            guard discount <= gross else {
                throw ShopifyPayloadError(field: "\(path).total_discount", reason: "exceeds quantity * price")
            }
            guard let title = Self.lineTitle(line) else {
                throw ShopifyPayloadError(field: "\(path).title", reason: "is required")
            }
            let sku = line.sku.shopifyText
            let category = line.product_type.shopifyText
            lines.append(
                EncoreCore.LineItem(
                    key: line.id.value, sku: sku, title: title, category: category, quantity: quantity,
                    unitPrice: unitPrice, discount: discount, total: gross - discount))
            if let sku, skus.insert(sku).inserted {
                products.append(
                    Product(
                        storeID: store.id, sku: sku, title: title, category: category,
                        price: Money(minorUnits: unitPrice, currency: amounts.currency)))
            }
        }
        return (lines, products)
    }

    /// The line's discount: the sum of its `discount_allocations` when it has any (Shopify's
    /// recommended source, which also carries order-level discounts), else `total_discount`.
    private func lineDiscount(_ line: LineItem, _ path: String, _ amounts: ShopifyAmounts) throws(ShopifyPayloadError)
        -> Int64
    {
        if let allocations = line.discount_allocations, !allocations.isEmpty {
            var sum: Int64 = 0
            for (index, allocation) in allocations.enumerated() {
                let field = "\(path).discount_allocations[\(index)].amount"
                sum = try ShopifyAmounts.add(sum, try amounts.minorUnitsIfPresent(allocation.amount, field) ?? 0, field)
            }
            return sum
        }
        return try amounts.minorUnitsIfPresent(line.total_discount, "\(path).total_discount") ?? 0
    }

    /// `name` ("IPod Nano - 8GB / Pink", title and variant), else the title with its variant.
    static func lineTitle(_ line: LineItem) -> String? {
        if let name = line.name.shopifyText { return name }
        guard let title = line.title.shopifyText else { return nil }
        if let variant = line.variant_title.shopifyText { return title + " - " + variant }
        return title
    }

    /// `total_shipping_price_set.shop_money.amount`, else the sum of `shipping_lines[].price`.
    private func shipping(_ amounts: ShopifyAmounts) throws(ShopifyPayloadError) -> Int64 {
        if let amount = total_shipping_price_set?.shop_money?.amount {
            return try amounts.minorUnits(amount, "total_shipping_price_set.shop_money.amount")
        }
        var sum: Int64 = 0
        for (index, line) in (shipping_lines ?? []).enumerated() {
            let field = "shipping_lines[\(index)].price"
            sum = try ShopifyAmounts.add(sum, try amounts.minorUnitsIfPresent(line.price, field) ?? 0, field)
        }
        return sum
    }

    /// `shipping_address` on one line (`Order.oneLineAddress`): address1, address2, city, zip, province
    /// and the country's code (else its name). Nil when absent, null or without any part; refused when
    /// longer than `Order.maxShippingAddressLength` characters.
    private func shippingAddress() throws(ShopifyPayloadError) -> String? {
        guard let address = shipping_address else { return nil }
        let country = address.country_code.shopifyText ?? address.country
        guard
            let line = Order.oneLineAddress([
                address.address1, address.address2, address.city, address.zip, address.province, country,
            ])
        else { return nil }
        let length = line.count
        guard length <= Order.maxShippingAddressLength else {
            throw ShopifyPayloadError(
                field: "shipping_address",
                reason: "must be at most \(Order.maxShippingAddressLength) characters on one line (it has \(length))")
        }
        return line
    }

    /// Where the order was placed, from `source_name`: "pos", a mobile app, or the web (anything else,
    /// including the numeric ids of sales-channel apps and "shopify_draft_order").
    static func channel(_ sourceName: String?) -> SalesChannel {
        switch sourceName.shopifyText?.lowercased() {
        case "pos": return .pos
        case "iphone", "ipad", "android", "mobile", "mobile_app", "app": return .app
        default: return .web
        }
    }

    private func financialStatus() throws(ShopifyPayloadError) -> FinancialStatus {
        guard let raw = financial_status.shopifyText?.lowercased() else { return .paid }
        if let status = FinancialStatus(rawValue: raw) { return status }
        switch raw {
        case "expired": return .voided
        case "unpaid": return .pending
        default:
            throw ShopifyPayloadError(field: "financial_status", reason: "'\(raw)' is not a Shopify financial status")
        }
    }

    /// Shopify sends null for an unfulfilled order (and "pending" in older test notifications).
    private func fulfilmentStatus() throws(ShopifyPayloadError) -> FulfilmentStatus {
        switch fulfillment_status.shopifyText?.lowercased() {
        case nil, "unfulfilled", "pending", "unshipped": return .unfulfilled
        case "partial", "partially_fulfilled": return .partial
        case "fulfilled", "shipped": return .fulfilled
        case "restocked": return .restocked
        case let raw?:
            throw ShopifyPayloadError(
                field: "fulfillment_status", reason: "'\(raw)' is not a Shopify fulfillment status")
        }
    }

    /// The order's customer: keyed by the Shopify customer id, else by e-mail; nil for an anonymous order.
    private func mappedCustomer(store: Store, placedAt: Timestamp, receivedAt: Timestamp) -> EncoreCore.Customer? {
        let email = customer?.email.shopifyText ?? self.email.shopifyText
        guard let key = customer?.id?.value ?? email.map(EncoreCore.Customer.key(forEmail:)) else { return nil }
        let fallbackTime = updated_at?.value ?? receivedAt
        var consents: [Consent] = []
        if let consent = customer?.email_marketing_consent, let state = consent.state.shopifyText {
            consents.append(
                Consent(
                    channel: .email, purpose: .marketing, granted: state.lowercased() == "subscribed",
                    updatedAt: consent.consent_updated_at?.value ?? fallbackTime))
        } else if let accepts = customer?.accepts_marketing {
            consents.append(
                Consent(
                    channel: .email, purpose: .marketing, granted: accepts,
                    updatedAt: customer?.accepts_marketing_updated_at?.value ?? fallbackTime))
        }
        if let consent = customer?.sms_marketing_consent, let state = consent.state.shopifyText {
            consents.append(
                Consent(
                    channel: .sms, purpose: .marketing, granted: state.lowercased() == "subscribed",
                    updatedAt: consent.consent_updated_at?.value ?? fallbackTime))
        }
        return EncoreCore.Customer(
            storeID: store.id, key: key, email: email, phone: customer?.phone.shopifyText ?? phone.shopifyText,
            firstName: customer?.first_name.shopifyText, lastName: customer?.last_name.shopifyText,
            locale: customer_locale.shopifyText, consents: consents,
            createdAt: customer?.created_at?.value ?? placedAt)
    }
}
