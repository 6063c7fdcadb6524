import EncoreCore

/// A customer whose birthday it is, as the daily birthday pass reads them.
public struct BirthdayCustomer: Sendable, Hashable {
    public var customerKey: String
    public var birthday: Birthday
    /// When the birthday was set (or last changed); the points wait 30 days after it.
    public var setAt: Timestamp?

    public init(customerKey: String, birthday: Birthday, setAt: Timestamp?) {
        self.customerKey = customerKey
        self.birthday = birthday
        self.setAt = setAt
    }
}

/// Customers' birthdays: the customer's own form and the daily birthday pass.
public protocol BirthdayStorage: Sendable {
    /// Sets the customer's birthday when none is on file (and `birthday_set_at` to `now`); false
    /// when one already is (it is left as it was) or the customer does not exist.
    func setBirthdayIfMissing(storeID: StoreID, customerKey: String, birthday: Birthday, now: Timestamp) async throws
        -> Bool

    /// Customers of the store whose birthday is one of `birthdays` and whose `customer.birthday`
    /// event of `year` (key `Birthday.eventKey(customerKey:year:)`) is not in the log yet, by
    /// customer key, at most `limit`.
    func birthdayCustomers(storeID: StoreID, birthdays: [Birthday], year: Int, limit: Int) async throws
        -> [BirthdayCustomer]
}
