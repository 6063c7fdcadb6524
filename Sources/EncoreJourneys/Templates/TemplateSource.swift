/// The text of one part of one template, with where it came from so errors can name the file
/// and line. Loading files is the caller's job (the CLI); this is pure data.
public struct TemplateSource: Sendable, Hashable {
    /// The template's name as journeys name it ("order-confirmation"), or a layout's / partial's
    /// name ("layouts/email", "partials/footer").
    public var name: String
    public var part: TemplatePart
    /// The file it was read from, for error messages ("journeys/templates/x.html.mustache"), or
    /// "builtin:NAME" for the shipped set.
    public var path: String
    public var text: String

    public init(name: String, part: TemplatePart, path: String, text: String) {
        self.name = name
        self.part = part
        self.path = path
        self.text = text
    }
}

/// Which part of a message a template renders.
public enum TemplatePart: String, Sendable, CaseIterable, Codable {
    case subject
    case html
    case text
    /// A layout wraps a rendered html body (`layouts/NAME.html.mustache`).
    case layout
    /// A partial included with `{{> NAME}}` (`partials/NAME.mustache`).
    case partial
}
