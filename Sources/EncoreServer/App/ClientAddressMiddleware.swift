import HTTPTypes
import Hummingbird

/// Sets each request's `clientAddress` from `X-Forwarded-For` when the TCP peer is one of the
/// `trusted` proxies (see `TrustedProxies`); with none trusted it leaves the peer's address.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = EncoreRequestContext
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    let trusted: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !trusted.isEmpty else { return try await next(request, context) }
        var context = context
        context.clientAddress = trusted.client(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: Self.forwardedFor])
        return try await next(request, context)
    }
}
