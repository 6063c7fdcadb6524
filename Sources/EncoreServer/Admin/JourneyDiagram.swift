import EncoreCore
import EncoreJourneys
import Foundation

/// A journey's steps drawn as an accessible flow: an ordered list of cards, one per step, with
/// a down arrow where a step falls through to the next and, inside each card, its other edges
/// (branch arms, split weights, a wait_for's timeout, gotos) as links to the target step.
/// Screen readers get the same thing as a list of steps with their "goes to" lists.
enum JourneyDiagram {
    static func render(_ definition: JourneyDefinition) -> HTML {
        let steps = definition.steps
        var items: [HTML] = []
        for (index, step) in steps.enumerated() {
            let next = index + 1 < steps.count ? steps[index + 1].id : nil
            let (kind, detail, edges, fallsThrough) = describe(step, next: next)
            let edgeList: HTML =
                edges.isEmpty
                ? .empty
                : "<ul class=\"edges\" aria-label=\"Goes to\">\(edges.map { edge -> HTML in "<li>\(edge.label) \(target(edge.target, next: next))</li>" })</ul>"
            let ends: HTML = fallsThrough && next != nil ? .empty : " ends"
            items.append(
                """
                <li id="step-\(HTML.segment(step.id))" class="kind-\(kind)\(ends)"><span class="kind">\(kind.replacingOccurrences(of: "_", with: " "))</span>
                <strong>\(step.id)</strong><div>\(detail)</div>\(edgeList)</li>
                """)
        }
        return "<ol class=\"flow\" aria-label=\"Steps of \(definition.name), in order\">\(items)</ol>"
    }

    struct Edge {
        var label: String
        var target: GotoTarget
    }

    /// The step's kind, its details, its explicit edges, and whether it continues with the next step.
    static func describe(_ step: JourneyStep, next: String?) -> (String, HTML, [Edge], Bool) {
        switch step.kind {
        case .send(let send):
            let category: HTML = send.category.map { " · \($0.rawValue)" } ?? .empty
            let quiet: HTML = send.quietHours.map { " · quiet hours: \($0.rawValue)" } ?? .empty
            return (
                "send", "\(send.channel.rawValue) with template <code>\(send.template)</code>\(category)\(quiet)", [],
                true
            )
        case .wait(.duration(let duration)):
            return ("wait", "for \(duration.description)", [], true)
        case .wait(.until(let window, let weekdays)):
            let days = weekdays.isEmpty ? "any day" : weekdays.map(\.rawValue).joined(separator: ", ")
            return ("wait", "until \(window.description) local time, \(days)", [], true)
        case .waitFor(let waitFor):
            return (
                "wait_for",
                "for <code>\(waitFor.event)</code> about the \(waitFor.about.rawValue); when it arrives, the next step",
                [Edge(label: "after \(waitFor.timeout.description) without it:", target: waitFor.onTimeout)], true
            )
        case .branch(let branch):
            var edges = branch.cases.map { Edge(label: "if \($0.condition.text):", target: $0.goto) }
            edges.append(Edge(label: "otherwise:", target: branch.otherwise))
            return ("branch", "the first condition that holds wins", edges, false)
        case .split(let arms):
            let total = max(1, arms.reduce(0) { $0 + $1.weight })
            let edges = arms.map { arm in
                Edge(label: "\(arm.weight * 100 / total)% (weight \(arm.weight)):", target: arm.goto)
            }
            return ("split", "a stable random draw per customer", edges, false)
        case .update(let tag):
            return ("update", "tag the customer <code>\(tag)</code>", [], true)
        case .webhook(let webhook):
            return ("webhook", "post <code>\(webhook.event)</code> to \(webhook.url)", [], true)
        case .exit:
            return ("exit", "the journey ends", [], false)
        }
    }

    static func target(_ target: GotoTarget, next: String?) -> HTML {
        switch target {
        case .exit: return "<em>exit</em>"
        case .next:
            guard let next else { return "<em>exit</em> (no next step)" }
            return "<a href=\"#step-\(HTML.segment(next))\">\(next)</a> (next)"
        case .step(let id): return "<a href=\"#step-\(HTML.segment(id))\">\(id)</a>"
        }
    }
}
