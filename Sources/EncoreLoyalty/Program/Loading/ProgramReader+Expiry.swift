import Yams

/// Reads `expiry:`.
extension ProgramReader {
    mutating func readExpiry(_ node: Node) -> ExpiryPolicy {
        guard
            let fields = ProgramFields(
                node, what: "expiry", allowed: ["lot_days", "inactivity_months", "warning_days"], sink: &sink)
        else { return .never }
        let lotDays = count(fields, "lot_days", in: 1...36_500)
        let inactivity = count(fields, "inactivity_months", in: 1...1_200)
        let warning = count(fields, "warning_days", in: 1...3_650)
        if let lotDays, let warning, warning >= lotDays {
            sink.error(
                line: fields.line("warning_days"),
                "expiry: warning_days (\(warning)) must be less than lot_days (\(lotDays))")
        }
        return ExpiryPolicy(
            lotDays: lotDays, inactivityMonths: inactivity, warningDays: warning ?? ExpiryPolicy.defaultWarningDays)
    }
}
