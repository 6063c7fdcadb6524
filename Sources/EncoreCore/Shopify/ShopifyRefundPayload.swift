/// The body of Shopify's `refunds/create` webhook: a REST Admin API Refund with its refunded
/// lines and the payment transactions that moved the money.
struct ShopifyRefundPayload: Decodable {
    struct RefundLineItem: Decodable {
        struct LineItemReference: Decodable {
            var id: ShopifyID?
        }

        var line_item_id: ShopifyID?
        var line_item: LineItemReference?
        var quantity: ShopifyInteger
        /// A JSON number in Shopify's bodies (199.0); `subtotal_set` has the same amount as a string.
        var subtotal: ShopifyAmount?
        var total_tax: ShopifyAmount?
        var subtotal_set: ShopifyMoneySet?
        var total_tax_set: ShopifyMoneySet?
    }

    struct Transaction: Decodable {
        var amount: ShopifyAmount?
        /// "refund" for money returned to the customer; also "sale", "capture", "void"...
        var kind: String?
        /// "success", "pending", "failure", "error".
        var status: String?
        var currency: String?
    }

    var id: ShopifyID
    var order_id: ShopifyID
    var created_at: ShopifyTime?
    var processed_at: ShopifyTime?
    var note: String?
    var refund_line_items: [RefundLineItem]?
    var transactions: [Transaction]?
}

extension ShopifyRefundPayload {
    /// Maps the refund. Its amount is the sum of the successful refund transactions; a refund
    /// without transactions counts its lines (subtotal + tax). Each line's amount is its subtotal + tax.
    /// The currency is the transactions' (all must agree), else the store's.
    func mapped(store: Store) throws(ShopifyPayloadError) -> Refund {
        guard let createdAt = created_at?.value ?? processed_at?.value else {
            throw ShopifyPayloadError(field: "created_at", reason: "is required")
        }
        let transactions = self.transactions ?? []
        var currency: Currency?
        for (index, transaction) in transactions.enumerated() {
            guard let code = transaction.currency.shopifyText else { continue }
            let field = "transactions[\(index)].currency"
            let parsed = try ShopifyAmounts.currency(code, field)
            if let currency, currency != parsed {
                throw ShopifyPayloadError(
                    field: field, reason: "'\(parsed.code)' differs from the refund's \(currency.code)")
            }
            currency = parsed
        }
        let amounts = ShopifyAmounts(currency: currency ?? store.currency)

        var lines: [RefundLine] = []
        var linesTotal: Int64 = 0
        for (index, item) in (refund_line_items ?? []).enumerated() {
            let path = "refund_line_items[\(index)]"
            guard let lineKey = item.line_item_id?.value ?? item.line_item?.id?.value else {
                throw ShopifyPayloadError(field: "\(path).line_item_id", reason: "is required")
            }
            guard item.quantity.value >= 0 else {
                throw ShopifyPayloadError(field: "\(path).quantity", reason: "must not be negative")
            }
            let subtotal: Int64
            if let amount = item.subtotal {
                subtotal = try amounts.minorUnits(amount, "\(path).subtotal")
            } else if let amount = item.subtotal_set?.shop_money?.amount {
                subtotal = try amounts.minorUnits(amount, "\(path).subtotal_set.shop_money.amount")
            } else {
                throw ShopifyPayloadError(field: "\(path).subtotal", reason: "is required")
            }
            var tax: Int64 = 0
            if let amount = item.total_tax {
                tax = try amounts.minorUnits(amount, "\(path).total_tax")
            } else if let amount = item.total_tax_set?.shop_money?.amount {
                tax = try amounts.minorUnits(amount, "\(path).total_tax_set.shop_money.amount")
            }
            let amount = try ShopifyAmounts.add(subtotal, tax, "\(path).total_tax")
            linesTotal = try ShopifyAmounts.add(linesTotal, amount, path)
            lines.append(RefundLine(lineKey: lineKey, quantity: item.quantity.value, amount: amount))
        }

        var total: Int64 = 0
        if transactions.isEmpty {
            total = linesTotal
        } else {
            for (index, transaction) in transactions.enumerated() {
                let kind = transaction.kind.shopifyText?.lowercased()
                let status = transaction.status.shopifyText?.lowercased()
                guard kind == "refund", status == nil || status == "success" else { continue }
                let field = "transactions[\(index)].amount"
                guard let amount = transaction.amount else {
                    throw ShopifyPayloadError(field: field, reason: "is required")
                }
                total = try ShopifyAmounts.add(total, try amounts.minorUnits(amount, field), field)
            }
        }
        return Refund(
            storeID: store.id, key: id.value, orderKey: order_id.value, amount: total, currency: amounts.currency,
            reason: note.shopifyText, createdAt: createdAt, lines: lines)
    }
}
