import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import EncoreCore
import EncoreStore

/// Authenticates `Authorization: Bearer <key>` on /v1 and puts the key's store in the context.
///
/// A missing, malformed or unknown key is a 401. Lookups are cached for a short time by key
/// hash so the hot path does not hit the database on every request; a revoked key stops
/// working within `cacheSeconds`.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = EncoreRequestContext
    let storage: any EncoreStorage
    let cache = APIKeyCache()
    let cacheSeconds: Int = 30

    func handle(
        _ request: Request, context: EncoreRequestContext,
        next: (Request, EncoreRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, field: "Authorization", reason: "send the API key as 'Authorization: Bearer <key>'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw APIError(.unauthorized, field: "Authorization", reason: "expected 'Bearer <key>'")
        }
        let hash = APIKeys.hash(String(parts[1]))
        let now = ContinuousClock.now
        var store = cache.entries.withLock { entries -> Store? in
            guard let entry = entries[hash], entry.expires > now else { return nil }
            return entry.store
        }
        if store == nil {
            store = try await storage.store(forAPIKeyHash: hash)
            if let found = store {
                cache.entries.withLock { entries in
                    if entries.count > 10_000 { entries.removeAll() }
                    entries[hash] = (found, now.advanced(by: .seconds(cacheSeconds)))
                }
            }
        }
        guard let store else { throw APIError(.unauthorized, field: "Authorization", reason: "unknown or revoked API key") }
        var context = context
        context.store = store
        return try await next(request, context)
    }
}

/// The middleware's cache of key hash to store, shared by every request.
final class APIKeyCache: Sendable {
    let entries = Mutex<[String: (store: Store, expires: ContinuousClock.Instant)]>([:])
}
