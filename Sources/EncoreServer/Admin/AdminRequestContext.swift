import EncoreCore
import EncoreStore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The context of /admin routes: the signed-in session and the posted form, both set by
/// `AdminSessionMiddleware` (nil and empty on the login routes).
struct AdminRequestContext: ChildRequestContext {
    typealias ParentContext = EncoreRequestContext
    var coreContext: CoreRequestContextStorage
    var session: AdminSession?
    var form: [String: String] = [:]

    init(context: EncoreRequestContext) throws {
        self.coreContext = context.coreContext
    }

    /// Admin forms are a few fields.
    var maxUploadSize: Int { AdminForm.maxBytes }

    /// The session; a route behind `AdminSessionMiddleware` always has one.
    func requireSession() throws -> AdminSession {
        guard let session else { throw AdminPageError(.unauthorized, "Please sign in.") }
        return session
    }
}

/// An error an admin page answers with an HTML page of that status.
struct AdminPageError: Error {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static let notFound = AdminPageError(.notFound, "There is nothing here, or it belongs to another organisation.")
    static let forbidden = AdminPageError(
        .forbidden, "The form was missing its security token or it did not match. Reload the page and try again.")
}

/// `application/x-www-form-urlencoded` bodies.
enum AdminForm {
    static let maxBytes = 16 * 1024

    static func read(_ request: inout Request) async throws -> [String: String] {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else { return [:] }
        let buffer = try await request.collectBody(upTo: maxBytes)
        return parse(String(buffer: buffer))
    }

    /// Parses `a=1&b=two+words`; the first value of a repeated name wins.
    static func parse(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { continue }
            let value = parts.count > 1 ? decode(parts[1]) ?? "" : ""
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// Requires a session on every route after it: without one, the browser is sent to the login
/// page (with the page it asked for). On POST it reads the form and checks its CSRF token.
struct AdminSessionMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext
    let auth: AdminAuth

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let session = try await auth.session(for: request) else {
            var target = "/admin/login"
            if request.method == .get, let next = AdminRoutes.safeNext(request.uri.description) {
                target += "?next=" + HTML.segment(next)
            }
            return AdminLayout.redirect(to: target)
        }
        var context = context
        context.session = session
        var request = request
        if request.method != .get && request.method != .head {
            let form = try await AdminForm.read(&request)
            guard let token = form["csrf"], AdminAuth.constantTimeEqual(token, session.csrfToken) else {
                throw AdminPageError.forbidden
            }
            context.form = form
        }
        return try await next(request, context)
    }
}

/// Turns every failure of an admin route into an HTML page (never JSON, never a stack trace).
struct AdminErrorMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as AdminPageError {
            return Self.page(error.status, error.message)
        } catch is NIOTooManyBytesError {
            return Self.page(.contentTooLarge, "The form is larger than \(AdminForm.maxBytes) bytes.")
        } catch let error as HTTPError {
            return Self.page(error.status, error.body ?? error.status.reasonPhrase)
        } catch {
            context.logger.error("admin page failed", metadata: ["error": "\(String(reflecting: error))"])
            return Self.page(.internalServerError, "Something went wrong; the server log has the details.")
        }
    }

    static func page(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body: HTML = """
            <p class="error" role="alert">\(message)</p><p><a href="/admin">Back to the admin home</a></p>
            """
        return AdminLayout.response(
            status, AdminLayout.page(title: "\(status.code) \(status.reasonPhrase)", session: nil, body: body))
    }
}
