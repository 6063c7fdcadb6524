import Testing

@testable import EncoreCore

@Suite struct ShopifyRefundTests {
    typealias F = ShopifyFixtures

    @Test func refundsCreateCountsSuccessfulRefundTransactions() throws {
        let batch = try F.batch(.refundsCreate, F.refundCreate)
        #expect(batch.storeID == 42 && batch.origin == .live)
        #expect(batch.orders.isEmpty && batch.shipments.isEmpty && batch.events.isEmpty)
        #expect(
            batch.refunds == [
                Refund(
                    storeID: 42, key: "9007199254740997", orderKey: "9007199254740993", amount: 20034, currency: .usd,
                    reason: "Things were damaged", createdAt: F.at("2024-03-06T15:15:00Z"),
                    lines: [RefundLine(lineKey: "9007199254740995", quantity: 1, amount: 20034)])
            ])
    }

    @Test func withoutTransactionsTheLinesAreCounted() throws {
        let json = #"""
            {"id": 9007199254740999, "order_id": 9007199254740993, "created_at": "2024-03-06T10:15:00-05:00",
             "note": null, "restock": true,
             "refund_line_items": [
               {"id": 1, "line_item_id": 9007199254740995, "quantity": 1, "subtotal": 189.0, "total_tax": 11.34},
               {"id": 2, "line_item_id": 866550311766439020, "quantity": 2, "subtotal": "189.00", "total_tax": 0}
             ],
             "transactions": []}
            """#
        let refund = try #require(try F.batch(.refundsCreate, json).refunds.first)
        #expect(refund.amount == 20034 + 18900)
        #expect(refund.currency == .usd)  // no transaction: the store's currency
        #expect(refund.reason == nil)
        #expect(
            refund.lines == [
                RefundLine(lineKey: "9007199254740995", quantity: 1, amount: 20034),
                RefundLine(lineKey: "866550311766439020", quantity: 2, amount: 18900),
            ])
    }

    @Test func failedTransactionsRefundNothing() throws {
        let json = F.replacing(
            F.refundCreate, #""status": "success", "message": null"#, #""status": "pending", "message": null"#)
        #expect(try F.batch(.refundsCreate, json).refunds.first?.amount == 0)
    }

    @Test func transactionWithoutStatusCounts() throws {
        let json = F.replacing(F.refundCreate, #""status": "success", "message": null,"#, "")
        #expect(try F.batch(.refundsCreate, json).refunds.first?.amount == 20034)
    }

    @Test func jpyRefund() throws {
        let json = #"""
            {"id": 5, "order_id": "5678901234567890123", "created_at": "2024-04-11T09:00:00+09:00",
             "refund_line_items": [{"line_item_id": 9223372036854775807, "quantity": 1, "subtotal": 1500.0,
                                    "total_tax": 150, "line_item": {"id": 9223372036854775807}}],
             "transactions": [{"kind": "refund", "status": "success", "amount": "1650", "currency": "JPY"}]}
            """#
        let refund = try #require(try F.batch(.refundsCreate, json).refunds.first)
        #expect(refund.orderKey == "5678901234567890123")
        #expect(refund.currency == .jpy)
        #expect(refund.amount == 1650)
        #expect(refund.lines == [RefundLine(lineKey: "9223372036854775807", quantity: 1, amount: 1650)])

        let fractional = F.replacing(json, #""amount": "1650""#, #""amount": "1650.50""#)
        #expect(F.error(.refundsCreate, fractional)?.field == "transactions[0].amount")
    }

    @Test func kwdRefundFromSubtotalSets() throws {
        // No numeric subtotal: the shop-money strings; no line_item_id: the nested line item's id.
        let json = #"""
            {"id": 6, "order_id": 4503599627370497, "created_at": "2024-05-04T10:00:00+03:00", "note": "Leaked",
             "refund_line_items": [{"quantity": 1, "line_item": {"id": 1311000000000000001},
                                    "subtotal_set": {"shop_money": {"amount": "12.345", "currency_code": "KWD"}},
                                    "total_tax_set": {"shop_money": {"amount": "0.000", "currency_code": "KWD"}}}],
             "transactions": [{"kind": "refund", "status": "success", "amount": "12.345", "currency": "KWD"}]}
            """#
        let refund = try #require(try F.batch(.refundsCreate, json).refunds.first)
        #expect(refund.currency == .kwd)
        #expect(refund.amount == 12345)
        #expect(refund.lines == [RefundLine(lineKey: "1311000000000000001", quantity: 1, amount: 12345)])
        #expect(refund.reason == "Leaked")
    }

    @Test func requiredAndInvalidFields() {
        func error(_ old: String, _ new: String) -> ShopifyPayloadError? {
            F.error(.refundsCreate, F.replacing(F.refundCreate, old, new))
        }
        #expect(error(#""id": 9007199254740997,"#, "") == ShopifyPayloadError(field: "id", reason: "is required"))
        #expect(
            error(#""order_id": 9007199254740993,"#, "")
                == ShopifyPayloadError(field: "order_id", reason: "is required"))
        var noDates = F.replacing(F.refundCreate, #""created_at": "2024-03-06T10:15:00-05:00","#, "")
        noDates = F.replacing(noDates, #""processed_at": "2024-03-06T10:15:00-05:00","#, "")
        #expect(F.error(.refundsCreate, noDates) == ShopifyPayloadError(field: "created_at", reason: "is required"))
        #expect(
            error(#""line_item_id": 9007199254740995,"#, "")
                == nil)  // the nested line_item has the id
        #expect(
            error(#""quantity": 1,"#, "")
                == ShopifyPayloadError(field: "refund_line_items[0].quantity", reason: "is required"))
        #expect(error(#""subtotal": 189.0,"#, #""subtotal": -189.0,"#)?.field == "refund_line_items[0].subtotal")
        #expect(error(#""total_tax": 11.34,"#, #""total_tax": "lots","#)?.field == "refund_line_items[0].total_tax")
        #expect(
            error(
                #""amount": "200.34", "currency": "USD", "payment_id""#,
                #""amount": "-200.34", "currency": "USD", "payment_id""#)?.field == "transactions[2].amount")
        #expect(
            error(#""amount": "410.68", "currency": "USD""#, #""amount": "410.68", "currency": "ABC""#)?.field
                == "transactions[0].currency")
        #expect(
            error(#""amount": "410.68", "currency": "USD""#, #""amount": "410.68", "currency": "EUR""#)?.field
                == "transactions[1].currency")
        #expect(
            error(#""refund_line_items": ["#, #""refund_line_items": "none", "x": ["#)
                == ShopifyPayloadError(field: "refund_line_items", reason: "must be an array"))
    }

    @Test func lineWithoutAnyLineItemID() {
        let json = #"""
            {"id": 7, "order_id": 8, "created_at": "2024-05-04T10:00:00Z",
             "refund_line_items": [{"quantity": 1, "subtotal": "1.00"}]}
            """#
        #expect(
            F.error(.refundsCreate, json)
                == ShopifyPayloadError(field: "refund_line_items[0].line_item_id", reason: "is required"))
        let noSubtotal = #"""
            {"id": 7, "order_id": 8, "created_at": "2024-05-04T10:00:00Z",
             "refund_line_items": [{"quantity": 1, "line_item_id": 9}]}
            """#
        #expect(
            F.error(.refundsCreate, noSubtotal)
                == ShopifyPayloadError(field: "refund_line_items[0].subtotal", reason: "is required"))
    }
}
