import EncoreCore
import Mustache

/// `encore journeys validate`: every problem in a set of journey files and the templates they
/// use, each as `path:line: message`. Pure: the caller reads the files.
///
/// Beyond what `JourneyLoader` reports, it checks each send's template set: it must exist (a
/// `text` part; email also `subject` and `html`), parse, name only fields of the context (at the
/// template's file and line), and include only partials and parents that exist. Partials and
/// layouts are checked for parsing and their own includes, not for field names (the renderer
/// adds values of its own to them); a template may not include itself, directly or through
/// others, nest partials more than 16 deep, or name a partial dynamically (`{{>*name}}`). Two
/// files with the same journey id are an error.
public struct JourneyValidator: Sendable {
    /// The built-in templates (default journeys, layout, partials).
    public let builtins: [TemplateSource]
    public let schema: ContextSchema

    public init(templates builtins: [TemplateSource], schema: ContextSchema = .standard) {
        self.builtins = builtins
        self.schema = schema
    }

    /// Every problem in one file and its templates.
    public func validate(path: String, text: String, templates: [TemplateSource] = []) -> [JourneyDiagnostic] {
        validate([JourneyFile(path: path, text: text, templates: templates)])
    }

    /// Every problem in the files, file by file, in line order within each file; each problem once.
    public func validate(_ files: [JourneyFile]) -> [JourneyDiagnostic] {
        var diagnostics: [JourneyDiagnostic] = []
        var seenIDs: [String: String] = [:]
        for file in files {
            let result = JourneyLoader.parse(path: file.path, text: file.text)
            diagnostics += result.diagnostics
            if let id = result.definition?.id {
                if let other = seenIDs[id] {
                    diagnostics.append(
                        JourneyDiagnostic(
                            path: file.path, line: 1, message: "journey id '\(id)' is also used by \(other)"))
                } else {
                    seenIDs[id] = file.path
                }
            }
            let catalog = TemplateCatalog(local: file.templates, builtins: builtins)
            diagnostics += checkTemplates(result.templateReferences, journeyPath: file.path, catalog: catalog)
        }
        var seen: Set<JourneyDiagnostic> = []
        return diagnostics.filter { seen.insert($0).inserted }
    }

    private func checkTemplates(
        _ references: [JourneyTemplateReference], journeyPath: String, catalog: TemplateCatalog
    ) -> [JourneyDiagnostic] {
        var diagnostics: [JourneyDiagnostic] = []
        var checked: Set<String> = []
        var includes: [(source: TemplateSource, fields: Bool)] = []
        var roots: [TemplateSource] = []
        for reference in references {
            let needed: [TemplatePart] = reference.channel == .email ? [.subject, .html, .text] : [.text]
            for part in needed {
                guard let source = catalog.source(reference.template, part: part) else {
                    diagnostics.append(
                        JourneyDiagnostic(
                            path: journeyPath, line: reference.line,
                            message:
                                "step '\(reference.stepID)': template '\(reference.template)' has no \(part.rawValue) part (templates/\(reference.template).\(part.rawValue).mustache)"
                        ))
                    continue
                }
                includes.append((source, true))
                roots.append(source)
            }
        }
        while let (source, checkFields) = includes.first {
            includes.removeFirst()
            guard checked.insert("\(source.path)\u{0}\(source.name)\u{0}\(source.part.rawValue)").inserted else {
                continue
            }
            diagnostics += check(source, fields: checkFields, catalog: catalog, includes: &includes)
        }
        let inclusion = TemplateInclusion.problems(
            roots: roots,
            references: { source in
                TemplateTagScanner.tags(in: source.text).filter { $0.kind == .partial || $0.kind == .parent }
                    .map { (name: $0.name, line: $0.line) }
            },
            resolve: { catalog.include($0) }, describe: { "\($0.name).\($0.part.rawValue)" })
        diagnostics += inclusion.map { JourneyDiagnostic(path: $0.template.path, line: $0.line, message: $0.message) }
        return diagnostics
    }

    private func check(
        _ source: TemplateSource, fields: Bool, catalog: TemplateCatalog,
        includes: inout [(source: TemplateSource, fields: Bool)]
    ) -> [JourneyDiagnostic] {
        func problem(_ line: Int, _ message: String) -> JourneyDiagnostic {
            JourneyDiagnostic(path: source.path, line: line, message: message)
        }
        do {
            _ = try MustacheTemplate(string: source.text)
        } catch let error as MustacheTemplate.ParserError {
            return [problem(error.context.lineNumber, "template does not parse: \(Self.describe(error.error))")]
        } catch {
            return [problem(1, "template does not parse: \(error)")]
        }
        let tags = TemplateTagScanner.tags(in: source.text)
        var diagnostics: [JourneyDiagnostic] = []
        for tag in tags where tag.kind == .partial || tag.kind == .parent {
            guard !tag.name.hasPrefix("*") else { continue }
            if let included = catalog.include(tag.name) {
                includes.append((included, false))
            } else {
                let what = tag.kind == .partial ? "partial" : "parent template"
                diagnostics.append(problem(tag.line, "\(what) '\(tag.name)' does not exist"))
            }
        }
        if fields && (source.part == .subject || source.part == .html || source.part == .text) {
            diagnostics += TemplateFieldChecker(schema: schema).problems(in: tags).map { problem($0.line, $0.message) }
        }
        return diagnostics.sorted { $0.line < $1.line }
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
