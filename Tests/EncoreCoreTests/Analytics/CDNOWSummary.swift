import EncoreCore
import Foundation

/// The CDNOW 1/10 sample summarised over its 39-week calibration period (Tests/Fixtures), the
/// data the literature's published parameters come from, read by the same parser as `encore clv fit`.
enum CDNOWSummary {
    /// `cdnow_customers_summary.csv` (ID,frequency,recency,T), or with `spend` the file that adds
    /// each customer's average repeat-purchase amount (ID,x,t_x,T,zbar).
    static func load(spend: Bool = false) throws -> [CustomerSummary] {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let name = spend ? "cdnow_customers_summary_with_transactions.csv" : "cdnow_customers_summary.csv"
        let path = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try CustomerSummaryFile.parse(Array(try Data(contentsOf: path))).get()
    }
}
