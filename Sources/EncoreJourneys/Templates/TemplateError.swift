/// A template that does not parse, names a partial or layout that does not exist, or is missing
/// a part a message needs. Says where: the template's file (or "builtin:…") and line.
public struct TemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file the template came from, or nil when the problem is a template nobody provided.
    public var path: String?
    /// 1-based line in `path`, when known.
    public var line: Int?
    public var message: String

    public init(path: String?, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// "journeys/templates/x.html.mustache:12: reason", the shape `encore journeys validate` prints.
    public var description: String {
        switch (path, line) {
        case (let path?, let line?): return "\(path):\(line): \(message)"
        case (let path?, nil): return "\(path): \(message)"
        default: return message
        }
    }
}
