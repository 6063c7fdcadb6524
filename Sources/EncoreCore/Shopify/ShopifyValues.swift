import Foundation

/// A Shopify id (order, customer, line item, fulfillment, refund), kept as its exact decimal text.
///
/// Shopify sends ids as JSON numbers that exceed 2^53, so they are decoded as `UInt64`, never
/// through a `Double`. A string of digits or a GraphQL id ("gid://shopify/Order/123") is accepted too.
struct ShopifyID: Decodable, Hashable, Sendable {
    var value: String

    init(_ value: String) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            throw DecodingError.valueNotFound(
                ShopifyID.self, .init(codingPath: decoder.codingPath, debugDescription: "is null"))
        }
        if let number = try? container.decode(UInt64.self), number > 0 {
            value = String(number)
            return
        }
        if let text = try? container.decode(String.self) {
            var digits = Substring(text.trimmingSpaces())
            if digits.hasPrefix("gid://shopify/"), let slash = digits.lastIndex(of: "/") {
                digits = digits[digits.index(after: slash)...]
            }
            if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = UInt64(digits),
                number > 0
            {
                value = String(number)
                return
            }
        }
        throw DecodingError.dataCorruptedError(
            in: container, debugDescription: "must be a positive integer id (a JSON number or a string of digits)")
    }
}

/// A decimal amount as Shopify sends it: usually a string ("12.34"), in some places a JSON number (199.0).
///
/// Only the text is kept; it becomes minor units once the currency (and so the exponent) is known.
/// Numbers are read as `Decimal`, which keeps their digits exactly.
struct ShopifyAmount: Decodable, Hashable, Sendable {
    var text: String

    init(_ text: String) { self.text = text }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            throw DecodingError.valueNotFound(
                ShopifyAmount.self, .init(codingPath: decoder.codingPath, debugDescription: "is null"))
        }
        if let text = try? container.decode(String.self) {
            self.text = text
        } else if let number = try? container.decode(Decimal.self) {
            self.text = number.description
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "must be a decimal amount, as a string or a number")
        }
    }
}

/// A JSON integer such as a quantity, with an error naming the field when it is not one.
struct ShopifyInteger: Decodable, Hashable, Sendable {
    var value: Int64

    init(_ value: Int64) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            throw DecodingError.valueNotFound(
                ShopifyInteger.self, .init(codingPath: decoder.codingPath, debugDescription: "is null"))
        }
        guard let value = try? container.decode(Int64.self) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be an integer")
        }
        self.value = value
    }
}

/// An ISO 8601 date-time with an offset, as Shopify writes them ("2024-03-01T12:30:00-05:00").
struct ShopifyTime: Decodable, Hashable, Sendable {
    var value: Timestamp

    init(_ value: Timestamp) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            throw DecodingError.valueNotFound(
                ShopifyTime.self, .init(codingPath: decoder.codingPath, debugDescription: "is null"))
        }
        let text = try container.decode(String.self)
        guard let value = ISO8601.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an ISO 8601 date-time with a time zone offset")
        }
        self.value = value
    }
}

/// Shopify's `*_set` objects: an amount in the shop's currency and in the customer's.
struct ShopifyMoneySet: Decodable, Sendable {
    struct Amount: Decodable, Sendable {
        var amount: ShopifyAmount?
        var currency_code: String?
    }

    var shop_money: Amount?
}

/// Converts Shopify amounts to minor units of one currency, naming the field on failure.
struct ShopifyAmounts {
    let currency: Currency

    /// The amount in minor units; negative amounts are rejected.
    func minorUnits(_ amount: ShopifyAmount, _ field: String) throws(ShopifyPayloadError) -> Int64 {
        switch DecimalAmount.parse(amount.text, exponent: currency.exponent) {
        case .success(let value): return value
        case .failure(let error): throw ShopifyPayloadError(field: field, reason: error.description)
        }
    }

    /// The amount in minor units, or nil when absent.
    func minorUnitsIfPresent(_ amount: ShopifyAmount?, _ field: String) throws(ShopifyPayloadError) -> Int64? {
        guard let amount else { return nil }
        return try minorUnits(amount, field)
    }

    /// `a + b`, or an error naming `field` when the sum overflows.
    static func add(_ a: Int64, _ b: Int64, _ field: String) throws(ShopifyPayloadError) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw ShopifyPayloadError(field: field, reason: "the sum of the amounts is too large") }
        return sum
    }

    /// Looks a currency code up in ISO 4217.
    static func currency(_ code: String, _ field: String) throws(ShopifyPayloadError) -> Currency {
        guard let currency = Currency(code: code.trimmingSpaces()) else {
            throw ShopifyPayloadError(field: field, reason: "'\(code)' is not an ISO 4217 currency code")
        }
        return currency
    }
}

extension Optional where Wrapped == String {
    /// The text without surrounding spaces, or nil when absent or blank (Shopify sends "" for "none").
    var shopifyText: String? {
        guard let text = self?.trimmingSpaces(), !text.isEmpty else { return nil }
        return text
    }
}
