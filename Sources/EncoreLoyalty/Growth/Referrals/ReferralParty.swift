/// One side of a referral: the customer's key and the contact details that reveal a second account.
public struct ReferralParty: Hashable, Sendable {
    /// The customer's key in the store.
    public var customerKey: String
    /// Email address, as entered.
    public var email: String?
    /// Phone number, as entered.
    public var phone: String?
    /// Shipping address on one line, as entered.
    public var shippingAddress: String?

    /// A party as given.
    public init(customerKey: String, email: String? = nil, phone: String? = nil, shippingAddress: String? = nil) {
        self.customerKey = customerKey
        self.email = email
        self.phone = phone
        self.shippingAddress = shippingAddress
    }
}
