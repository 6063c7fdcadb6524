import EncoreCore
import Foundation

/// The CDNOW 1/10 sample summarised over its 39-week calibration period (Tests/Fixtures), the
/// data the literature's published BG/NBD parameters come from.
enum CDNOWSummary {
    static func load() throws -> [CustomerSummary] {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let path = here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/cdnow_customers_summary.csv")
        let text = try String(contentsOf: path, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let f = line.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
            return CustomerSummary(id: f[0], frequency: Double(f[1])!, recency: Double(f[2])!, age: Double(f[3])!)
        }
    }
}
