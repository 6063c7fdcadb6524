/// How a store presents itself in what Encore sends and shows: sender, support address, web
/// address and branding. Every field is optional; the defaults are plain and honest.
public struct StoreSettings: Hashable, Sendable, Codable {
    /// The display name in messages and pages ("Acme Coffee"); the store's handle when nil.
    public var displayName: String?
    /// The From address of email ("hello@acme.example").
    public var senderEmail: String?
    public var supportEmail: String?
    /// The shop's own web address.
    public var url: String?
    public var logoURL: String?
    /// "#rrggbb".
    public var brandColour: String?
    /// The person who signs personal notes ("Maya from Acme").
    public var contactName: String?
    /// Days after delivery in which a customer may ask to return a line (30 when nil).
    public var returnWindowDays: Int?
    /// The least number of days between two survey questions to one customer, across every
    /// survey and channel (30 when nil).
    public var surveyIntervalDays: Int?
    /// When the support team works, in the store's time zone ("mon-fri 09:00-17:00"; that when nil).
    public var businessHours: String?
    /// Where Encore POSTs a signed `reward.redeemed` webhook for rewards fulfilled by webhook:
    /// the shop creates the discount code Encore issued (no rewards by webhook when nil).
    public var rewardsWebhookURL: String?
    /// The P(alive) under which a customer is lapsing and `customer.lapsing` starts win-back
    /// journeys (`LifecycleSignals.defaultLapsingBelow` when nil).
    public var lapsingBelow: Double?

    public init(
        displayName: String? = nil, senderEmail: String? = nil, supportEmail: String? = nil, url: String? = nil,
        logoURL: String? = nil, brandColour: String? = nil, contactName: String? = nil
    ) {
        self.displayName = displayName
        self.senderEmail = senderEmail
        self.supportEmail = supportEmail
        self.url = url
        self.logoURL = logoURL
        self.brandColour = brandColour
        self.contactName = contactName
    }

    enum CodingKeys: String, CodingKey {
        case displayName = "display_name", senderEmail = "sender_email", supportEmail = "support_email", url
        case logoURL = "logo_url", brandColour = "brand_colour", contactName = "contact_name"
        case returnWindowDays = "return_window_days", surveyIntervalDays = "survey_interval_days"
        case businessHours = "business_hours"
        case rewardsWebhookURL = "rewards_webhook_url"
        case lapsingBelow = "lapsing_below"
    }
}
