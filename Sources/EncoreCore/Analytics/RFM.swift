/// RFM scoring: each customer's recency, frequency and monetary value scored 1 to 5 by quintile
/// of the customer base (5 is best: the most recent, the most frequent, the highest spend), and a
/// named segment from the recency and frequency scores.
public enum RFM {
    /// One customer's history as of the scoring day.
    public struct Input: Sendable, Hashable {
        public var id: String
        /// Days since the last purchase.
        public var recencyDays: Int
        /// Purchases (orders or purchase days, as the caller counts them).
        public var frequency: Int
        /// Total spend.
        public var monetary: Double

        public init(id: String, recencyDays: Int, frequency: Int, monetary: Double) {
            self.id = id
            self.recencyDays = recencyDays
            self.frequency = frequency
            self.monetary = monetary
        }
    }

    /// The named segments, in the order their rules are tried.
    public enum Segment: String, Sendable, Hashable, CaseIterable {
        /// Bought recently and often (R ≥ 4, F ≥ 4).
        case champions
        /// Buy regularly (R ≥ 3, F ≥ 3).
        case loyal
        /// First purchase very recently (R = 5, F = 1).
        case new
        /// Recent, not yet frequent (R ≥ 4, F ≤ 2).
        case promising
        /// Used to buy often, not lately (R ≤ 2, F ≥ 3).
        case atRisk = "at_risk"
        /// Long gone after few purchases (R = 1, F ≤ 2).
        case lost
        /// The rest: neither recent nor frequent (R 2-3, F ≤ 2).
        case hibernating

        /// The segment of a recency and a frequency score (each 1-5).
        public static func of(recency r: Int, frequency f: Int) -> Segment {
            if r >= 4 && f >= 4 { return .champions }
            if r >= 3 && f >= 3 { return .loyal }
            if r == 5 && f == 1 { return .new }
            if r >= 4 && f <= 2 { return .promising }
            if r <= 2 && f >= 3 { return .atRisk }
            if r == 1 && f <= 2 { return .lost }
            return .hibernating
        }
    }

    /// A customer's scores and segment.
    public struct Score: Sendable, Hashable {
        public var id: String
        public var recency: Int
        public var frequency: Int
        public var monetary: Int
        public var segment: Segment
    }

    /// Scores every customer against the others. Ties share a score (the one of the tie's first
    /// place), so a base where most customers bought once gives them all the same frequency score.
    public static func score(_ customers: [Input]) -> [Score] {
        let n = customers.count
        guard n > 0 else { return [] }
        // Higher is better for each: fewer days since the last purchase is more recent.
        let r = quintiles(customers.map { -Double($0.recencyDays) })
        let f = quintiles(customers.map { Double($0.frequency) })
        let m = quintiles(customers.map(\.monetary))
        return customers.indices.map { i in
            Score(id: customers[i].id, recency: r[i], frequency: f[i], monetary: m[i], segment: .of(recency: r[i], frequency: f[i]))
        }
    }

    /// Scores 1-5: 1 + ⌊5 × (the number of values strictly below) / n⌋.
    static func quintiles(_ values: [Double]) -> [Int] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var scores = [Int](repeating: 1, count: values.count)
        var below = 0
        var index = 0
        while index < order.count {
            var end = index
            while end + 1 < order.count && values[order[end + 1]] == values[order[index]] { end += 1 }
            let score = 1 + min(4, 5 * below / values.count)
            for k in index...end { scores[order[k]] = score }
            below = end + 1
            index = end + 1
        }
        return scores
    }

    /// Deciles 1-10 of predicted values (10: the highest tenth), ties sharing one as above.
    public static func deciles(_ values: [Double]) -> [Int] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var out = [Int](repeating: 1, count: values.count)
        var index = 0
        while index < order.count {
            var end = index
            while end + 1 < order.count && values[order[end + 1]] == values[order[index]] { end += 1 }
            for k in index...end { out[order[k]] = 1 + min(9, 10 * index / values.count) }
            index = end + 1
        }
        return out
    }
}
