/// Checks the graph of `{{> partial}}` and `{{< parent}}` inclusions among a set of templates.
///
/// Mustache expands an inclusion each time it renders it, so a template that includes itself,
/// directly or through others, recurses until the stack overflows, and a very deep chain comes
/// close. Both are refused before anything renders; so are dynamic names (`{{>*name}}`), whose
/// target is only known at render time.
enum TemplateInclusion {
    /// The deepest chain of inclusions accepted (the email layout and its partials use three).
    static let maxDepth = 16

    /// One refused inclusion: the template holding it, the line, and why.
    struct Problem<ID: Hashable> {
        var template: ID
        var line: Int
        var message: String
    }

    /// The problems among the templates reachable from `roots`, in a stable order: every cycle
    /// once (at the inclusion that closes it), every chain deeper than `maxDepth` once (at the
    /// inclusion that goes past it), every dynamic name. `references` gives a template's
    /// inclusions with their lines; `resolve` what a name includes, nil when nothing (a name that
    /// does not exist is reported elsewhere).
    static func problems<ID: Hashable>(
        roots: [ID], references: (ID) -> [(name: String, line: Int)], resolve: (String) -> ID?,
        describe: (ID) -> String
    ) -> [Problem<ID>] {
        var problems: [Problem<ID>] = []
        var reported: Set<String> = []
        // Depth-first, coloured: a template on `path` is being explored; one in `height` is done,
        // with the longest chain of inclusions below it. An inclusion of a template on the path
        // closes a cycle; one of a finished template never does.
        var height: [ID: Int] = [:]
        var path: [ID] = []
        var onPath: Set<ID> = []

        func report(_ template: ID, _ line: Int, _ message: String) {
            if reported.insert("\(describe(template))\u{0}\(line)\u{0}\(message)").inserted {
                problems.append(Problem(template: template, line: line, message: message))
            }
        }

        @discardableResult
        func visit(_ template: ID) -> Int {
            path.append(template)
            onPath.insert(template)
            defer {
                path.removeLast()
                onPath.remove(template)
            }
            var below = 0
            for reference in references(template) {
                if reference.name.hasPrefix("*") {
                    report(
                        template, reference.line,
                        "dynamic partials ('{{>\(reference.name)}}') are not supported: name the partial")
                    continue
                }
                guard let target = resolve(reference.name) else { continue }
                if onPath.contains(target) {
                    let start = path.firstIndex(of: target)!
                    let cycle = (path[start...].map(describe) + [describe(target)]).joined(separator: " → ")
                    report(template, reference.line, "includes itself (\(cycle)): it would never finish rendering")
                    continue
                }
                let targetHeight: Int
                if let known = height[target] {
                    targetHeight = known
                } else if path.count < maxDepth {
                    targetHeight = visit(target)
                } else {
                    // Too deep to follow (which bounds this recursion too): any further inclusion is too many.
                    targetHeight = references(target).contains { resolve($0.name) != nil } ? maxDepth : 0
                }
                if path.count + targetHeight > maxDepth {
                    report(
                        template, reference.line,
                        "partials nested more than \(maxDepth) deep (\(path.map(describe).joined(separator: " → ")) → \(describe(target)) → …)")
                } else {
                    below = max(below, 1 + targetHeight)
                }
            }
            height[template] = below
            return below
        }

        for root in roots where height[root] == nil { visit(root) }
        return problems
    }
}
