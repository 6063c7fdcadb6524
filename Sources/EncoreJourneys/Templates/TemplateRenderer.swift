import Foundation
import Mustache

/// Renders a template set into a message for one customer.
///
/// The subject comes from `NAME.subject` (one line), the html from `NAME.html` wrapped in a
/// layout (`layouts/email` unless told), the text from `NAME.text`. Values render as the
/// context describes: money formatted for its currency, times in the customer's zone, lists
/// iterated. The html escapes every value; the subject and text do not (they are not HTML), and
/// the subject loses any line break. Pure: no I/O, no clock.
public struct TemplateRenderer: Sendable {
    public let library: TemplateLibrary
    /// The parsed wrapper (layout around the html body) of every html template with the default
    /// layout, made once: parsing it again for every message cost a few percent of a send.
    private let wrappers: [String: MustacheTemplate]

    public init(library: TemplateLibrary) {
        self.library = library
        var wrappers: [String: MustacheTemplate] = [:]
        for key in library.sources.keys where key.part == .html {
            if let template = try? MustacheTemplate(string: Self.wrapper(key.name, layout: Self.defaultLayout)) {
                wrappers[key.name] = template
            }
        }
        self.wrappers = wrappers
    }

    static let defaultLayout = "layouts/email"

    /// The template that renders `name`'s html inside `layout`, preheader included.
    static func wrapper(_ name: String, layout: String) -> String {
        // A parent's closing tag may not contain "/": name the layout by its dotted alias.
        let parent = layout.replacingOccurrences(of: "/", with: ".")
        return "{{<\(parent)}}{{$preheader}}{{>\(name).preheader}}{{/preheader}}"
            + "{{$body}}{{>\(name).html}}{{/body}}{{/\(parent)}}"
    }

    /// Renders template set `name` with `context`.
    ///
    /// - Parameters:
    ///   - zone: the customer's time zone (the store's when the customer has none).
    ///   - locale: the customer's locale tag; picks month-first or day-first dates (see
    ///     `LocalTimeFormatter`). Nil reads as US English.
    ///   - layout: the layout wrapping the html body.
    /// - Throws: `TemplateError` when the set has no text part, or has an html part but the
    ///   layout does not exist.
    public func render(
        _ name: String, context: ContextValue, zone: TimeZone, locale: String? = nil,
        layout: String = "layouts/email"
    ) throws(TemplateError) -> RenderedMessage {
        guard library.contains(name, part: .text) else {
            throw TemplateError(path: nil, message: "template '\(name)' has no text part (\(name).text.mustache)")
        }
        let root = MustacheValues(time: LocalTimeFormatter(zone: zone, locale: locale)).root(context)
        var subject = ""
        if library.contains(name, part: .subject) {
            subject = TemplateScanning.oneLine(library.text.render(root, withTemplate: "\(name).subject") ?? "")
        }
        let text = TemplateScanning.tidyText(library.text.render(root, withTemplate: "\(name).text") ?? "")
        var html: String?
        if library.contains(name, part: .html) {
            html = try renderHTML(name, root: root, layout: layout)
        }
        return RenderedMessage(subject: subject, html: html, text: text)
    }

    private func renderHTML(_ name: String, root: [String: Any], layout: String) throws(TemplateError) -> String {
        guard library.html.getTemplate(named: layout) != nil else {
            throw TemplateError(
                path: library.source(name, part: .html)?.path,
                message: "layout '\(layout)' does not exist (\(layout).html.mustache)")
        }
        if layout == Self.defaultLayout, let cached = wrappers[name] {
            return cached.render(root, library: library.html)
        }
        do {
            return try MustacheTemplate(string: Self.wrapper(name, layout: layout)).render(root, library: library.html)
        } catch {
            throw TemplateError(path: nil, message: "template name '\(name)' or layout '\(layout)' is not a valid name")
        }
    }
}
