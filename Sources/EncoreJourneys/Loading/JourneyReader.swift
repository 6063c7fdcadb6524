import EncoreCore
import Yams

/// Reads the top level of a journey document. Internal to `JourneyLoader`.
struct JourneyReader {
    var sink: DiagnosticSink
    var templateReferences: [JourneyTemplateReference] = []

    static let keys = ["id", "name", "category", "trigger", "reentry", "holdout", "goal", "quiet_hours", "steps"]

    init(sink: DiagnosticSink) {
        self.sink = sink
    }

    mutating func read(_ root: Node) -> JourneyDefinition? {
        guard
            let fields = MappingFields(
                root, what: "the journey", allowed: Self.keys, required: ["id", "name", "trigger", "steps"], sink: &sink
            )
        else { return nil }
        let id = readID(fields)
        let name = fields.text("name", what: "the journey", required: true, sink: &sink)
        let category = readCategory(fields)
        let trigger = fields["trigger"].flatMap { readTrigger($0) }
        let reentry = fields["reentry"].map { readReentry($0) } ?? .oncePerSubject
        let holdout = readHoldout(fields)
        let goal = readGoal(fields, category: category ?? .marketing)
        let quietHours = fields["quiet_hours"].map { readQuietHours($0) } ?? QuietHours()
        var steps: [JourneyStep]?
        if let stepsNode = fields["steps"] {
            var stepReader = StepReader(sink: sink)
            steps = stepReader.read(stepsNode)
            sink = stepReader.sink
            templateReferences = stepReader.templateReferences
        } else if fields.has("steps") {
            sink.error(line: fields.keyLines["steps"] ?? root.line, "'steps' needs at least one step")
        }
        guard let id, let name, let category, let trigger, let reentry, let quietHours, let steps else { return nil }
        return JourneyDefinition(
            id: id, name: name, category: category, trigger: trigger, reentry: reentry, holdoutPercent: holdout,
            goal: goal, quietHours: quietHours, steps: steps)
    }

    private mutating func readID(_ fields: MappingFields) -> String? {
        guard let id = fields.text("id", what: "the journey", required: true, sink: &sink) else { return nil }
        let ok =
            (1...64).contains(id.count)
            && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        guard ok else {
            sink.error(at: fields["id"]!, "journey id '\(id)' must be 1 to 64 of a-z, 0-9 and '-'")
            return nil
        }
        return id
    }

    private mutating func readCategory(_ fields: MappingFields) -> JourneyCategory? {
        guard let text = fields.text("category", what: "the journey", sink: &sink) else {
            return fields["category"] == nil ? .marketing : nil
        }
        guard let category = JourneyCategory(rawValue: text) else {
            sink.error(at: fields["category"]!, "category must be transactional or marketing, not '\(text)'")
            return nil
        }
        return category
    }

    private mutating func readHoldout(_ fields: MappingFields) -> Int? {
        guard let node = fields["holdout"], let text = fields.text("holdout", what: "the journey", sink: &sink) else {
            return nil
        }
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let percent = Int(number), (0...50).contains(percent) else {
            sink.error(at: node, "holdout must be a whole percent from 0 to 50, not '\(text)'")
            return nil
        }
        return percent
    }

    private mutating func readTrigger(_ node: Node) -> JourneyTrigger? {
        guard
            let fields = MappingFields(
                node, what: "trigger", allowed: ["event", "where"], required: ["event"], sink: &sink)
        else { return nil }
        let event = fields["event"].flatMap { readEventType($0, what: "trigger event") }
        var conditions: [Condition] = []
        var conditionsOK = true
        if let whereNode = fields["where"] {
            let items: [Node]
            switch whereNode {
            case .sequence(let sequence): items = Array(sequence)
            case .scalar: items = [whereNode]
            default:
                sink.error(at: whereNode, "'where' must be a list of conditions")
                items = []
                conditionsOK = false
            }
            for item in items {
                if let condition = readCondition(item) { conditions.append(condition) } else { conditionsOK = false }
            }
        }
        guard let event, conditionsOK else { return nil }
        return JourneyTrigger(event: event, conditions: conditions)
    }

    private mutating func readReentry(_ node: Node) -> Reentry? {
        if let text = node.scalarText {
            switch text {
            case "once_per_subject": return .oncePerSubject
            case "always": return .always
            default:
                sink.error(
                    at: node, "reentry must be once_per_subject, always or once_per_customer: DURATION, not '\(text)'")
                return nil
            }
        }
        guard
            let fields = MappingFields(
                node, what: "reentry", allowed: ["once_per_customer"], required: ["once_per_customer"], sink: &sink),
            let value = fields["once_per_customer"]
        else { return nil }
        return readDuration(value, what: "once_per_customer").map { .oncePerCustomer($0) }
    }

    /// `.some(nil)` for `goal: none`, `.some(goal)` when written; the outer nil means "the
    /// category's default" (also given after an error has been reported).
    private mutating func readGoal(_ fields: MappingFields, category: JourneyCategory) -> JourneyGoal?? {
        guard let node = fields["goal"] else { return .none }
        if node.scalarText == "none" { return .some(nil) }
        guard
            let goal = MappingFields(
                node, what: "goal", allowed: ["event", "within"], required: ["event"], sink: &sink)
        else { return .none }
        let event = goal["event"].flatMap { readEventType($0, what: "goal event") }
        let within = goal["within"].map { readDuration($0, what: "goal within") } ?? JourneyDuration(30, .days)
        guard let event, let within else { return .none }
        return .some(JourneyGoal(event: event, within: within))
    }

    private mutating func readQuietHours(_ node: Node) -> QuietHours? {
        if let text = node.scalarText {
            guard let action = QuietHoursAction(rawValue: text) else {
                sink.error(at: node, "quiet_hours must be defer, skip, ignore or a mapping with from, to and action")
                return nil
            }
            return QuietHours(action: action)
        }
        guard let fields = MappingFields(node, what: "quiet_hours", allowed: ["from", "to", "action"], sink: &sink)
        else { return nil }
        var ok = true
        var times = [QuietHours.defaultWindow.from, QuietHours.defaultWindow.to]
        for (index, key) in ["from", "to"].enumerated() {
            guard let text = fields.text(key, what: "quiet_hours", sink: &sink) else { continue }
            if let time = LocalTime(parsing: text) {
                times[index] = time
            } else {
                sink.error(at: fields[key] ?? node, "quiet_hours \(key) must be a time HH:MM, not '\(text)'")
                ok = false
            }
        }
        let (from, to) = (times[0], times[1])
        var action: QuietHoursAction?
        if let text = fields.text("action", what: "quiet_hours", sink: &sink) {
            action = QuietHoursAction(rawValue: text)
            if action == nil {
                sink.error(at: fields["action"]!, "quiet_hours action must be defer, skip or ignore, not '\(text)'")
                ok = false
            }
        }
        if ok && from == to {
            sink.error(at: node, "quiet_hours from and to must differ")
            ok = false
        }
        return ok ? QuietHours(window: LocalWindow(from: from, to: to), action: action) : nil
    }

    // MARK: Shared value readers (also used by StepReader)

    mutating func readEventType(_ node: Node, what: String) -> String? {
        guard let text = node.scalarText else {
            sink.error(at: node, "\(what) must be an event type such as order.placed")
            return nil
        }
        if let problem = Event.validateType(text) {
            sink.error(at: node, "\(what) '\(text)' \(problem)")
            return nil
        }
        return text
    }

    mutating func readDuration(_ node: Node, what: String) -> JourneyDuration? {
        guard let text = node.scalarText, let duration = JourneyDuration(parsing: text) else {
            sink.error(
                at: node, "\(what): '\(node.scalarText ?? "…")' is not a duration (write 90s, 15m, 36h, 2d or 1w)")
            return nil
        }
        return duration
    }

    mutating func readCondition(_ node: Node) -> Condition? {
        guard let text = node.scalarText else {
            sink.error(at: node, "a condition must be one line, PATH OP VALUE")
            return nil
        }
        do {
            let condition = try Condition(parsing: text)
            if let problem = ContextSchema.standard.check(condition) {
                sink.error(at: node, "condition '\(condition.text)': \(problem)")
                return nil
            }
            return condition
        } catch {
            sink.error(at: node, "bad condition: \(error.message)")
            return nil
        }
    }
}
