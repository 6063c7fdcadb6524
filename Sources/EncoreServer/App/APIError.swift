import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import EncoreCore
import EncoreStore

/// An error answered as JSON: `{"error": {"status": 422, "field": "lines[0].unit_price", "reason": "..."}}`.
///
/// Every error the API returns has this shape, so clients can show which field was wrong and why.
public struct APIError: HTTPResponseError, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let field: String?
    public let reason: String
    /// Headers the answer carries besides its content type (`Allow` on a 405).
    public let headers: HTTPFields

    public init(_ status: HTTPResponse.Status, field: String? = nil, reason: String, headers: HTTPFields = [:]) {
        self.status = status
        self.field = field
        self.reason = reason
        self.headers = headers
    }

    public var description: String { "\(status.code) \(field.map { "\($0): " } ?? "")\(reason)" }

    /// The JSON body text.
    public var body: String {
        JSONText.render([
            (
                "error",
                .object([
                    ("status", .int(Int64(status.code))), ("field", field.map(JSONText.string) ?? .null),
                    ("reason", .string(reason)),
                ])
            )
        ])
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Turns every error a route throws into an `APIError` JSON response (including Hummingbird's own
/// 404s and 413s), and logs unexpected ones without leaking their text to the client. A database
/// that cannot take the request now (full, locked, gone: `StorageError.isUnavailability`) is a 503.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge, field: "body", reason: "the body is larger than \(ServerLimits.maxBodyBytes) bytes")
        } catch let error as HTTPError {
            throw APIError(error.status, reason: error.body ?? error.status.reasonPhrase)
        } catch let error as IngestError {
            throw APIError(.unprocessableContent, field: error.field, reason: error.description)
        } catch let error where StorageError.isUnavailability(error) {
            context.logger.error("request failed: the database is unavailable", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.serviceUnavailable, reason: "the database cannot take this request now; try again later")
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, reason: "internal error; see the server log")
        }
    }
}
