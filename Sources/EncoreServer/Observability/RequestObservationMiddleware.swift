import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The first middleware of every request: gives it an id, counts and times it, and (when
/// `accessLog` is on) logs one line for it.
///
/// The id is the client's `X-Request-Id` when that is 1 to 128 characters of letters, digits and
/// `-_.:`, otherwise the one Hummingbird made; it is put on every log line written while the
/// request is served (metadata `hb.request.id`, written `request_id` by `JSONLogHandler`) and
/// answered in the response's `X-Request-Id`. Routes are reported by pattern, never by path, so
/// no token in a link reaches a log or a metric.
struct RequestObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let accessLog: Bool

    static var requestIDField: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        let id = request.headers[Self.requestIDField].flatMap(Self.acceptedID) ?? context.id
        context.logger[metadataKey: "hb.request.id"] = .string(id)
        let logger = context.logger
        let start = ContinuousClock.now
        do {
            var response = try await next(request, context)
            response.headers[Self.requestIDField] = id
            finish(request, route: context.endpointPath, status: response.status.code, start: start, logger: logger)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            finish(request, route: context.endpointPath, status: status, start: start, logger: logger)
            throw RequestIDError(base: error, id: id)
        }
    }

    private func finish(_ request: Request, route: String?, status: Int, start: ContinuousClock.Instant, logger: Logger) {
        let duration = ContinuousClock.now - start
        let route = route ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: status, duration: duration)
        guard accessLog else { return }
        let milliseconds = Double(duration.components.attoseconds / 1_000_000_000_000) / 1_000_000
            + Double(duration.components.seconds) * 1_000
        logger.log(
            level: status >= 500 ? .error : .info, "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(route), "status": .stringConvertible(status),
                "duration_ms": .string(String(format: "%.3f", milliseconds)),
            ])
    }

    /// The client's id when it is safe to log and echo: 1...128 of `A-Z a-z 0-9 - _ . :`.
    static func acceptedID(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count) else { return nil }
        let safe = value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
        }
        return safe ? value : nil
    }
}

/// An error response that also carries the request's id in `X-Request-Id`.
struct RequestIDError: HTTPResponseError {
    let base: any Error
    let id: String

    var status: HTTPResponse.Status { (base as? any HTTPResponseError)?.status ?? .internalServerError }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response: Response
        if let base = base as? any HTTPResponseError {
            response = try base.response(from: request, context: context)
        } else {
            response = Response(status: .internalServerError)
        }
        response.headers[RequestObservationMiddleware<BasicRequestContext>.requestIDField] = id
        return response
    }
}
