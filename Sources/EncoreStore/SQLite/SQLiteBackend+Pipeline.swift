import Dispatch
import GRDB

extension SQLiteBackend {
    /// Plans the parts on a second thread (`planner`, a serial queue of its own, so it never waits
    /// for a busy shared pool) while the writer runs the statements of the parts
    /// already planned, so planning (pure computation) and SQLite's writing overlap on two
    /// cores. The writer takes the parts in order; if a plan throws, the writer stops at that
    /// part and the transaction rolls back. The planning thread is finished before this returns.
    public func pipelinedTransaction<Part: Sendable, Planned: Sendable>(
        locks: AdvisoryLocks,
        reads: [SQLStatement],
        split: @escaping @Sendable ([[SQLRow]]) throws -> [Part],
        plan: @escaping @Sendable (Part) throws -> (statements: [SQLStatement], result: Planned)
    ) async throws -> [Planned] {
        try await pool.write { db in
            let parts = try split(try reads.map { try Self.run($0, db) })
            // One part has nothing to overlap with: planned here, without a hand-over.
            if parts.count == 1 {
                let (statements, result) = try plan(parts[0])
                for statement in statements { _ = try Self.run(statement, db) }
                return [result]
            }
            let planned = PlannedParts<(statements: [SQLStatement], result: Planned)>(count: parts.count)
            planner.async {
                for part in parts {
                    guard !planned.isCancelled else { break }
                    let result = Result { try plan(part) }
                    planned.deliver(result)
                    // The writer stops at a failed part: planning the rest is wasted.
                    if case .failure = result { break }
                }
                planned.finish()
            }
            defer { planned.cancelAndWait() }
            var results: [Planned] = []
            results.reserveCapacity(parts.count)
            for _ in parts.indices {
                let (statements, result) = try planned.next().get()
                for statement in statements { _ = try Self.run(statement, db) }
                results.append(result)
            }
            return results
        }
    }
}
