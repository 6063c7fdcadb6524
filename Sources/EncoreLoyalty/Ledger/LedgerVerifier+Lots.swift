extension LedgerVerifier {
    /// The checks of one lot on its own and against the sums of its postings.
    func checkLot(_ lot: PointLot, sums: LotSums, breaches: inout [LedgerBreach]) {
        let key = lot.key
        func inconsistent(_ reason: String) { breaches.append(.lotStateInconsistent(lotKey: key, reason: reason)) }

        if lot.points <= 0 { inconsistent("holds \(lot.points) points; a lot must hold at least one") }
        let counters: [(String, Int64)] = [
            ("spent", lot.spent), ("expired", lot.expired), ("reversed", lot.reversed),
            ("appliedToDebt", lot.appliedToDebt), ("clawedBack", lot.clawedBack), ("shortfall", lot.shortfall),
        ]
        for (name, value) in counters where value < 0 {
            breaches.append(.negativeLotCounter(lotKey: key, counter: name, value: value))
        }
        let consumed =
            Int128(lot.spent) + Int128(lot.expired) + Int128(lot.reversed) + Int128(lot.appliedToDebt)
        if consumed > Int128(lot.points) {
            breaches.append(.lotOverdrawn(lotKey: key, points: lot.points, consumed: Int64(clamping: consumed)))
        }
        if Int128(lot.clawedBack) + Int128(lot.shortfall) > Int128(lot.spent) + Int128(lot.appliedToDebt) {
            inconsistent("reclaims \(lot.clawedBack) + \(lot.shortfall) points but only \(lot.used) were used")
        }
        if lot.fundingAccount.isCustomer { inconsistent("is funded by a customer account \(lot.fundingAccount)") }
        if let expiresAt = lot.expiresAt, expiresAt <= lot.earnedAt {
            inconsistent("expires at \(expiresAt), not after it was earned at \(lot.earnedAt)")
        }
        if lot.spent > 0 && lot.availableAt == nil { inconsistent("has spent points but is still pending") }
        if let first = sums.firstSpend, let availableAt = lot.availableAt, first.at < availableAt {
            inconsistent(
                "was spent from at \(first.at) (posting '\(first.key)') before it became available at \(availableAt)")
        }

        let expectations: [(String, Int128, Int128)] = [
            ("points", Int128(lot.points), sums.earned),
            ("spent", Int128(lot.spent), sums.spent),
            ("expired", Int128(lot.expired), sums.expired),
            ("reversed", Int128(lot.reversed) + Int128(lot.clawedBack), sums.reversed),
        ]
        for (counter, recorded, posted) in expectations where recorded != posted {
            breaches.append(
                .lotCounterMismatch(
                    lotKey: key, counter: counter, lot: Int64(clamping: recorded), postings: Int64(clamping: posted)))
        }
    }
}
