import Testing

@testable import EncoreCore

/// Missing and invalid fields name their JSON path.
@Suite struct ShopifyPayloadErrorTests {
    typealias F = ShopifyFixtures

    func orderError(_ old: String, _ new: String, base: String = F.orderCreate) -> ShopifyPayloadError? {
        F.error(.ordersCreate, F.replacing(base, old, new))
    }

    @Test func missingRequiredFields() {
        let cases: [(old: String, field: String)] = [
            (#""id": 9007199254740993,"#, "id"),
            (#""currency": "USD","#, "currency"),
            (#""total_price": "410.68","#, "total_price"),
            (#""price": "99.50","#, "line_items[1].price"),
            (#""quantity": 2,"#, "line_items[1].quantity"),
            (#""id": 866550311766439020,"#, "line_items[1].id"),
        ]
        for (old, field) in cases {
            let error = orderError(old, "")
            #expect(error == ShopifyPayloadError(field: field, reason: "is required"), "removing \(old)")
        }
    }

    @Test func nullRequiredFields() {
        let lines = orderError(#""line_items": ["#, #""line_items": null, "ignored": ["#)
        #expect(lines == ShopifyPayloadError(field: "line_items", reason: "is required but is null"))
        let price = orderError(#""price": "199.00","#, #""price": null,"#)
        #expect(price == ShopifyPayloadError(field: "line_items[0].price", reason: "is required but is null"))
    }

    @Test func missingCreatedAtAndProcessedAt() {
        let error = orderError(#""processed_at": "2024-04-10T15:00:00+09:00","#, "", base: F.orderJPY)
        #expect(error == ShopifyPayloadError(field: "created_at", reason: "is required"))
    }

    @Test func missingTitleAndName() {
        let json = F.replacing(F.orderKWD, #""title": "Oud Oil", "name": "Oud Oil","#, "")
        #expect(
            F.error(.ordersCreate, json) == ShopifyPayloadError(field: "line_items[0].title", reason: "is required"))
    }

    @Test func wrongTypes() {
        let quantity = orderError(#""quantity": 2,"#, #""quantity": "two","#)
        #expect(quantity == ShopifyPayloadError(field: "line_items[1].quantity", reason: "must be an integer"))
        let fractional = orderError(#""quantity": 2,"#, #""quantity": 1.5,"#)
        #expect(fractional?.field == "line_items[1].quantity")
        let state = orderError(#""state": "subscribed","#, #""state": 1,"#)
        #expect(
            state == ShopifyPayloadError(field: "customer.email_marketing_consent.state", reason: "must be a string"))
        let customer = orderError(#""customer": {"#, #""customer": "jon", "was_customer": {"#)
        #expect(customer == ShopifyPayloadError(field: "customer", reason: "must be an object"))
        let items = orderError(#""line_items": ["#, #""line_items": {}, "ignored": ["#)
        #expect(items == ShopifyPayloadError(field: "line_items", reason: "must be an array"))
        let accepts = orderError(#""accepts_marketing": false"#, #""accepts_marketing": "no""#, base: F.orderKWD)
        #expect(accepts == ShopifyPayloadError(field: "customer.accepts_marketing", reason: "must be true or false"))
        let price = orderError(#""price": "199.00","#, #""price": {"amount": "199.00"},"#)
        #expect(price?.field == "line_items[0].price")
        #expect(price?.reason == "must be a decimal amount, as a string or a number")
    }

    @Test func invalidValues() {
        let currency = orderError(#""currency": "USD","#, #""currency": "XYZ","#)
        #expect(currency == ShopifyPayloadError(field: "currency", reason: "'XYZ' is not an ISO 4217 currency code"))
        let negative = orderError(#""price": "199.00","#, #""price": "-199.00","#)
        #expect(negative == ShopifyPayloadError(field: "line_items[0].price", reason: "'-199.00' must not be negative"))
        #expect(negative?.description == "line_items[0].price: '-199.00' must not be negative")
        let tax = orderError(#""total_tax": "22.68","#, #""total_tax": "-1.00","#)
        #expect(tax?.field == "total_tax")
        let created = orderError(#""created_at": "2024-03-01T12:30:00-05:00","#, #""created_at": "yesterday","#)
        #expect(created?.field == "created_at")
        #expect(created?.reason.contains("ISO 8601") == true)
        let consentDate = orderError(
            #""consent_updated_at": "2024-02-01T08:00:00-05:00""#, #""consent_updated_at": "2024-02-01""#)
        #expect(consentDate == nil)  // a bare date is midnight UTC, accepted
        let customerID = orderError(#""id": 18446744073709551614,"#, #""id": -5,"#)
        #expect(customerID?.field == "customer.id")
        let allocation = orderError(
            #"{"amount": "10.00", "discount_application_index""#, #"{"amount": "ten", "discount_application_index""#)
        #expect(allocation?.field == "line_items[0].discount_allocations[0].amount")
        let shipping = orderError(
            #"{"amount": "10.00", "currency_code": "USD"},"#, #"{"amount": "10.001", "currency_code": "USD"},"#)
        #expect(shipping?.field == "total_shipping_price_set.shop_money.amount")
        let financial = orderError(#""financial_status": "paid""#, #""financial_status": "bartered""#)
        #expect(financial?.field == "financial_status")
        let fulfilment = orderError(#""fulfillment_status": null"#, #""fulfillment_status": "teleported""#)
        #expect(fulfilment?.field == "fulfillment_status")
        let duplicate = orderError(#""id": 866550311766439020,"#, #""id": 9007199254740995,"#)
        #expect(duplicate?.field == "line_items[1].id")
    }

    @Test func arithmeticOverflowAndExcessDiscount() {
        let overflow = orderError(#""quantity": 2,"#, #""quantity": 9223372036854775807,"#, base: F.orderKWD)
        #expect(overflow?.field == "line_items[0].quantity")
        let hugePrice = orderError(#""price": "12.345""#, #""price": "99999999999999999999.000""#, base: F.orderKWD)
        #expect(
            hugePrice
                == ShopifyPayloadError(field: "line_items[0].price", reason: "'99999999999999999999.000' is too large"))
        let discount = orderError(#""total_discount": "0.000""#, #""total_discount": "30.000""#, base: F.orderKWD)
        #expect(
            discount == ShopifyPayloadError(field: "line_items[0].total_discount", reason: "exceeds quantity * price"))
    }

    @Test func malformedBodies() {
        #expect(F.error(.ordersCreate, "") == ShopifyPayloadError(field: "body", reason: "is empty"))
        #expect(
            F.error(.ordersCreate, #"{"id": 1,"#) == ShopifyPayloadError(field: "body", reason: "is not valid JSON"))
        #expect(F.error(.ordersCreate, "[]") == ShopifyPayloadError(field: "body", reason: "must be an object"))
        #expect(F.error(.refundsCreate, "null")?.field == "body")
        do throws(ShopifyPayloadError) {
            _ = try ShopifyWebhook.batch(
                topic: .ordersCreate, body: [0x7B, 0xFF, 0x7D], store: F.store, receivedAt: F.receivedAt)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error == ShopifyPayloadError(field: "body", reason: "is not valid UTF-8"))
        }
    }

    @Test func codingPathRendering() {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int?
            init(stringValue: String) { self.stringValue = stringValue }
            init(intValue: Int) {
                self.stringValue = "Index \(intValue)"
                self.intValue = intValue
            }
        }
        let path: [any CodingKey] = [Key(stringValue: "line_items"), Key(intValue: 2), Key(stringValue: "price")]
        #expect(ShopifyPayloadError.path(path) == "line_items[2].price")
        #expect(ShopifyPayloadError.path([]) == "body")
    }

    @Test func topicsAreShopifyHeaderValues() {
        #expect(ShopifyTopic(rawValue: "orders/create") == .ordersCreate)
        #expect(ShopifyTopic(rawValue: "fulfillments/update") == .fulfillmentsUpdate)
        #expect(ShopifyTopic(rawValue: "refunds/create") == .refundsCreate)
        #expect(ShopifyTopic.allCases.count == 6)
        #expect(ShopifyTopic(rawValue: "products/create") == nil)
    }
}
