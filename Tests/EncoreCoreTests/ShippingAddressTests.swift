import Testing

@testable import EncoreCore

/// Orders carry their shipping address on one line, from Shopify's `shipping_address` object.
@Suite struct ShippingAddressTests {
    typealias F = ShopifyFixtures

    /// `orderCreate` with a `shipping_address` member before `customer`.
    static func withAddress(_ address: String) -> String {
        F.replacing(F.orderCreate, #""customer": {"#, #""shipping_address": \#(address), "customer": {"#)
    }

    static let paris = #"""
        {"first_name": "Jon", "last_name": "Snow", "address1": "12 Rue de la Paix", "address2": "",
         "city": "Paris", "zip": "75002", "province": null, "country": "France", "country_code": "FR",
         "phone": "+33 1 23 45 67 89", "latitude": 48.8686, "longitude": 2.3314}
        """#

    @Test func shopifyOrderWithoutAnAddressHasNone() throws {
        #expect(try F.batch(.ordersCreate, F.orderCreate).orders.first?.shippingAddress == nil)
        #expect(try F.batch(.ordersCreate, Self.withAddress("null")).orders.first?.shippingAddress == nil)
        #expect(try F.batch(.ordersCreate, Self.withAddress("{}")).orders.first?.shippingAddress == nil)
        let blank = #"{"address1": " ", "city": "", "country_code": null}"#
        #expect(try F.batch(.ordersCreate, Self.withAddress(blank)).orders.first?.shippingAddress == nil)
    }

    @Test func shopifyAddressIsOneLineWithTheCountryCode() throws {
        let order = try #require(try F.batch(.ordersCreate, Self.withAddress(Self.paris)).orders.first)
        // Empty and null parts are dropped; the country code wins over the country's name.
        #expect(order.shippingAddress == "12 Rue de la Paix, Paris, 75002, FR")

        let full = #"""
            {"address1": " 1 Infinite Loop ", "address2": "Suite 4", "city": "Cupertino", "zip": "95014",
             "province": "California", "country": "United States"}
            """#
        #expect(
            try F.batch(.ordersUpdated, Self.withAddress(full)).orders.first?.shippingAddress
                == "1 Infinite Loop, Suite 4, Cupertino, 95014, California, United States")
    }

    @Test func shopifyAddressChangesTheContentHash() throws {
        let without = try #require(try F.batch(.ordersCreate, F.orderCreate).orders.first)
        let with = try #require(try F.batch(.ordersCreate, Self.withAddress(Self.paris)).orders.first)
        #expect(with.contentHash != without.contentHash)
        var moved = with
        moved.shippingAddress = "1 Other Street, Paris, 75001, FR"
        #expect(moved.contentHash != with.contentHash)
    }

    @Test func shopifyAddressTooLongOrMistypedIsRefused() throws {
        let long = #"{"address1": "\#(String(repeating: "x", count: 490))", "city": "Paris", "country_code": "FR"}"#
        let error = try #require(F.error(.ordersCreate, Self.withAddress(long)))
        #expect(error.field == "shipping_address")
        #expect(error.reason.contains("at most 500 characters"))
        // Exactly 500 characters on one line is accepted.
        let fits = #"{"address1": "\#(String(repeating: "x", count: 492))", "city": "Nantes"}"#
        #expect(try F.batch(.ordersCreate, Self.withAddress(fits)).orders.first?.shippingAddress?.count == 500)

        #expect(F.error(.ordersCreate, Self.withAddress(#""12 Rue de la Paix""#))?.field == "shipping_address")
        #expect(F.error(.ordersCreate, Self.withAddress(#"{"zip": 75002}"#))?.field == "shipping_address.zip")
    }

    @Test func oneLineAddressTrimsAndDropsEmptyParts() {
        #expect(
            Order.oneLineAddress(["12 Rue de la Paix", nil, " Paris ", "75002", "", "FR"])
                == "12 Rue de la Paix, Paris, 75002, FR")
        #expect(Order.oneLineAddress([nil, " ", "\n"]) == nil)
        #expect(Order.oneLineAddress([]) == nil)
    }

    @Test func anOrderWithoutAnAddressKeepsItsHash() {
        let order = Order(
            storeID: 1, key: "1001", number: "#1001", customerKey: "c1",
            placedAt: Timestamp(millisecondsSinceEpoch: 1_772_359_200_000), currency: .usd, subtotal: 5000, total: 5000,
            lines: [LineItem(key: "1", sku: "SKU-1", title: "Item 1", quantity: 1, unitPrice: 5000)])
        // The digest orders had before addresses were stored: a replay of an older order is unchanged.
        #expect(order.contentHash == "857f5619f41e005a91feb20ae653d8be")
        var addressed = order
        addressed.shippingAddress = "12 Rue de la Paix, 75002 Paris, FR"
        #expect(addressed.contentHash != order.contentHash)
    }
}
