/// One journey file to validate: its path and text, and the templates found in the `templates/`
/// folder beside it (which win over the built-in set, part by part).
public struct JourneyFile: Sendable {
    public var path: String
    public var text: String
    public var templates: [TemplateSource]

    public init(path: String, text: String, templates: [TemplateSource] = []) {
        self.path = path
        self.text = text
        self.templates = templates
    }
}
