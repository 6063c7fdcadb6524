import Foundation
import Testing

@testable import EncoreCore

/// Webhook bodies modeled on Shopify's documented REST webhook examples, and helpers to map them.
enum ShopifyFixtures {
    static let store = Store(
        id: 42, organisationID: 1, name: "acme", currency: .usd, timeZone: "America/New_York",
        webhookSecret: "shpss_test", createdAt: at("2023-01-01T00:00:00Z"))
    static let receivedAt = at("2024-03-05T10:00:00Z")

    static func at(_ text: String) -> Timestamp { ISO8601.parse(text)! }

    static func batch(_ topic: ShopifyTopic, _ json: String, store: Store = store) throws -> IngestBatch {
        try ShopifyWebhook.batch(topic: topic, body: Array(json.utf8), store: store, receivedAt: receivedAt)
    }

    /// The error mapping `json` raises, or nil when it maps.
    static func error(_ topic: ShopifyTopic, _ json: String, store: Store = store) -> ShopifyPayloadError? {
        do throws(ShopifyPayloadError) {
            _ = try ShopifyWebhook.batch(topic: topic, body: Array(json.utf8), store: store, receivedAt: receivedAt)
            return nil
        } catch {
            return error
        }
    }

    /// `json` with one exact snippet replaced; fails the test if the snippet is not there.
    static func replacing(_ json: String, _ old: String, _ new: String) -> String {
        #expect(json.contains(old), "fixture has no \(old)")
        return json.replacingOccurrences(of: old, with: new)
    }

    /// orders/create for a USD order: ids above 2^53, a subscribed customer, a line discounted through
    /// `discount_allocations` and one through `total_discount`, shipping in `total_shipping_price_set`.
    static let orderCreate = #"""
        {
          "id": 9007199254740993,
          "admin_graphql_api_id": "gid://shopify/Order/9007199254740993",
          "app_id": 580111,
          "browser_ip": "203.0.113.7",
          "buyer_accepts_marketing": true,
          "cancel_reason": null,
          "cancelled_at": null,
          "cart_token": "Z2NwLXVzLWVhc3QxOjAxSks5MkVKMFBDWUZaWkZYNzFDVFZESkJB",
          "checkout_id": 42746765574218,
          "client_details": {"accept_language": "en-US", "browser_ip": "203.0.113.7", "user_agent": "Mozilla/5.0"},
          "closed_at": null,
          "confirmation_number": "TEDILJ8AD",
          "confirmed": true,
          "contact_email": "jon@example.com",
          "created_at": "2024-03-01T12:30:00-05:00",
          "currency": "USD",
          "current_subtotal_price": "378.00",
          "current_total_price": "410.68",
          "customer_locale": "en-US",
          "discount_codes": [{"code": "SPRING10", "amount": "10.00", "type": "fixed_amount"}],
          "email": "jon@example.com",
          "estimated_taxes": false,
          "financial_status": "paid",
          "fulfillment_status": null,
          "landing_site": "/",
          "name": "#1001",
          "note": null,
          "note_attributes": [],
          "number": 1,
          "order_number": 1001,
          "payment_gateway_names": ["shopify_payments"],
          "phone": "+15145550100",
          "presentment_currency": "USD",
          "processed_at": "2024-03-01T12:30:01-05:00",
          "source_name": "web",
          "subtotal_price": "378.00",
          "subtotal_price_set": {
            "shop_money": {"amount": "378.00", "currency_code": "USD"},
            "presentment_money": {"amount": "378.00", "currency_code": "USD"}
          },
          "tags": "",
          "tax_lines": [{"price": "22.68", "rate": 0.06, "title": "State Tax"}],
          "taxes_included": false,
          "test": false,
          "token": "123456abcd",
          "total_discounts": "20.00",
          "total_line_items_price": "398.00",
          "total_outstanding": "0.00",
          "total_price": "410.68",
          "total_shipping_price_set": {
            "shop_money": {"amount": "10.00", "currency_code": "USD"},
            "presentment_money": {"amount": "10.00", "currency_code": "USD"}
          },
          "total_tax": "22.68",
          "total_weight": 1134,
          "updated_at": "2024-03-01T12:31:00-05:00",
          "user_id": null,
          "billing_address": {"first_name": "Jon", "last_name": "Snow", "city": "Ottawa", "country_code": "CA"},
          "customer": {
            "id": 18446744073709551614,
            "email": "Jon@Example.com",
            "created_at": "2023-11-20T09:00:00-05:00",
            "updated_at": "2024-03-01T12:31:00-05:00",
            "first_name": "Jon",
            "last_name": "Snow",
            "state": "enabled",
            "note": null,
            "verified_email": true,
            "multipass_identifier": null,
            "tax_exempt": false,
            "phone": "+15145550100",
            "email_marketing_consent": {
              "state": "subscribed",
              "opt_in_level": "single_opt_in",
              "consent_updated_at": "2024-02-01T08:00:00-05:00"
            },
            "sms_marketing_consent": {
              "state": "not_subscribed",
              "opt_in_level": "single_opt_in",
              "consent_updated_at": null,
              "consent_collected_from": "OTHER"
            },
            "tags": "",
            "currency": "USD",
            "tax_exemptions": [],
            "admin_graphql_api_id": "gid://shopify/Customer/18446744073709551614",
            "default_address": {"id": 715243470612851245, "customer_id": 18446744073709551614, "default": true}
          },
          "discount_applications": [
            {"target_type": "line_item", "type": "discount_code", "value": "10.0", "value_type": "fixed_amount",
             "allocation_method": "across", "target_selection": "all", "code": "SPRING10"}
          ],
          "fulfillments": [],
          "line_items": [
            {
              "id": 9007199254740995,
              "admin_graphql_api_id": "gid://shopify/LineItem/9007199254740995",
              "current_quantity": 1,
              "fulfillable_quantity": 1,
              "fulfillment_service": "manual",
              "fulfillment_status": null,
              "gift_card": false,
              "grams": 567,
              "name": "IPod Nano - 8GB - Pink",
              "price": "199.00",
              "price_set": {
                "shop_money": {"amount": "199.00", "currency_code": "USD"},
                "presentment_money": {"amount": "199.00", "currency_code": "USD"}
              },
              "product_exists": true,
              "product_id": 632910392,
              "product_type": "Music players",
              "properties": [],
              "quantity": 1,
              "requires_shipping": true,
              "sku": "IPOD2008PINK",
              "taxable": true,
              "title": "IPod Nano - 8GB",
              "total_discount": "0.00",
              "variant_id": 808950810,
              "variant_title": "Pink",
              "vendor": "Apple",
              "tax_lines": [{"price": "11.34", "rate": 0.06, "title": "State Tax"}],
              "duties": [],
              "discount_allocations": [
                {"amount": "10.00", "discount_application_index": 0,
                 "amount_set": {"shop_money": {"amount": "10.00", "currency_code": "USD"}}}
              ]
            },
            {
              "id": 866550311766439020,
              "admin_graphql_api_id": "gid://shopify/LineItem/866550311766439020",
              "current_quantity": 2,
              "fulfillable_quantity": 2,
              "fulfillment_service": "manual",
              "fulfillment_status": null,
              "gift_card": false,
              "grams": 0,
              "name": "USB-C Cable",
              "price": "99.50",
              "product_exists": true,
              "product_id": 921728736,
              "properties": [],
              "quantity": 2,
              "requires_shipping": true,
              "sku": "CABLE-1M",
              "taxable": true,
              "title": "USB-C Cable",
              "total_discount": "10.00",
              "variant_id": 457924702,
              "variant_title": null,
              "vendor": "Acme",
              "tax_lines": [],
              "duties": [],
              "discount_allocations": []
            }
          ],
          "payment_terms": null,
          "refunds": [],
          "shipping_lines": [
            {"id": 271878346596884015, "code": "Standard", "price": "10.00", "discounted_price": "10.00",
             "source": "shopify", "title": "Standard", "tax_lines": [], "discount_allocations": []}
          ],
          "returns": []
        }
        """#

    /// orders/create for a JPY point-of-sale order (no minor unit): no customer object but an e-mail,
    /// no `created_at` (so `processed_at`), shipping only in `shipping_lines`, no `total_line_items_price`.
    static let orderJPY = #"""
        {
          "id": "5678901234567890123",
          "name": "#2001",
          "email": "Taro@Example.jp",
          "phone": "",
          "created_at": null,
          "processed_at": "2024-04-10T15:00:00+09:00",
          "updated_at": "2024-04-10T15:00:05+09:00",
          "currency": "JPY",
          "presentment_currency": "JPY",
          "subtotal_price": "3000",
          "total_discounts": "0",
          "total_tax": "300",
          "total_price": "3600",
          "financial_status": "paid",
          "fulfillment_status": "fulfilled",
          "source_name": "pos",
          "customer_locale": "ja",
          "customer": null,
          "line_items": [
            {"id": 9223372036854775807, "name": "抹茶 100g", "title": "抹茶", "variant_title": "100g",
             "price": "1500.00", "quantity": 2, "sku": "MATCHA-100", "total_discount": "0", "product_type": "Tea"}
          ],
          "shipping_lines": [{"id": 1, "title": "Takkyubin", "price": "200"}, {"id": 2, "title": "Cool", "price": "100"}]
        }
        """#

    /// orders/updated for a KWD order (three decimals) placed from the iPhone app, partly fulfilled,
    /// with the customer's consent in the older `accepts_marketing` field.
    static let orderKWD = #"""
        {
          "id": 4503599627370497,
          "name": "#3001",
          "email": "fahad@example.com.kw",
          "created_at": "2024-05-02T10:00:00+03:00",
          "updated_at": "2024-05-03T11:00:00+03:00",
          "currency": "KWD",
          "total_line_items_price": "24.690",
          "subtotal_price": "24.690",
          "total_discounts": "0.000",
          "total_tax": "0.000",
          "total_price": "26.190",
          "total_shipping_price_set": {"shop_money": {"amount": "1.500", "currency_code": "KWD"}},
          "financial_status": "partially_refunded",
          "fulfillment_status": "partial",
          "source_name": "iphone",
          "customer": {
            "id": 6940095673,
            "email": "fahad@example.com.kw",
            "first_name": "Fahad",
            "last_name": "Al-Sabah",
            "accepts_marketing": false,
            "accepts_marketing_updated_at": null
          },
          "line_items": [
            {"id": 1311000000000000001, "title": "Oud Oil", "name": "Oud Oil", "price": "12.345", "quantity": 2,
             "sku": "OUD-12", "total_discount": "0.000", "vendor": "Attar"}
          ]
        }
        """#

    /// orders/cancelled as in Shopify's example: voided, cancelled by the customer.
    static let orderCancelled = #"""
        {
          "id": 820982911946154508,
          "admin_graphql_api_id": "gid://shopify/Order/820982911946154508",
          "buyer_accepts_marketing": true,
          "cancel_reason": "customer",
          "cancelled_at": "2021-12-31T19:00:00-05:00",
          "contact_email": "jon@example.com",
          "created_at": "2021-12-31T18:00:00-05:00",
          "currency": "USD",
          "customer_locale": "en",
          "email": "jon@example.com",
          "financial_status": "voided",
          "fulfillment_status": null,
          "name": "#9999",
          "phone": null,
          "processed_at": "2021-12-31T18:00:00-05:00",
          "source_name": "web",
          "subtotal_price": "388.00",
          "total_discounts": "10.00",
          "total_line_items_price": "398.00",
          "total_price": "398.00",
          "total_shipping_price_set": {"shop_money": {"amount": "10.00", "currency_code": "USD"}},
          "total_tax": "0.00",
          "updated_at": "2021-12-31T19:00:05-05:00",
          "customer": {
            "id": 115310627314723954,
            "email": "john@example.com",
            "created_at": null,
            "updated_at": null,
            "first_name": "John",
            "last_name": "Smith",
            "state": "disabled",
            "phone": null,
            "email_marketing_consent": {"state": "not_subscribed", "opt_in_level": null, "consent_updated_at": null},
            "sms_marketing_consent": null
          },
          "line_items": [
            {"id": 866550311766439021, "name": "IPod Nano - 8GB", "title": "IPod Nano - 8GB", "price": "199.00",
             "quantity": 2, "sku": "IPOD2008PINK", "total_discount": "10.00", "variant_title": null, "vendor": null,
             "discount_allocations": []}
          ],
          "shipping_lines": [{"id": 271878346596884015, "price": "10.00", "title": "Generic Shipping"}]
        }
        """#

    /// fulfillments/create as in Shopify's example: a UPS parcel, carrier status not known yet.
    static let fulfillmentCreate = #"""
        {
          "id": 18446744073709551615,
          "order_id": 9007199254740993,
          "status": "pending",
          "created_at": "2024-03-02T09:00:00-05:00",
          "service": "manual",
          "updated_at": "2024-03-02T09:00:00-05:00",
          "tracking_company": "UPS",
          "shipment_status": null,
          "location_id": 905684977,
          "origin_address": null,
          "email": "jon@example.com",
          "destination": {"first_name": "Steve", "address1": "123 Shipping Street", "city": "Shippington",
                          "zip": "40003", "country": "United States", "last_name": "Shipper"},
          "line_items": [
            {"id": 9007199254740995, "variant_id": 808950810, "title": "IPod Nano - 8GB", "quantity": 1,
             "sku": "IPOD2008PINK", "price": "199.00", "fulfillment_status": "fulfilled"}
          ],
          "tracking_number": "1z827wk74630",
          "tracking_numbers": ["1z827wk74630"],
          "tracking_url": "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1z827wk74630",
          "tracking_urls": ["https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1z827wk74630"],
          "receipt": {},
          "name": "#1001.1",
          "admin_graphql_api_id": "gid://shopify/Fulfillment/18446744073709551615"
        }
        """#

    /// fulfillments/update: the carrier reports the parcel delivered; `tracking_number` is null but
    /// `tracking_numbers` has it, and an estimated delivery is given.
    static let fulfillmentDelivered = #"""
        {
          "id": 18446744073709551615,
          "order_id": 9007199254740993,
          "status": "success",
          "created_at": "2024-03-02T09:00:00-05:00",
          "updated_at": "2024-03-04T16:45:00-05:00",
          "tracking_company": "Canada Post",
          "shipment_status": "delivered",
          "estimated_delivery_at": "2024-03-04T21:00:00-05:00",
          "tracking_number": null,
          "tracking_numbers": ["7023 4560 0012 3456", "7023 4560 0012 3457"],
          "name": "#1001.1"
        }
        """#

    /// refunds/create as in Shopify's example: refund line subtotals as JSON numbers, a successful
    /// refund transaction, plus an authorization and a failed refund that move no money.
    static let refundCreate = #"""
        {
          "id": 9007199254740997,
          "order_id": 9007199254740993,
          "created_at": "2024-03-06T10:15:00-05:00",
          "note": "Things were damaged",
          "user_id": 548380009,
          "processed_at": "2024-03-06T10:15:00-05:00",
          "restock": false,
          "duties": [],
          "admin_graphql_api_id": "gid://shopify/Refund/9007199254740997",
          "refund_line_items": [
            {
              "id": 104689539,
              "quantity": 1,
              "line_item_id": 9007199254740995,
              "location_id": 40642626,
              "restock_type": "no_restock",
              "subtotal": 189.0,
              "total_tax": 11.34,
              "subtotal_set": {"shop_money": {"amount": "189.00", "currency_code": "USD"}},
              "total_tax_set": {"shop_money": {"amount": "11.34", "currency_code": "USD"}},
              "line_item": {"id": 9007199254740995, "title": "IPod Nano - 8GB", "quantity": 1, "price": "199.00",
                            "sku": "IPOD2008PINK"}
            }
          ],
          "transactions": [
            {"id": 179259969, "order_id": 9007199254740993, "kind": "authorization", "gateway": "bogus",
             "status": "success", "amount": "410.68", "currency": "USD"},
            {"id": 179259970, "order_id": 9007199254740993, "kind": "refund", "gateway": "bogus",
             "status": "failure", "amount": "200.34", "currency": "USD", "error_code": "card_declined"},
            {"id": 179259971, "order_id": 9007199254740993, "kind": "refund", "gateway": "bogus",
             "status": "success", "message": null, "created_at": "2024-03-06T10:15:00-05:00", "test": false,
             "authorization": "authorization-key", "parent_id": 801038806, "source_name": "web", "receipt": {},
             "amount": "200.34", "currency": "USD", "payment_id": "#1001.3"}
          ],
          "order_adjustments": []
        }
        """#
}

@Test func shopifyFixturesAreValidJSON() throws {
    for fixture in [
        ShopifyFixtures.orderCreate, ShopifyFixtures.orderJPY, ShopifyFixtures.orderKWD, ShopifyFixtures.orderCancelled,
        ShopifyFixtures.fulfillmentCreate, ShopifyFixtures.fulfillmentDelivered, ShopifyFixtures.refundCreate,
    ] {
        _ = try JSONSerialization.jsonObject(with: Data(fixture.utf8))
    }
}
