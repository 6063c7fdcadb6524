import Mustache

/// Every template a store's journeys can use, parsed once: the built-in set (the default
/// journeys' templates, the `layouts/email` layout and the partials) with the caller's own
/// templates laid over it, a caller's template replacing a built-in one of the same name and part.
///
/// Build it at start-up (or when journeys are applied) and keep it: parsing happens here, rendering
/// only walks parsed templates. Parts are kept in two Mustache libraries: html bodies, layouts and
/// partials escape HTML; subjects, text parts and a text copy of every partial do not.
public struct TemplateLibrary: Sendable {
    /// The sources in use, by name and part, after overrides.
    public let sources: [TemplateKey: TemplateSource]
    let html: MustacheLibrary
    let text: MustacheLibrary

    /// Parses `sources` over the built-in set (or alone, when `includingBuiltins` is false).
    /// Throws the first problem `problems(in:includingBuiltins:)` would report.
    public init(_ sources: [TemplateSource] = [], includingBuiltins: Bool = true) throws(TemplateError) {
        let merged = Self.merge(sources, includingBuiltins: includingBuiltins)
        let built = Self.build(merged)
        if let first = built.problems.first { throw first }
        self.sources = merged
        self.html = built.html
        self.text = built.text
    }

    /// Every problem with a set of templates, each naming its file and line: a template that
    /// does not parse, names a partial or layout the set does not have, includes itself (directly
    /// or through others), nests partials more than `TemplateInclusion.maxDepth` deep, or uses a
    /// dynamic partial name.
    public static func problems(in sources: [TemplateSource], includingBuiltins: Bool = true) -> [TemplateError] {
        build(merge(sources, includingBuiltins: includingBuiltins)).problems
    }

    /// The built-in templates: the email layout, the partials and the default journeys' templates.
    public static var builtinSources: [TemplateSource] { BuiltinTemplates.layoutAndPartials + DefaultJourneys.templates }

    /// The source of one part of one template, if the library has it.
    public func source(_ name: String, part: TemplatePart) -> TemplateSource? {
        sources[TemplateKey(name: name, part: part)]
    }

    /// Whether the library has this part of this template.
    public func contains(_ name: String, part: TemplatePart) -> Bool { source(name, part: part) != nil }

    static func merge(_ sources: [TemplateSource], includingBuiltins: Bool) -> [TemplateKey: TemplateSource] {
        var merged: [TemplateKey: TemplateSource] = [:]
        for source in (includingBuiltins ? builtinSources : []) + sources {
            merged[TemplateKey(name: source.name, part: source.part)] = source
        }
        return merged
    }

    /// The pragma that turns HTML escaping off, on a line of its own so that a section opening
    /// the template stays standalone; errors in text parses are one line lower than the source.
    static let textPragma = "{{%CONTENT_TYPE:TEXT}}\n"

    private static func build(_ sources: [TemplateKey: TemplateSource])
        -> (html: MustacheLibrary, text: MustacheLibrary, problems: [TemplateError])
    {
        var html = MustacheLibrary()
        var text = MustacheLibrary()
        var problems: [TemplateError] = []
        let known = Set(sources.keys.flatMap(\.mustacheNames))
        for key in sources.keys.sorted(by: { $0.description < $1.description }) {
            let source = sources[key]!
            var textParse = false
            do {
                switch key.part {
                case .subject, .text:
                    textParse = true
                    let template = try MustacheTemplate(string: textPragma + source.text)
                    for name in key.mustacheNames { text.register(template, named: name) }
                case .html:
                    let (body, preheader) = TemplateScanning.extractPreheader(source.text)
                    html.register(try MustacheTemplate(string: body), named: "\(key.name).html")
                    if let preheader {
                        html.register(try MustacheTemplate(string: preheader), named: "\(key.name).preheader")
                    }
                case .layout, .partial:
                    let template = try MustacheTemplate(string: source.text)
                    textParse = true
                    let textTemplate = try MustacheTemplate(string: textPragma + source.text)
                    for name in key.mustacheNames {
                        html.register(template, named: name)
                        text.register(textTemplate, named: name)
                    }
                }
            } catch let error as MustacheTemplate.ParserError {
                problems.append(
                    TemplateError(
                        path: source.path, line: max(1, error.context.lineNumber - (textParse ? 1 : 0)),
                        message: "does not parse: \(describe(error.error))"))
                continue
            } catch {
                problems.append(TemplateError(path: source.path, message: "does not parse: \(error)"))
                continue
            }
            for reference in TemplateScanning.references(in: source.text)
            where !reference.name.hasPrefix("*") && !known.contains(reference.name) {
                problems.append(
                    TemplateError(
                        path: source.path, line: reference.line,
                        message: "names a partial or layout that does not exist: '\(reference.name)'"))
            }
        }
        problems += inclusionProblems(sources)
        return (html, text, problems)
    }

    /// Cycles, over-deep chains and dynamic names among the inclusions (`TemplateInclusion`).
    private static func inclusionProblems(_ sources: [TemplateKey: TemplateSource]) -> [TemplateError] {
        var named: [String: TemplateKey] = [:]
        for key in sources.keys { for name in key.mustacheNames { named[name] = key } }
        let found = TemplateInclusion.problems(
            roots: sources.keys.sorted { $0.description < $1.description },
            references: { TemplateScanning.references(in: sources[$0]!.text) },
            resolve: { named[$0] }, describe: \.description)
        return found.map { TemplateError(path: sources[$0.template]!.path, line: $0.line, message: $0.message) }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section closes with a name it did not open with"
        case .unfinishedName: return "a tag is not closed"
        case .expectedSectionEnd: return "a section is not closed"
        case .invalidSetDelimiter: return "bad set-delimiter tag"
        case .transformAppliedToInheritanceSection: return "a transform on an inheritance block"
        case .illegalTokenInsideInheritSection: return "only {{$block}}s may appear inside {{<parent}}"
        case .textInsideInheritSection: return "text inside {{<parent}} outside a block"
        case .invalidConfigVariableSyntax: return "bad {{% pragma}}"
        case .unrecognisedConfigVariable: return "unknown {{% pragma}}"
        }
    }
}
