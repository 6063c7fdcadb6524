import EncoreCore
import Foundation

/// The fields a segment's filter reads about a customer, and the same prediction fields journeys
/// see under `customer`.
public enum SegmentFields {
    /// The prediction fields (stored by the last refresh), by name and kind.
    public static let predictionSchema: [String: ContextSchema] = [
        "p_alive": .leaf(.number),
        "expected_purchases_90d": .leaf(.number),
        "predicted_clv": .leaf(.money),
        "clv_decile": .leaf(.number),
        "rfm_segment": .leaf(.string),
        "rfm_recency": .leaf(.number),
        "rfm_frequency": .leaf(.number),
        "rfm_monetary": .leaf(.number),
        "days_to_next_purchase": .leaf(.number),
    ]

    /// The prediction fields of a customer's stored prediction (`days_to_next_purchase`:
    /// negative when the expected day has passed).
    public static func predictionValues(_ p: StoredPrediction, today: Int, currency: Currency) -> [String: ContextValue] {
        var fields: [String: ContextValue] = [
            "p_alive": .decimal(String(format: "%.6f", p.pAlive)),
            "expected_purchases_90d": .decimal(String(format: "%.6f", p.expectedPurchases)),
            "rfm_segment": .string(p.rfmSegment),
            "rfm_recency": .integer(Int64(p.rfmRecency)),
            "rfm_frequency": .integer(Int64(p.rfmFrequency)),
            "rfm_monetary": .integer(Int64(p.rfmMonetary)),
            "days_to_next_purchase": .integer(Int64(p.nextPurchaseDay - today)),
        ]
        if let value = p.value { fields["predicted_clv"] = .money(Money(rounding: value, currency: currency)) }
        if let decile = p.valueDecile { fields["clv_decile"] = .integer(Int64(decile)) }
        return fields
    }

    /// The context a segment filter is evaluated in: `customer.orders_count`, `total_spent`,
    /// `days_since_last_order`, `days_since_first_order`, `tags` and the prediction fields.
    public static func context(
        history: CustomerHistory, prediction: StoredPrediction, tags: [String], today: Int, currency: Currency
    ) -> ContextValue {
        var fields = predictionValues(prediction, today: today, currency: currency)
        fields["orders_count"] = .integer(Int64(history.orders))
        fields["total_spent"] = .money(Money(minorUnits: history.spent, currency: currency))
        fields["days_since_last_order"] = .integer(Int64(today - history.lastDay))
        fields["days_since_first_order"] = .integer(Int64(today - history.firstDay))
        fields["tags"] = .list(tags.map(ContextValue.string))
        return .object(["customer": .object(fields)])
    }
}

/// A customer's prediction as stored and read back: `CustomerPrediction`'s figures, flat.
public struct StoredPrediction: Sendable, Hashable {
    public var customerKey: String
    public var pAlive: Double
    public var expectedPurchases: Double
    public var expectedSpend: Double?
    public var value: Double?
    public var valueDecile: Int?
    public var nextPurchaseDay: Int
    public var rfmRecency: Int
    public var rfmFrequency: Int
    public var rfmMonetary: Int
    public var rfmSegment: String
    /// The custom segments the customer was in at the refresh.
    public var segments: [String]
    public var refreshedAt: Timestamp

    public init(
        customerKey: String, pAlive: Double, expectedPurchases: Double, expectedSpend: Double?, value: Double?,
        valueDecile: Int?, nextPurchaseDay: Int, rfmRecency: Int, rfmFrequency: Int, rfmMonetary: Int, rfmSegment: String,
        segments: [String] = [], refreshedAt: Timestamp
    ) {
        self.customerKey = customerKey
        self.pAlive = pAlive
        self.expectedPurchases = expectedPurchases
        self.expectedSpend = expectedSpend
        self.value = value
        self.valueDecile = valueDecile
        self.nextPurchaseDay = nextPurchaseDay
        self.rfmRecency = rfmRecency
        self.rfmFrequency = rfmFrequency
        self.rfmMonetary = rfmMonetary
        self.rfmSegment = rfmSegment
        self.segments = segments
        self.refreshedAt = refreshedAt
    }

    /// The stored form of a fresh prediction.
    public init(_ p: CustomerPrediction, segments: [String] = [], at: Timestamp) {
        self.init(
            customerKey: p.key, pAlive: p.pAlive, expectedPurchases: p.expectedPurchases, expectedSpend: p.expectedSpend,
            value: p.value, valueDecile: p.valueDecile, nextPurchaseDay: p.nextPurchaseDay, rfmRecency: p.rfm.recency,
            rfmFrequency: p.rfm.frequency, rfmMonetary: p.rfm.monetary, rfmSegment: p.rfm.segment.rawValue,
            segments: segments, refreshedAt: at)
    }
}

extension ContextSchema {
    /// What a segment filter may name: `customer.*` as `SegmentFields.context` builds it.
    public static let segment: ContextSchema = .object([
        "customer": .object(
            SegmentFields.predictionSchema.merging([
                "orders_count": .leaf(.number), "total_spent": .leaf(.money), "days_since_last_order": .leaf(.number),
                "days_since_first_order": .leaf(.number), "tags": .list(.leaf(.string)),
            ]) { $1 })
    ])
}
