import HTTPTypes
import Hummingbird

/// Answers 405 Method Not Allowed, with an `Allow` header listing the methods served, when the
/// router has the request's path but not its method (RFC 9110 §15.5.6). Hummingbird's router
/// answers 404 for both; a path it does not have at all stays a 404.
///
/// Added to the router after every route, so it wraps only the router's not-found responder and
/// costs nothing on the requests a route serves.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = routes.allowed(on: request.uri.path), !allowed.contains(request.method) else {
                throw error
            }
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            throw APIError(
                .methodNotAllowed, field: "method", reason: "\(request.method.rawValue) is not allowed here; use \(list)",
                headers: [.allow: list])
        }
    }
}
