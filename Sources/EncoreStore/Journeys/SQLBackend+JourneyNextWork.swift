import EncoreCore

extension SQLBackend {
    public func nextJourneyWork(now: Timestamp) async throws -> Timestamp? {
        let rows = try await read([
            SQLStatement("SELECT 1 FROM journey_inbox LIMIT 1"),
            SQLStatement("SELECT MIN(due_at) FROM journey_timers"),
        ])
        if !rows[0].isEmpty { return now }
        return rows[1].first?.optionalInt(0).map(Timestamp.init(millisecondsSinceEpoch:))
    }
}
