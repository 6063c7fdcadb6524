import EncoreCore

extension SQLBackend {
    public func serverSecret(named name: String, generate: @Sendable () -> String, now: Timestamp) async throws -> String {
        let rows = try await write([
            SQLStatement(
                "INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                [.text(name), .text(generate()), .int(now.millisecondsSinceEpoch)]),
            SQLStatement("SELECT value FROM server_secrets WHERE name = ?", [.text(name)]),
        ])
        guard let value = rows[1].first?.optionalText(0) else { throw StorageError.unavailable("secret '\(name)' missing") }
        return value
    }
}
