/// How long after delivery an order's lines may be returned, and how many units of each.
///
/// The window opens at delivery and closes `days` × 24 hours later (elapsed time, not local
/// dates); it is open while `now < closesAt`. An order not delivered yet has no window.
public struct ReturnWindow: Hashable, Sendable, Codable {
    /// Length of the window in days; 0 or less means nothing can be returned.
    public var days: Int

    /// A window of `days` days; 30 by default.
    public init(days: Int = 30) {
        self.days = days
    }

    /// A line of the order as the window needs it.
    public struct Line: Hashable, Sendable, Codable {
        public var lineKey: String
        public var orderedQuantity: Int64
        /// Units already in a return that was not rejected (requested, approved, received, refunded).
        public var alreadyReturnedQuantity: Int64

        /// A line with its ordered and already requested-or-returned units.
        public init(lineKey: String, orderedQuantity: Int64, alreadyReturnedQuantity: Int64 = 0) {
            self.lineKey = lineKey
            self.orderedQuantity = orderedQuantity
            self.alreadyReturnedQuantity = alreadyReturnedQuantity
        }

        /// Units not returned yet (never negative).
        public var remainingQuantity: Int64 {
            let (left, overflow) = orderedQuantity.subtractingReportingOverflow(max(0, alreadyReturnedQuantity))
            return overflow ? 0 : max(0, left)
        }
    }

    /// What can be returned of one line now.
    public struct LineStatus: Hashable, Sendable, Codable {
        public var lineKey: String
        /// Units not returned yet, window or not.
        public var remainingQuantity: Int64
        /// Units that may be asked for now: `remainingQuantity` while the window is open, else 0.
        public var returnableQuantity: Int64
        public var windowOpen: Bool
        /// When the window closes (closed); nil when the order is not delivered.
        public var closesAt: Timestamp?
    }

    /// The units asked for on one line.
    public struct RequestLine: Hashable, Sendable, Codable {
        public var lineKey: String
        public var quantity: Int64

        /// `quantity` units of the line `lineKey`.
        public init(lineKey: String, quantity: Int64) {
            self.lineKey = lineKey
            self.quantity = quantity
        }
    }

    /// When the window closes; nil when not delivered.
    public func closesAt(deliveredAt: Timestamp?) -> Timestamp? {
        guard let deliveredAt else { return nil }
        let (ms, overflow) = Int64(max(days, 0)).multipliedReportingOverflow(by: 86_400_000)
        let (end, overflow2) = deliveredAt.millisecondsSinceEpoch.addingReportingOverflow(ms)
        return Timestamp(millisecondsSinceEpoch: overflow || overflow2 ? Int64.max : end)
    }

    /// Whether returns may be asked for at `now`: delivered, and before the window closes.
    public func isOpen(deliveredAt: Timestamp?, now: Timestamp) -> Bool {
        guard let closesAt = closesAt(deliveredAt: deliveredAt) else { return false }
        return now < closesAt
    }

    /// Each line's remaining and returnable units at `now`, in the order given.
    public func status(of lines: [Line], deliveredAt: Timestamp?, now: Timestamp) -> [LineStatus] {
        let open = isOpen(deliveredAt: deliveredAt, now: now)
        let closesAt = closesAt(deliveredAt: deliveredAt)
        return lines.map {
            LineStatus(
                lineKey: $0.lineKey, remainingQuantity: $0.remainingQuantity,
                returnableQuantity: open ? $0.remainingQuantity : 0, windowOpen: open, closesAt: closesAt)
        }
    }

    /// Checks a return request against the order's lines at `now`; throws a `ReturnRequestError`
    /// listing every problem, one per request line, in request order (see `ReturnRequestError`).
    /// When `lines` repeats a key, the first entry counts.
    public func validate(request: [RequestLine], lines: [Line], deliveredAt: Timestamp?, now: Timestamp) throws {
        guard !request.isEmpty else {
            throw ReturnRequestError(problems: [.init(index: nil, lineKey: nil, kind: .empty)])
        }
        var byKey: [String: Line] = [:]
        for line in lines where byKey[line.lineKey] == nil { byKey[line.lineKey] = line }
        let closesAt = closesAt(deliveredAt: deliveredAt)
        let open = isOpen(deliveredAt: deliveredAt, now: now)
        var seen: Set<String> = []
        var problems: [ReturnRequestError.Problem] = []
        for (index, asked) in request.enumerated() {
            let kind: ReturnRequestError.Kind?
            if let line = byKey[asked.lineKey] {
                if !seen.insert(asked.lineKey).inserted {
                    kind = .duplicateLine
                } else if asked.quantity <= 0 {
                    kind = .nonPositiveQuantity(asked.quantity)
                } else if let closesAt, !open {
                    kind = .windowClosed(closedAt: closesAt)
                } else if closesAt == nil {
                    kind = .notDelivered
                } else if asked.quantity > line.remainingQuantity {
                    kind = .moreThanReturnable(requested: asked.quantity, returnable: line.remainingQuantity)
                } else {
                    kind = nil
                }
            } else {
                kind = .unknownLine
            }
            if let kind { problems.append(.init(index: index, lineKey: asked.lineKey, kind: kind)) }
        }
        if !problems.isEmpty { throw ReturnRequestError(problems: problems) }
    }
}
