import EncoreCore

/// A person who signs in to the admin pages. Users belong to an organisation and see its stores
/// only; the email is unique across the server and stored lower-cased.
public struct AdminUser: Sendable, Equatable {
    public var id: Int64
    public var organisationID: Int64
    public var email: String
    /// A bcrypt hash (`$2b$12$...`); the password itself is never stored.
    public var passwordHash: String
    public var createdAt: Timestamp
}

/// A signed-in session, as the admin pages see it: who, of which organisation, and the token
/// every form of the session must carry back (CSRF).
public struct AdminSession: Sendable, Equatable {
    public var userID: Int64
    public var organisationID: Int64
    public var organisationName: String
    public var email: String
    public var csrfToken: String
    public var createdAt: Timestamp
    public var expiresAt: Timestamp
}

/// One published version of a journey, without its content: the version history.
public struct JourneyVersionSummary: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var category: String
    public var triggerEvent: String
    public var enabled: Bool
    public var createdAt: Timestamp
}

/// Admin users, their sessions, and the reads only the admin pages need.
///
/// Users and sessions are organisation-wide, not per store: like `organisations` and `stores`
/// they are small reference tables (replicated to every node on Citus), so they do not start with
/// `store_id`. Session tokens are stored as their SHA-256 hash: a leaked table does not let
/// anyone in.
public protocol AdminStorage: Sendable {
    /// Every organisation, by name.
    func organisations() async throws -> [Organisation]
    /// Adds a user to the organisation named `organisation`. The email is trimmed and lower-cased.
    /// Throws `StorageError.invalid` for an unknown organisation and `.conflict` for an email in use.
    func createAdminUser(email: String, organisation: String, passwordHash: String, now: Timestamp) async throws
        -> AdminUser
    /// The user with this email (compared lower-cased), if any.
    func adminUser(email: String) async throws -> AdminUser?
    /// Records a new session under the hash of its token; removes sessions that expired before `now`.
    func createAdminSession(tokenHash: String, userID: Int64, csrfToken: String, now: Timestamp, expiresAt: Timestamp)
        async throws
    /// The session with this token hash, unless it has expired by `now`.
    func adminSession(tokenHash: String, now: Timestamp) async throws -> AdminSession?
    /// Ends a session (logout); ending an unknown session does nothing.
    func deleteAdminSession(tokenHash: String) async throws
    /// The stores of one organisation, by name.
    func stores(organisationID: Int64) async throws -> [Store]
    /// One message of a store's outbox.
    func outboxMessage(storeID: StoreID, messageID: String) async throws -> OutboxMessage?
    /// A store's messages on one channel whose status is one of `statuses`, newest first.
    func outbox(storeID: StoreID, channel: Channel, statuses: [OutboxStatus], limit: Int) async throws
        -> [OutboxMessage]
    /// One journey instance, by key.
    func journeyInstance(storeID: StoreID, instanceKey: String) async throws -> JourneyInstanceSummary?
    /// Every published version of a journey, newest first.
    func journeyVersions(storeID: StoreID, journeyID: String) async throws -> [JourneyVersionSummary]
}
