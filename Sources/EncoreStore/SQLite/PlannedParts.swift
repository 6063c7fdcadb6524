import Foundation

/// The hand-over between a pipelined transaction's planning thread and its writer: the planner
/// delivers each part's plan in order, the writer takes them in the same order, waiting for a
/// part not yet planned. The writer can cancel (the planner stops after its current part) and
/// waits until the planner has finished, so no planning outlives the transaction.
final class PlannedParts<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [Result<Value, any Error>?]
    private var delivered = 0
    private var taken = 0
    private var cancelled = false
    private var finished = false

    init(count: Int) {
        ready = Array(repeating: nil, count: count)
    }

    /// Whether the writer has stopped taking parts.
    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// The planner's result for the next part.
    func deliver(_ value: Result<Value, any Error>) {
        condition.lock()
        defer { condition.unlock() }
        precondition(delivered < ready.count, "more parts delivered than planned")
        ready[delivered] = value
        delivered += 1
        condition.broadcast()
    }

    /// The planner is done (every part delivered, or it stopped on cancellation).
    func finish() {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        condition.broadcast()
    }

    /// The next part's plan, waiting until it is delivered; released from here once taken.
    func next() -> Result<Value, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while taken == delivered { condition.wait() }
        guard let value = ready[taken] else { preconditionFailure("a delivered part is present") }
        ready[taken] = nil
        taken += 1
        return value
    }

    /// Stops the planner after its current part and waits until it has finished.
    func cancelAndWait() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        while !finished { condition.wait() }
    }
}
