/// One customer as the customer-base models see them, in the literature's conventions (Fader,
/// Hardie & Lee 2005): `frequency` is the number of distinct purchase days after the first, up
/// to and including the calibration end; `recency` the time from the first to the last purchase
/// day; `age` (T) the time from the first purchase to the calibration end; times in weeks.
/// `monetary` is the average amount of the repeat purchase days (a day's amount is the sum of its
/// orders), 0 without repeat purchases.
public struct CustomerSummary: Sendable, Hashable {
    public var id: String
    public var frequency: Double
    public var recency: Double
    public var age: Double
    public var monetary: Double

    /// A summary as given (check it with `validate()`).
    public init(id: String, frequency: Double, recency: Double, age: Double, monetary: Double = 0) {
        self.id = id
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.monetary = monetary
    }

    /// What is wrong with the summary, or nil: frequency a whole number ≥ 0, 0 ≤ recency ≤ age,
    /// recency 0 when frequency is 0, monetary ≥ 0, every number finite.
    public func validate() -> String? {
        guard frequency.isFinite, recency.isFinite, age.isFinite, monetary.isFinite else { return "every number must be finite" }
        if frequency < 0 || frequency != frequency.rounded() { return "frequency must be a whole number, 0 or more" }
        if age <= 0 { return "T must be greater than 0" }
        if recency < 0 || recency > age { return "recency must be from 0 to T" }
        if frequency == 0 && recency != 0 { return "recency must be 0 when frequency is 0" }
        if frequency > 0 && recency == 0 { return "recency must be greater than 0 when frequency is more than 0" }
        if monetary < 0 { return "monetary value must not be negative" }
        return nil
    }

    /// The summary of one customer's purchases, given as (day number, amount) pairs (days
    /// counted from any fixed origin, e.g. days since 1970), up to and including `calibrationEnd`
    /// (later purchases are left out); nil when there is none.
    public static func from(id: String, purchases: [(day: Int, amount: Double)], calibrationEnd: Int) -> CustomerSummary? {
        var byDay: [Int: Double] = [:]
        for purchase in purchases where purchase.day <= calibrationEnd { byDay[purchase.day, default: 0] += purchase.amount }
        guard let first = byDay.keys.min(), let last = byDay.keys.max() else { return nil }
        let repeats = byDay.filter { $0.key != first }
        let monetary = repeats.isEmpty ? 0 : repeats.values.reduce(0, +) / Double(repeats.count)
        return CustomerSummary(
            id: id, frequency: Double(repeats.count), recency: Double(last - first) / 7, age: Double(calibrationEnd - first) / 7,
            monetary: monetary)
    }
}
