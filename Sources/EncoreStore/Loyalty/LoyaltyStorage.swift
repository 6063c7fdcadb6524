import EncoreCore
import EncoreLoyalty

/// A store's loyalty program as published: the version, the rules and the YAML it came from.
public struct PublishedLoyaltyProgram: Sendable, Hashable {
    public var storeID: StoreID
    /// 1 for the first publication, then one more for each publication that changed something.
    public var version: Int
    public var program: LoyaltyProgram
    /// The YAML text as applied (comments included), for `encore loyalty` and the admin pages.
    public var source: String
    public var publishedAt: Timestamp

    public init(storeID: StoreID, version: Int, program: LoyaltyProgram, source: String, publishedAt: Timestamp) {
        self.storeID = storeID
        self.version = version
        self.program = program
        self.source = source
        self.publishedAt = publishedAt
    }
}

/// What storage keeps of loyalty programs.
public protocol LoyaltyStorage: Sendable {
    /// Publishes `program` as the store's next version, unless the latest version has the same
    /// rules (then nothing is written and that version is returned as unchanged). Concurrent
    /// publications of one store are serialised, so versions never repeat or skip.
    func publishLoyaltyProgram(storeID: StoreID, program: LoyaltyProgram, source: String, now: Timestamp) async throws
        -> ApplyOutcome

    /// The store's latest version; nil when it has never published one.
    func loyaltyProgram(storeID: StoreID) async throws -> PublishedLoyaltyProgram?

    /// One version of the store's program, as it was published; nil when there is no such version.
    func loyaltyProgram(storeID: StoreID, version: Int) async throws -> PublishedLoyaltyProgram?
}
