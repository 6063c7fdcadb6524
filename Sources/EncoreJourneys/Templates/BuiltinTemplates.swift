/// The layout and partials that ship with Encore; the default journeys' own templates are in
/// `DefaultJourneys.templates`. Paths read "builtin:NAME.PART.mustache" so errors say which.
enum BuiltinTemplates {
    static let layoutAndPartials: [TemplateSource] = [
        TemplateSource(name: "layouts/email", part: .layout, path: "builtin:layouts/email.html.mustache", text: emailLayout),
        partial("button", button),
        partial("order-lines", orderLines),
        partial("order-lines-text", orderLinesText),
        partial("signature", signature),
        partial("footer-text", footerText),
    ]

    private static func partial(_ name: String, _ text: String) -> TemplateSource {
        TemplateSource(name: "partials/\(name)", part: .partial, path: "builtin:partials/\(name).mustache", text: text)
    }
}
