import EncoreCore

/// Points one line loses to a refund.
public struct LineReversal: Hashable, Sendable, Codable {
    /// The order line, by its key.
    public var lineKey: String
    /// Points taken back from that line; never negative.
    public var points: Int64

    /// A line's reversal.
    public init(lineKey: String, points: Int64) {
        self.lineKey = lineKey
        self.points = points
    }
}

/// The points a refund takes back, per line of the original earning.
public struct PointsReversal: Hashable, Sendable, Codable {
    /// The refund this reversal is for.
    public var refundKey: String
    /// One entry per line of the earning, in its order (0 for lines the refund does not touch).
    public var lines: [LineReversal]

    /// A reversal.
    public init(refundKey: String, lines: [LineReversal]) {
        self.refundKey = refundKey
        self.lines = lines
    }

    /// The points of the whole refund.
    public var points: Int64 { lines.reduce(0) { $0 + $1.points } }
}

extension PurchaseEarning {
    /// The points `refund` reverses, given the order's refunds recorded before it.
    ///
    /// Refunded lines reverse in proportion to the refunded amount over the line's eligible amount;
    /// a refund without lines reverses every line in proportion to its amount over the order's
    /// eligible total; once the refunds reach the order's total everything is reversed. Shares are
    /// computed on the running totals (the refunds so far, this one included, less what the earlier
    /// ones already took), so several partial refunds never reverse more than was earned per line
    /// and a line refunded in full in steps loses all its points. `earlierRefunds` with this
    /// refund's key are ignored.
    public func reversal(for refund: Refund, earlierRefunds: [Refund] = []) -> PointsReversal {
        let earlier = earlierRefunds.filter { $0.key != refund.key }
        let before = reversedPoints(after: earlier)
        let after = reversedPoints(after: earlier + [refund])
        let lines = self.lines.indices.map {
            LineReversal(lineKey: self.lines[$0].lineKey, points: max(0, after[$0] - before[$0]))
        }
        return PointsReversal(refundKey: refund.key, lines: lines)
    }

    /// Points reversed per line by a set of refunds taken together; each at most the line's points.
    func reversedPoints(after refunds: [Refund]) -> [Int64] {
        func add(_ a: Int64, _ b: Int64) -> Int64 {
            let (sum, overflow) = a.addingReportingOverflow(max(0, b))
            return overflow ? .max : sum
        }
        let refunded = refunds.reduce(Int64(0)) { add($0, $1.amount) }
        if orderTotal > 0 && refunded >= orderTotal { return lines.map { max(0, $0.points) } }
        var byLine: [String: Int64] = [:]
        var withoutLines: Int64 = 0
        for refund in refunds {
            if refund.lines.isEmpty {
                withoutLines = add(withoutLines, refund.amount)
            } else {
                for line in refund.lines { byLine[line.lineKey] = add(byLine[line.lineKey] ?? 0, line.amount) }
            }
        }
        let eligibleTotal = self.eligibleTotal
        return lines.map { line in
            guard line.points > 0 else { return 0 }
            let own = min(
                line.points, ProgramMath.floorMulDiv(line.points, byLine[line.lineKey] ?? 0, line.eligibleAmount))
            let shared = min(line.points, ProgramMath.floorMulDiv(line.points, withoutLines, eligibleTotal))
            return line.points - own <= shared ? line.points : own + shared
        }
    }
}
