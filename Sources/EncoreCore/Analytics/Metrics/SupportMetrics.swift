/// The support figures of the tickets opened in a period.
public enum SupportMetrics {
    /// Hours from opening to the first response, over the tickets answered (mean, with its interval).
    public static func firstResponseHours(_ tickets: [SLAAttainment.Ticket]) -> Estimate {
        Estimate.mean(
            tickets.compactMap { t in
                t.firstResponseAt.map { Double($0.millisecondsSinceEpoch - t.createdAt.millisecondsSinceEpoch) / 3_600_000 }
            })
    }

    /// The share of tickets whose first response came in time, over the tickets answered and those
    /// unanswered past their due time (so a backlog counts as missed; tickets still within their
    /// time are left out).
    public static func slaAttainment(_ attainment: SLAAttainment) -> Estimate {
        Estimate.proportion(attainment.met, of: attainment.responded + attainment.unansweredPastDue)
    }
}
