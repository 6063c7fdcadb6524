import EncoreCore
import Yams

/// Reads the top level of a loyalty program document. Internal to `LoyaltyProgramLoader`.
struct ProgramReader {
    var sink: ProgramDiagnosticSink
    /// The program's currency once read; amounts are parsed with its exponent.
    var currency: Currency?

    static let keys = ["currency", "earning", "tiers", "rewards", "expiry", "reversal_policy"]

    init(sink: ProgramDiagnosticSink) {
        self.sink = sink
    }

    /// The program; nil when anything was reported.
    mutating func read(_ root: Node, storeCurrency: Currency?) -> LoyaltyProgram? {
        let required = storeCurrency == nil ? ["currency"] : []
        guard
            let fields = ProgramFields(
                root, what: ProgramFields.root, allowed: Self.keys, required: required, sink: &sink)
        else { return nil }
        currency = readCurrency(fields, storeCurrency: storeCurrency)
        let (purchase, actions) = fields["earning"].map { readEarning($0) } ?? (nil, [])
        let tiers = fields["tiers"].flatMap { readTiers($0) }
        let rewards = fields["rewards"].map { readRewards($0) } ?? []
        let expiry = fields["expiry"].map { readExpiry($0) } ?? .never
        let reversal = choice(fields, "reversal_policy", RefundShortfallPolicy.self) ?? .negativeBalance
        guard sink.diagnostics.isEmpty, let currency else { return nil }
        return LoyaltyProgram(
            currency: currency, purchase: purchase, actions: actions, tiers: tiers, rewards: rewards, expiry: expiry,
            reversalPolicy: reversal)
    }

    private mutating func readCurrency(_ fields: ProgramFields, storeCurrency: Currency?) -> Currency? {
        guard let text = fields.text("currency", sink: &sink) else { return storeCurrency }
        guard text.count == 3, let currency = Currency(code: text) else {
            sink.error(line: fields.line("currency"), "currency must be an ISO 4217 code such as USD, not '\(text)'")
            return nil
        }
        if let storeCurrency, storeCurrency != currency {
            sink.error(
                line: fields.line("currency"),
                "currency \(currency.code) differs from the store's currency \(storeCurrency.code)")
            return nil
        }
        return currency
    }
}
