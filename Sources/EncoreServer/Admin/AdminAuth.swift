import Crypto
import EncoreCore
import EncoreStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Sign-in for the admin pages: password checks, sessions, their cookie, and CSRF tokens.
///
/// - A session is a 256-bit random token in an HttpOnly, SameSite=Lax cookie scoped to /admin
///   (Secure when the request came over https); the database keeps only its SHA-256 hash, so a
///   copy of the table lets nobody in. Sessions last 12 hours.
/// - Every POST of a session carries the session's CSRF token in a hidden field.
/// - The login form itself is protected by a signed double-submit token: a random nonce in a
///   cookie, and in the form the HMAC of that nonce under a server secret, so a page on another
///   site can neither read the nonce nor forge a matching pair (not even by planting a cookie).
/// - A failed login costs the same whether or not the email exists (bcrypt runs either way), and
///   an email with too many recent failures is refused for a while.
final class AdminAuth: Sendable {
    static let sessionCookie = "encore_session"
    static let loginCookie = "encore_login"
    static let sessionSeconds: Int64 = 12 * 3_600

    let storage: any EncoreStorage
    let clock: any Clock
    let throttle: LoginThrottle
    private let secret = Mutex<SymmetricKey?>(nil)
    private let dummyHash = Mutex<String?>(nil)

    init(storage: any EncoreStorage, clock: any Clock, throttle: LoginThrottle = LoginThrottle()) {
        self.storage = storage
        self.clock = clock
        self.throttle = throttle
    }

    // MARK: Sessions

    /// The session the request's cookie names, unless it is unknown or expired.
    func session(for request: Request) async throws -> AdminSession? {
        guard let token = request.cookies[Self.sessionCookie]?.value, Self.isToken(token) else { return nil }
        return try await storage.adminSession(tokenHash: APIKeys.hash(token), now: clock.now())
    }

    /// Starts a session for `user`; returns the cookie to set.
    func startSession(for user: AdminUser, secure: Bool) async throws -> Cookie {
        let token = Self.randomToken()
        let now = clock.now()
        try await storage.createAdminSession(
            tokenHash: APIKeys.hash(token), userID: user.id, csrfToken: Self.randomToken(), now: now,
            expiresAt: now.adding(seconds: Self.sessionSeconds))
        return Cookie(
            name: Self.sessionCookie, value: token, maxAge: Int(Self.sessionSeconds), path: "/admin", secure: secure,
            httpOnly: true, sameSite: .lax)
    }

    /// Ends the request's session; returns the cookie that clears it in the browser.
    func endSession(for request: Request) async throws -> Cookie {
        if let token = request.cookies[Self.sessionCookie]?.value, Self.isToken(token) {
            try await storage.deleteAdminSession(tokenHash: APIKeys.hash(token))
        }
        return Cookie(
            name: Self.sessionCookie, value: "", maxAge: 0, path: "/admin", secure: Self.isSecure(request),
            httpOnly: true,
            sameSite: .lax)
    }

    // MARK: Passwords

    /// The user whose email and password these are, or nil. Takes a bcrypt verification's time
    /// either way, so the answer's timing does not tell whether the email exists.
    func authenticate(email: String, password: String) async throws -> AdminUser? {
        let user = try await storage.adminUser(email: email)
        let hash: String
        if let user {
            hash = user.passwordHash
        } else {
            hash = try await self.dummy()
        }
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let user, matches else { return nil }
        return user
    }

    /// A hash of a random password at the production cost, verified against when the email is unknown.
    private func dummy() async throws -> String {
        if let hash = dummyHash.withLock({ $0 }) { return hash }
        let password = Self.randomToken()
        let hash = try await NIOThreadPool.singleton.runIfActive {
            Bcrypt.hash(password, cost: AdminUsers.productionCost)
        }
        dummyHash.withLock { $0 = $0 ?? hash }
        return hash
    }

    // MARK: Login form tokens

    /// The login nonce of the request's cookie, or a new one (and the cookie to set).
    func loginNonce(for request: Request) -> (nonce: String, cookie: Cookie?) {
        if let nonce = request.cookies[Self.loginCookie]?.value, Self.isToken(nonce) { return (nonce, nil) }
        let nonce = Self.randomToken()
        return (
            nonce,
            Cookie(
                name: Self.loginCookie, value: nonce, maxAge: 3_600, path: "/admin", secure: Self.isSecure(request),
                httpOnly: true, sameSite: .lax)
        )
    }

    /// The form token for a login nonce: HMAC-SHA256 under the server's admin secret.
    func loginToken(nonce: String) async throws -> String {
        let key = try await signingKey()
        let mac = HMAC<SHA256>.authenticationCode(for: Array("admin-login:\(nonce)".utf8), using: key)
        return Self.base64url(Array(mac))
    }

    /// Whether the login form's token matches the request's nonce cookie.
    func checkLoginToken(_ token: String?, request: Request) async throws -> Bool {
        guard let token, let nonce = request.cookies[Self.loginCookie]?.value, Self.isToken(nonce) else { return false }
        return Self.constantTimeEqual(token, try await loginToken(nonce: nonce))
    }

    private func signingKey() async throws -> SymmetricKey {
        if let key = secret.withLock({ $0 }) { return key }
        let text = try await storage.serverSecret(
            named: "admin-login-csrf", generate: { AdminAuth.randomToken() }, now: clock.now())
        let key = SymmetricKey(data: Array(text.utf8))
        secret.withLock { $0 = key }
        return key
    }

    // MARK: Helpers

    /// Whether the browser reached us over https (directly or through a proxy that says so).
    static func isSecure(_ request: Request) -> Bool {
        if request.uri.scheme == .https { return true }
        guard let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!] else { return false }
        return proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }

    /// 32 random bytes, base64url without padding (43 characters).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return base64url((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
    }

    /// The shape of our tokens: 43 base64url characters. Anything else is not looked up.
    static func isToken(_ value: String) -> Bool {
        value.utf8.count == 43
            && value.utf8.allSatisfy {
                ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95
            }
    }

    /// Compares two secrets in time that depends on their lengths only.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// Refuses sign-in for an email after `limit` failures within `window` seconds, until the window
/// has passed since the first of them. In memory, per process: it slows guessing, it is not an
/// account lock-out (a restart or another instance starts afresh).
final class LoginThrottle: Sendable {
    let limit: Int
    let window: Int64
    private let failures = Mutex<[String: (count: Int, since: Int64)]>([:])

    init(limit: Int = 10, windowSeconds: Int64 = 900) {
        self.limit = limit
        self.window = windowSeconds
    }

    func isBlocked(_ email: String, now: Timestamp) -> Bool {
        let key = email.lowercased()
        let at = now.millisecondsSinceEpoch / 1_000
        return failures.withLock { table in
            guard let entry = table[key] else { return false }
            if at - entry.since >= window {
                table[key] = nil
                return false
            }
            return entry.count >= limit
        }
    }

    func recordFailure(_ email: String, now: Timestamp) {
        let key = email.lowercased()
        let at = now.millisecondsSinceEpoch / 1_000
        failures.withLock { table in
            if table.count > 10_000 { table = table.filter { at - $0.value.since < window } }
            if let entry = table[key], at - entry.since < window {
                table[key] = (entry.count + 1, entry.since)
            } else {
                table[key] = (1, at)
            }
        }
    }

    func recordSuccess(_ email: String) {
        let key = email.lowercased()
        _ = failures.withLock { $0.removeValue(forKey: key) }
    }
}
