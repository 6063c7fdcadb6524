/// A template's identity in a library: its name and part ("order-confirmation", .html).
public struct TemplateKey: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var part: TemplatePart

    public init(name: String, part: TemplatePart) {
        self.name = name
        self.part = part
    }

    /// The names Mustache knows this template by (what `{{> …}}` and `{{< …}}` may name).
    /// A partial answers to "partials/button", "partials.button" and "button"; a layout to
    /// "layouts/email" and "layouts.email". (A `{{<parent}}` must be closed with `{{/parent}}`,
    /// and swift-mustache does not allow "/" in a closing tag: use the dotted or bare name there.)
    var mustacheNames: [String] {
        switch part {
        case .subject, .html, .text: return ["\(name).\(part.rawValue)"]
        case .layout: return Self.aliases(name, folder: "layouts")
        case .partial: return Self.aliases(name, folder: "partials")
        }
    }

    private static func aliases(_ name: String, folder: String) -> [String] {
        let bare = name.hasPrefix(folder + "/") ? String(name.dropFirst(folder.count + 1)) : name
        return ["\(folder)/\(bare)", "\(folder).\(bare)", bare]
    }

    public var description: String { "\(name).\(part.rawValue)" }
}
