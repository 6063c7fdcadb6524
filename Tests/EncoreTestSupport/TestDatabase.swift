import EncoreCore
import Foundation
@testable import EncoreStore

/// The storage backends the shared suites run on.
///
/// SQLite always. PostgreSQL when ENCORE_TEST_POSTGRES_URL names a server (an admin URL; each
/// test gets a fresh database on it); with CI=true it is always included, so a missing server
/// fails the run instead of silently skipping half the suite.
public enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    public static var enabled: [Backend] {
        let env = ProcessInfo.processInfo.environment
        if env["ENCORE_TEST_POSTGRES_URL"] != nil || env["CI"] == "true" { return [.sqlite, .postgres] }
        return [.sqlite]
    }
}

public struct MissingPostgres: Error, CustomStringConvertible {
    public init() {}

    public var description: String {
        "PostgreSQL tests need ENCORE_TEST_POSTGRES_URL (CI=true makes them mandatory); run scripts/start-postgres.sh"
    }
}

/// A fresh, empty, migrated storage for one test; removed afterwards.
public func withStorage<T>(_ backend: Backend, _ body: (any EncoreStorage, String) async throws -> T) async throws -> T {
    switch backend {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("encore-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = "sqlite://" + directory.appendingPathComponent("test.sqlite").path
        let storage = try await openStorage(url: url)
        do {
            let result = try await body(storage, url)
            try await storage.close()
            return result
        } catch {
            try? await storage.close()
            throw error
        }
    case .postgres:
        return try await withEmptyPostgresDatabase { url in
            let storage = try await openStorage(url: url)
            do {
                let result = try await body(storage, url)
                try await storage.close()
                return result
            } catch {
                try? await storage.close()
                throw error
            }
        }
    }
}

/// A new, empty (not migrated) PostgreSQL database on ENCORE_TEST_POSTGRES_URL's server for
/// `body`, given its URL; dropped afterwards, whatever `body` did.
///
/// At most `PostgresTestSlots.limit` of these exist at once: Swift Testing starts every test of
/// the run together, and each suspends while connecting, so without a bound a whole run's tests
/// would hold their connections at once and use up the server's `max_connections`. The admin
/// connection is held only to create and to drop the database.
public func withEmptyPostgresDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
    guard let admin = ProcessInfo.processInfo.environment["ENCORE_TEST_POSTGRES_URL"] else { throw MissingPostgres() }
    // A test that makes a second database inside the first uses its slot (no deadlock).
    guard !PostgresTestSlots.holding else { return try await makeEmptyPostgresDatabase(admin: admin, body) }
    await PostgresTestSlots.shared.acquire()
    defer { Task { await PostgresTestSlots.shared.release() } }
    return try await PostgresTestSlots.$holding.withValue(true) { try await makeEmptyPostgresDatabase(admin: admin, body) }
}

private func makeEmptyPostgresDatabase<T>(admin: String, _ body: (String) async throws -> T) async throws -> T {
    let name = "encore_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    try await adminStatement("CREATE DATABASE \(name)", admin: admin)
    var components = URLComponents(string: admin)!
    components.path = "/" + name
    // The whole suite shares one server on a busy machine: connecting can take longer than 10 s.
    components.queryItems = (components.queryItems ?? []).filter { $0.name != "connect_timeout" }
        + [URLQueryItem(name: "connect_timeout", value: "60")]
    do {
        let result = try await body(components.string!)
        try? await adminStatement("DROP DATABASE \(name) WITH (FORCE)", admin: admin)
        return result
    } catch {
        try? await adminStatement("DROP DATABASE \(name) WITH (FORCE)", admin: admin)
        throw error
    }
}

/// Runs one statement on the admin database, on a connection of its own, closed afterwards.
private func adminStatement(_ sql: String, admin: String) async throws {
    let backend = try await PostgresBackend(url: admin, connectTimeout: .seconds(60))
    do {
        _ = try await backend.run(SQLStatement(sql), on: nil)
        try await backend.close()
    } catch {
        try? await backend.close()
        throw error
    }
}

/// A counting semaphore for the PostgreSQL test databases alive at once.
public actor PostgresTestSlots {
    public static let shared = PostgresTestSlots()
    /// Each database's storage opens at most 16 connections, and few tests use more than two.
    public static let limit = 24
    /// Whether the current task already holds a slot.
    @TaskLocal static var holding = false
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if inUse < Self.limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            inUse -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// Fixtures shared by the suites.
public enum Fixtures {
    public static let t0 = ISO8601.parse("2026-03-01T10:00:00Z")!

    public static func order(
        _ store: Store, key: String = "1001", customer: String = "c1", total: Int64 = 5000, lines: Int = 2,
        currency: Currency = .usd
    ) -> Order {
        let items = (1...lines).map { i in
            LineItem(key: "\(i)", sku: "SKU-\(i)", title: "Item \(i)", quantity: 1, unitPrice: total / Int64(lines))
        }
        return Order(
            storeID: store.id, key: key, number: "#\(key)", customerKey: customer, placedAt: t0, currency: currency,
            subtotal: total, total: total, lines: items)
    }

    public static func customer(_ store: Store, key: String = "c1") -> Customer {
        Customer(storeID: store.id, key: key, email: "\(key)@example.com", firstName: "Ada", lastName: "Lovelace", createdAt: t0)
    }

    /// Creates a store with a unique name.
    public static func store(_ storage: any EncoreStorage, _ name: String = "shop", currency: Currency = .usd) async throws
        -> Store
    {
        try await storage.createStore(
            name: name, organisation: nil, currency: currency, timeZone: "UTC", webhookSecret: "secret-\(name)", now: t0)
    }
}
