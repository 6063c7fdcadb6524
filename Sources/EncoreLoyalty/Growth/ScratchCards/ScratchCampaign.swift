import Foundation
import EncoreCore

/// A scratch-card campaign: its prizes and their weights, the weight of "no prize", a budget and caps.
///
/// The chance of each prize is its weight over the total weight (all prizes plus `noPrizeWeight`);
/// `odds` prints them exactly, and `draw(digest:usage:)` decides a card from an HMAC digest so an
/// auditor can reproduce every outcome.
public struct ScratchCampaign: Hashable, Sendable {
    /// The campaign's key, e.g. "spring-2026".
    public var key: String
    /// The prizes, in the order the draw walks them.
    public var prizes: [ScratchPrize]
    /// Relative chance of "no prize"; 0 or more.
    public var noPrizeWeight: Int64
    /// Unit of `budget` and of every prize's cost.
    public var budgetUnit: ScratchBudgetUnit
    /// The most the awarded prizes may cost in all; 0 or more.
    public var budget: Int64
    /// Card and prize limits.
    public var caps: ScratchCaps

    /// A campaign as given (check it with `validate()`).
    public init(
        key: String, prizes: [ScratchPrize], noPrizeWeight: Int64, budgetUnit: ScratchBudgetUnit, budget: Int64,
        caps: ScratchCaps = ScratchCaps()
    ) {
        self.key = key
        self.prizes = prizes
        self.noPrizeWeight = noPrizeWeight
        self.budgetUnit = budgetUnit
        self.budget = budget
        self.caps = caps
    }

    /// Sum of the prize weights (saturating at `UInt64.max` for an invalid campaign).
    public var prizeWeight: UInt64 {
        prizes.reduce(UInt64(0)) { sum, prize in
            let (value, overflow) = sum.addingReportingOverflow(UInt64(clamping: prize.weight))
            return overflow ? .max : value
        }
    }

    /// Prize weights plus the no-prize weight (saturating for an invalid campaign).
    public var totalWeight: UInt64 {
        let (value, overflow) = prizeWeight.addingReportingOverflow(UInt64(clamping: noPrizeWeight))
        return overflow ? .max : value
    }

    /// Every problem with the definition, field by field ("prizes[1].weight"); empty when valid.
    public func validate() -> [InputError] {
        var errors: [InputError] = []
        if key.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(InputError(field: "key", reason: "must not be empty"))
        }
        if prizes.isEmpty { errors.append(InputError(field: "prizes", reason: "must list at least one prize")) }
        var seen = Set<String>()
        for (index, prize) in prizes.enumerated() {
            let field = "prizes[\(index)]"
            if prize.key.isEmpty {
                errors.append(InputError(field: "\(field).key", reason: "must not be empty"))
            } else if !seen.insert(prize.key).inserted {
                errors.append(InputError(field: "\(field).key", reason: "'\(prize.key)' is used by an earlier prize"))
            }
            if prize.label.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(InputError(field: "\(field).label", reason: "must not be empty"))
            }
            if prize.weight <= 0 {
                errors.append(InputError(field: "\(field).weight", reason: "must be greater than 0"))
            }
            if prize.cost < 0 {
                errors.append(InputError(field: "\(field).cost", reason: "must be 0 or more"))
            } else if budget >= 0 && prize.cost > budget {
                errors.append(
                    InputError(
                        field: "\(field).cost", reason: "is more than the whole budget, so it could never be won"))
            }
        }
        if noPrizeWeight < 0 { errors.append(InputError(field: "noPrizeWeight", reason: "must be 0 or more")) }
        if budget < 0 { errors.append(InputError(field: "budget", reason: "must be 0 or more")) }
        if totalWeight > UInt64(Int64.max) {
            errors.append(InputError(field: "prizes", reason: "the weights add up to more than \(Int64.max)"))
        }
        let caps: [(String, Int64?)] = [
            ("caps.cardsPerCustomer", self.caps.cardsPerCustomer),
            ("caps.prizesPerCustomer", self.caps.prizesPerCustomer),
            ("caps.cardsOverall", self.caps.cardsOverall), ("caps.prizesOverall", self.caps.prizesOverall),
        ]
        for (field, value) in caps where (value ?? 1) < 1 {
            errors.append(InputError(field: field, reason: "must be at least 1 (leave it out for no limit)"))
        }
        return errors
    }
}
