/// The journeys that ship with Encore: the post-purchase journey of docs/JOURNEYS.md and
/// PRODUCT.md as plain YAML and Mustache, for `encore journeys apply --defaults` and as the
/// starting point a merchant copies, edits or disables.
public enum DefaultJourneys {
    /// The journey files, as `encore journeys` would read them from disk
    /// ("defaults/order-confirmation.yaml").
    public static let files: [(path: String, text: String)] = all.map { ("defaults/\($0.id).yaml", $0.yaml) }

    /// The default journeys' templates (subject, html and text of each), with paths
    /// "builtin:NAME.PART.mustache". Part of `TemplateLibrary.builtinSources`.
    public static let templates: [TemplateSource] = all.flatMap { $0.templates.flatMap(\.sources) }

    static let all: [DefaultJourney] = [
        .orderConfirmation, .wowThankYou, .shipmentShipped, .shipmentOutForDelivery, .shipmentDelivered,
        .deliveryDelayed, .deliveryException, .deliveryFailedAttempt, .onboardingTips, .sevenDayFollowUp,
        .detractorApology, .promoterInvitation, .replenishment, .winBack,
    ]
}

/// One default journey: its YAML and the template sets it sends.
struct DefaultJourney: Sendable {
    var id: String
    var yaml: String
    var templates: [DefaultTemplateSet]
}

/// The parts of one template set, as shipped: subject, html and text for email, text alone for SMS.
struct DefaultTemplateSet: Sendable {
    var name: String
    var subject: String?
    var html: String?
    var text: String

    /// An email: all three parts.
    static func email(_ name: String, subject: String, html: String, text: String) -> DefaultTemplateSet {
        DefaultTemplateSet(name: name, subject: subject, html: html, text: text)
    }

    /// An SMS: the text part alone.
    static func sms(_ name: String, text: String) -> DefaultTemplateSet {
        DefaultTemplateSet(name: name, subject: nil, html: nil, text: text)
    }

    var sources: [TemplateSource] {
        var sources: [TemplateSource] = []
        if let subject {
            sources.append(TemplateSource(name: name, part: .subject, path: "builtin:\(name).subject.mustache", text: subject))
        }
        if let html {
            sources.append(TemplateSource(name: name, part: .html, path: "builtin:\(name).html.mustache", text: html))
        }
        sources.append(TemplateSource(name: name, part: .text, path: "builtin:\(name).text.mustache", text: text))
        return sources
    }
}
