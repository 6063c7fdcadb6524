/// The templates one journey can use: those beside its file over the built-in set, part by part
/// (a local `x.html` replaces the built-in `x.html` only).
struct TemplateCatalog {
    private var parts: [String: TemplateSource] = [:]
    /// Partials and layouts by every name `{{> }}` / `{{< }}` may use.
    private var includes: [String: TemplateSource] = [:]

    init(local: [TemplateSource], builtins: [TemplateSource]) {
        for source in builtins + local {
            parts[Self.key(source.name, source.part)] = source
            switch source.part {
            case .partial:
                let bare =
                    source.name.hasPrefix("partials/") ? String(source.name.dropFirst("partials/".count)) : source.name
                includes[bare] = source
                includes["partials/" + bare] = source
            case .layout:
                let bare =
                    source.name.hasPrefix("layouts/") ? String(source.name.dropFirst("layouts/".count)) : source.name
                includes["layouts/" + bare] = source
            case .subject, .html, .text:
                includes["\(source.name).\(source.part.rawValue)"] = source
            }
        }
    }

    func source(_ name: String, part: TemplatePart) -> TemplateSource? {
        parts[Self.key(name, part)]
    }

    /// What `{{> name}}` or `{{< name}}` names.
    func include(_ name: String) -> TemplateSource? {
        includes[name]
    }

    private static func key(_ name: String, _ part: TemplatePart) -> String { "\(name)\u{0}\(part.rawValue)" }
}
