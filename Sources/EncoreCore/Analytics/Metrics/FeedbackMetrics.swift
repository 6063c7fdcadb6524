/// The feedback figures: NPS, CSAT and the average review.
public enum FeedbackMetrics {
    /// Net Promoter Score over answers 0-10 (dismissals are not answers): the share of promoters
    /// (9-10) minus the share of detractors (0-6), ×100. Its 95% interval treats each answer as
    /// +1, 0 or −1 (the score is their mean ×100) with the normal approximation.
    public static func nps(_ scores: [Int]) -> Estimate {
        let answers = scores.filter { (0...10).contains($0) }
        guard !answers.isEmpty else { return Estimate(value: nil, sampleSize: 0) }
        let signs = answers.map { $0 >= 9 ? 1.0 : ($0 <= 6 ? -1.0 : 0.0) }
        let mean = Estimate.mean(signs)
        return Estimate(
            value: mean.value.map { $0 * 100 }, sampleSize: answers.count, lower: mean.lower.map { max(-100, $0 * 100) },
            upper: mean.upper.map { min(100, $0 * 100) })
    }

    /// CSAT over answers 1-5: the share of 4 and 5, as a proportion with its Wilson interval.
    public static func csat(_ scores: [Int]) -> Estimate {
        let answers = scores.filter { (1...5).contains($0) }
        return Estimate.proportion(answers.filter { $0 >= 4 }.count, of: answers.count)
    }

    /// The average of review stars 1-5, with its interval.
    public static func averageReview(_ stars: [Int]) -> Estimate {
        Estimate.mean(stars.filter { (1...5).contains($0) }.map(Double.init))
    }
}
