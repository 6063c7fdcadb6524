import EncoreCore
import EncoreJourneys
import EncoreStore
import Foundation

/// What `journeys dry-run` prints: per published journey, whether the order enters it and, if so,
/// every planned step with its due time in UTC and in the customer's zone (or why it is skipped).
struct DryRunReport: Encodable {
    struct Journey: Encodable {
        var journey: String
        var version: Int
        var trigger: String
        /// planned | not_triggered
        var status: String
        var reason: String?
        var start: String?
        var steps: [PlannedStep]
    }

    var store: String
    var order: String
    var timeZone: String
    var journeys: [Journey]

    enum CodingKeys: String, CodingKey {
        case store, order, timeZone = "time_zone", journeys
    }

    static func build(store: String, order: String, journeys: [JourneyVersion], inputs: DryRunInputs) -> DryRunReport {
        var out: [Journey] = []
        for version in journeys where version.enabled {
            let definition = version.definition
            let triggerEvent = definition.trigger.event
            var journey = Journey(
                journey: definition.id, version: version.version, trigger: triggerEvent, status: "not_triggered",
                reason: nil, start: nil, steps: [])
            let start: Timestamp?
            if triggerEvent == "order.placed" {
                start = inputs.placedAt
            } else {
                start = inputs.events.first { $0.type == triggerEvent }?.at
            }
            guard let start else {
                journey.reason = "\(triggerEvent) has not happened for this order"
                out.append(journey)
                continue
            }
            var context = inputs.context
            if case .object(var root) = context {
                root["event"] = .object(["type": .string(triggerEvent), "payload": .object([:])])
                context = .object(root)
            }
            guard definition.trigger.matches(eventType: triggerEvent, context: context) else {
                journey.reason = "the trigger's conditions do not hold for this order"
                out.append(journey)
                continue
            }
            journey.status = "planned"
            journey.start = start.iso8601
            journey.steps = JourneyDryRun.plan(
                definition: definition, version: version.version, customerKey: inputs.customerKey,
                subject: "order:\(order)", context: context, start: start, zone: inputs.zone, facts: inputs.facts,
                knownEvents: inputs.events.filter { $0.at >= start })
            out.append(journey)
        }
        return DryRunReport(store: store, order: order, timeZone: inputs.zone.identifier, journeys: out)
    }

    var text: String {
        var lines = ["Order \(order) in \(store) (customer's time zone \(timeZone))"]
        for journey in journeys {
            guard journey.status == "planned" else {
                lines.append("\(journey.journey) v\(journey.version): not entered (\(journey.reason ?? ""))")
                continue
            }
            lines.append("\(journey.journey) v\(journey.version): entered at \(journey.start ?? "")")
            for step in journey.steps {
                var line = "  \(step.dueLocal)  \(step.action.rawValue)"
                if let step = step.step { line += " \(step)" }
                if let channel = step.channel { line += " \(channel.rawValue)" }
                if let template = step.template { line += " \(template)" }
                if let reason = step.skipReason { line += " (skipped: \(reason.rawValue))" }
                if let detail = step.detail { line += " (\(detail))" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }
}
