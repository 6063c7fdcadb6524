import EncoreCore
import EncoreStore
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Creating admin users: the rules a password and an email must meet, and the bcrypt hash.
/// The command line (`encore users create`) and the tests go through here.
public enum AdminUsers {
    /// bcrypt's cost in production (2^12 rounds, about a quarter of a second per check).
    public static let productionCost: UInt8 = 12
    public static let minimumPasswordLength = 12
    /// bcrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused.
    public static let maximumPasswordBytes = 72

    /// Why a password is not acceptable, or nil.
    public static func problem(password: String) -> String? {
        if password.count < minimumPasswordLength {
            return "the password must be at least \(minimumPasswordLength) characters long"
        }
        if password.utf8.count > maximumPasswordBytes {
            return "the password must be at most \(maximumPasswordBytes) bytes long (bcrypt's limit)"
        }
        if password.unicodeScalars.contains(where: { $0.value == 0 }) { return "the password must not contain NUL" }
        return nil
    }

    /// Why an email address is not acceptable, or nil: one `@` with text on both sides, no spaces.
    public static func problem(email: String) -> String? {
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].count >= 1, trimmed.utf8.count <= 254,
            !trimmed.contains(where: { $0.isWhitespace || $0.isNewline })
        else { return "'\(email)' is not an email address" }
        return nil
    }

    /// Creates a user of `organisation` (by name). `cost` is bcrypt's; tests pass a low one.
    /// Throws `AdminUserError` for a bad email or password, and `StorageError` for an unknown
    /// organisation or an email already in use.
    public static func create(
        storage: any EncoreStorage, email: String, organisation: String, password: String,
        cost: UInt8 = productionCost, now: Timestamp
    ) async throws -> AdminUser {
        if let problem = problem(email: email) { throw AdminUserError(message: problem) }
        if let problem = problem(password: password) { throw AdminUserError(message: problem) }
        let hash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
        return try await storage.createAdminUser(email: email, organisation: organisation, passwordHash: hash, now: now)
    }
}

/// An email or password that the rules refuse.
public struct AdminUserError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
