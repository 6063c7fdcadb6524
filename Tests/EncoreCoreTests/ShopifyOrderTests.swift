import Testing

@testable import EncoreCore

@Suite struct ShopifyOrderTests {
    typealias F = ShopifyFixtures

    @Test func ordersCreateMapsOrderCustomerAndProducts() throws {
        let batch = try F.batch(.ordersCreate, F.orderCreate)
        #expect(batch.storeID == 42)
        #expect(batch.origin == .live)
        #expect(batch.events.isEmpty && batch.shipments.isEmpty && batch.refunds.isEmpty && batch.returns.isEmpty)
        #expect(batch.webhookDelivery == nil)

        let order = try #require(batch.orders.first)
        #expect(batch.orders.count == 1)
        #expect(order.storeID == 42)
        #expect(order.key == "9007199254740993")
        #expect(order.number == "#1001")
        #expect(order.customerKey == "18446744073709551614")
        #expect(order.placedAt == F.at("2024-03-01T17:30:00Z"))
        #expect(order.currency == .usd)
        // Encore's subtotal is before discounts: total_line_items_price.
        #expect(order.subtotal == 39800)
        #expect(order.discounts == 2000)
        #expect(order.tax == 2268)
        #expect(order.shipping == 1000)
        #expect(order.total == 41068)
        #expect(order.subtotal - order.discounts + order.tax + order.shipping == order.total)
        #expect(order.channel == .web)
        #expect(order.financialStatus == .paid)
        #expect(order.fulfilmentStatus == .unfulfilled)
        #expect(order.cancelledAt == nil)
        #expect(order.cancelReason == nil)
        #expect(
            order.lines == [
                LineItem(
                    key: "9007199254740995", sku: "IPOD2008PINK", title: "IPod Nano - 8GB - Pink",
                    category: "Music players", quantity: 1, unitPrice: 19900, discount: 1000, total: 18900),
                LineItem(
                    key: "866550311766439020", sku: "CABLE-1M", title: "USB-C Cable", category: nil, quantity: 2,
                    unitPrice: 9950, discount: 1000, total: 18900),
            ])

        #expect(
            batch.customers == [
                Customer(
                    storeID: 42, key: "18446744073709551614", email: "Jon@Example.com", phone: "+15145550100",
                    firstName: "Jon", lastName: "Snow", timeZone: nil, locale: "en-US",
                    consents: [
                        Consent(
                            channel: .email, purpose: .marketing, granted: true, updatedAt: F.at("2024-02-01T13:00:00Z")
                        ),
                        // No consent_updated_at: the order's updated_at.
                        Consent(
                            channel: .sms, purpose: .marketing, granted: false, updatedAt: F.at("2024-03-01T17:31:00Z")),
                    ],
                    createdAt: F.at("2023-11-20T14:00:00Z"))
            ])
        #expect(
            batch.products == [
                Product(
                    storeID: 42, sku: "IPOD2008PINK", title: "IPod Nano - 8GB - Pink", category: "Music players",
                    price: Money(minorUnits: 19900, currency: .usd)),
                Product(
                    storeID: 42, sku: "CABLE-1M", title: "USB-C Cable", category: nil,
                    price: Money(minorUnits: 9950, currency: .usd)),
            ])
    }

    @Test func ordersUpdatedMapsTheSameWay() throws {
        let created = try F.batch(.ordersCreate, F.orderCreate)
        let updated = try F.batch(.ordersUpdated, F.orderCreate)
        #expect(created.orders == updated.orders)
        #expect(created.customers == updated.customers)
        #expect(created.products == updated.products)
    }

    @Test func jpyOrderHasNoMinorUnit() throws {
        let batch = try F.batch(.ordersCreate, F.orderJPY)
        let order = try #require(batch.orders.first)
        #expect(order.key == "5678901234567890123")
        #expect(order.currency == .jpy)
        #expect(order.placedAt == F.at("2024-04-10T06:00:00Z"))  // created_at null: processed_at
        #expect(order.subtotal == 3000)
        #expect(order.tax == 300)
        #expect(order.shipping == 300)  // sum of shipping_lines
        #expect(order.total == 3600)
        #expect(order.channel == .pos)
        #expect(order.fulfilmentStatus == .fulfilled)
        #expect(
            order.lines == [
                LineItem(
                    key: "9223372036854775807", sku: "MATCHA-100", title: "抹茶 100g", category: "Tea", quantity: 2,
                    unitPrice: 1500, discount: 0, total: 3000)
            ])
        #expect(batch.products.map(\.price) == [Money(minorUnits: 1500, currency: .jpy)])

        let fractional = F.replacing(F.orderJPY, #""price": "1500.00""#, #""price": "1500.5""#)
        let error = try #require(F.error(.ordersCreate, fractional))
        #expect(error.field == "line_items[0].price")
        #expect(error.reason.contains("decimal place"))
    }

    @Test func customerKeyedByEmailWithoutCustomerObject() throws {
        let batch = try F.batch(.ordersCreate, F.orderJPY)
        #expect(batch.orders.first?.customerKey == "email:taro@example.jp")
        let customer = try #require(batch.customers.first)
        #expect(customer.key == Customer.key(forEmail: "Taro@Example.jp"))
        #expect(customer.email == "Taro@Example.jp")
        #expect(customer.phone == nil)  // "" is no phone
        #expect(customer.locale == "ja")
        #expect(customer.consents.isEmpty)
        #expect(customer.createdAt == F.at("2024-04-10T06:00:00Z"))
    }

    @Test func anonymousOrderHasNoCustomer() throws {
        var json = F.replacing(F.orderJPY, #""email": "Taro@Example.jp","#, "")
        json = F.replacing(json, #""phone": "","#, "")
        let batch = try F.batch(.ordersCreate, json)
        #expect(batch.customers.isEmpty)
        #expect(batch.orders.first?.customerKey == nil)
    }

    @Test func kwdOrderHasThreeDecimals() throws {
        let batch = try F.batch(.ordersUpdated, F.orderKWD)
        let order = try #require(batch.orders.first)
        #expect(order.key == "4503599627370497")
        #expect(order.currency == .kwd)
        #expect(order.subtotal == 24690)
        #expect(order.shipping == 1500)
        #expect(order.total == 26190)
        #expect(order.lines.first?.unitPrice == 12345)
        #expect(order.lines.first?.total == 24690)
        #expect(order.lines.first?.key == "1311000000000000001")
        #expect(order.channel == .app)
        #expect(order.financialStatus == .partiallyRefunded)
        #expect(order.fulfilmentStatus == .partial)
        // The older accepts_marketing field, dated by the order's updated_at.
        #expect(
            batch.customers.first?.consents == [
                Consent(channel: .email, purpose: .marketing, granted: false, updatedAt: F.at("2024-05-03T08:00:00Z"))
            ])

        let tooPrecise = F.replacing(F.orderKWD, #""price": "12.345""#, #""price": "12.3456""#)
        #expect(F.error(.ordersUpdated, tooPrecise)?.field == "line_items[0].price")
    }

    @Test func cancelledOrderHasCancelledAt() throws {
        let batch = try F.batch(.ordersCancelled, F.orderCancelled)
        let order = try #require(batch.orders.first)
        #expect(order.key == "820982911946154508")
        #expect(order.cancelledAt == F.at("2022-01-01T00:00:00Z"))
        #expect(order.cancelReason == "customer")
        #expect(order.financialStatus == .voided)
        #expect(order.subtotal == 39800)
        #expect(order.discounts == 1000)
        #expect(order.lines.first?.total == 38800)
        let customer = try #require(batch.customers.first)
        #expect(customer.key == "115310627314723954")
        #expect(customer.createdAt == order.placedAt)  // customer created_at null
        #expect(
            customer.consents == [
                Consent(channel: .email, purpose: .marketing, granted: false, updatedAt: F.at("2022-01-01T00:00:05Z"))
            ])
    }

    @Test func cancelledTopicWithoutCancelledAtUsesUpdatedAt() throws {
        let json = F.replacing(
            F.orderCancelled, #""cancelled_at": "2021-12-31T19:00:00-05:00""#, #""cancelled_at": null"#)
        #expect(try F.batch(.ordersCancelled, json).orders.first?.cancelledAt == F.at("2022-01-01T00:00:05Z"))
        #expect(try F.batch(.ordersUpdated, json).orders.first?.cancelledAt == nil)
    }

    @Test func idsAreExactWhateverTheirForm() throws {
        let gid = F.replacing(
            F.orderKWD, #""id": 4503599627370497"#, #""id": "gid://shopify/Order/5678901234567890123""#)
        #expect(try F.batch(.ordersCreate, gid).orders.first?.key == "5678901234567890123")
        let max = F.replacing(F.orderKWD, #""id": 4503599627370497"#, #""id": 18446744073709551615"#)
        #expect(try F.batch(.ordersCreate, max).orders.first?.key == "18446744073709551615")
        for bad in ["-5", "1.5", "0", "\"12ab\"", "18446744073709551616", "true"] {
            let json = F.replacing(F.orderKWD, #""id": 4503599627370497"#, #""id": \#(bad)"#)
            #expect(F.error(.ordersCreate, json)?.field == "id", "id \(bad)")
        }
    }

    @Test func sourceNameMapsToChannel() {
        #expect(ShopifyOrderPayload.channel("web") == .web)
        #expect(ShopifyOrderPayload.channel("pos") == .pos)
        #expect(ShopifyOrderPayload.channel("iphone") == .app)
        #expect(ShopifyOrderPayload.channel("android") == .app)
        #expect(ShopifyOrderPayload.channel("shopify_draft_order") == .web)
        #expect(ShopifyOrderPayload.channel("1354745") == .web)
        #expect(ShopifyOrderPayload.channel(nil) == .web)
    }

    @Test func olderPendingFulfillmentStatusIsUnfulfilled() throws {
        let json = F.replacing(F.orderCancelled, #""fulfillment_status": null"#, #""fulfillment_status": "pending""#)
        #expect(try F.batch(.ordersUpdated, json).orders.first?.fulfilmentStatus == .unfulfilled)
    }

    @Test func productsAreOnePerSKU() throws {
        // Two lines of the same SKU, and one without a SKU.
        let json = #"""
            {"id": 1, "created_at": "2024-01-01T00:00:00Z", "currency": "EUR", "total_price": "30.00",
             "line_items": [
               {"id": 11, "title": "Mug", "sku": "MUG", "quantity": 1, "price": "10.00"},
               {"id": 12, "title": "Mug", "sku": "MUG", "quantity": 1, "price": "10.00"},
               {"id": 13, "title": "Gift wrap", "sku": "", "quantity": 1, "price": "10.00"}
             ]}
            """#
        let batch = try F.batch(.ordersCreate, json)
        #expect(batch.products.map(\.sku) == ["MUG"])
        #expect(batch.orders.first?.lines.map(\.sku) == ["MUG", "MUG", nil])
        #expect(batch.orders.first?.subtotal == 3000)  // no subtotal fields: the lines' sum
    }
}
