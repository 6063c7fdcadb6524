import Hummingbird
import EncoreCore
import NIOCore

/// The request context of every route: Hummingbird's core storage plus the store the API key
/// authenticated, set by `APIKeyMiddleware` on /v1 routes.
public struct EncoreRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated store, or nil outside /v1.
    public var store: Store?
    /// The TCP peer: the client, or the proxy in front of Encore.
    public let remoteAddress: SocketAddress?
    /// The client's IP address, for rate limits on public forms and the referral screen: the
    /// peer's, or the one a trusted proxy forwarded (set by `ClientAddressMiddleware`).
    public var clientAddress: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.store = nil
        self.remoteAddress = source.channel.remoteAddress
        self.clientAddress = remoteAddress?.ipAddress
    }

    /// Bodies above this size are refused with 413 before they are read in full.
    public var maxUploadSize: Int { ServerLimits.maxBodyBytes }

    /// The authenticated store; throws 401 if the route was reached without one (a wiring bug).
    func requireStore() throws -> Store {
        guard let store else { throw APIError(.unauthorized, field: "Authorization", reason: "an API key is required") }
        return store
    }
}

/// Limits of the HTTP API.
public enum ServerLimits {
    /// Largest request body accepted, in bytes (4 MiB: a batch of 1,000 events of ~4 KB).
    public static let maxBodyBytes = 4 * 1024 * 1024
    /// Most events accepted in one POST /v1/events.
    public static let maxEventsPerBatch = 1000
}
