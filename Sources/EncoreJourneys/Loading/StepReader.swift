import EncoreCore
import Yams

/// Reads `steps:` and checks the step graph (ids, gotos, loops). Internal to `JourneyLoader`.
struct StepReader {
    var sink: DiagnosticSink
    var templateReferences: [JourneyTemplateReference] = []

    static let types = ["send", "wait", "wait_for", "branch", "split", "update", "webhook", "exit"]

    /// A `goto` found while reading, checked once every id is known.
    private struct GotoUse {
        var target: String
        var line: Int
    }

    private var gotoUses: [GotoUse] = []
    private var pendingTemplates: [(template: String, channel: Channel, index: Int, line: Int)] = []

    init(sink: DiagnosticSink) {
        self.sink = sink
    }

    mutating func read(_ node: Node) -> [JourneyStep]? {
        guard case .sequence(let sequence) = node else {
            sink.error(at: node, "'steps' must be a list of steps")
            return nil
        }
        guard !sequence.isEmpty else {
            sink.error(at: node, "'steps' needs at least one step")
            return nil
        }
        var steps: [JourneyStep?] = []
        var lines: [Int] = []
        var explicitIDs: Set<String> = []
        var firstLine: [String: Int] = [:]
        for (index, item) in sequence.enumerated() {
            let (id, explicit, kind) = readStep(item, index: index)
            lines.append(item.line)
            if let previous = firstLine[id] {
                sink.error(at: item, "duplicate step id '\(id)' (first used at line \(previous))")
            } else {
                firstLine[id] = item.line
            }
            if explicit { explicitIDs.insert(id) }
            steps.append(kind.map { JourneyStep(id: id, kind: $0) })
        }
        for use in gotoUses where !explicitIDs.contains(use.target) {
            sink.error(line: use.line, "goto '\(use.target)': no step has that id (or next, exit)")
        }
        for pending in pendingTemplates {
            let id = steps[pending.index]?.id ?? "step-\(pending.index + 1)"
            templateReferences.append(
                JourneyTemplateReference(
                    template: pending.template, channel: pending.channel, stepID: id, line: pending.line))
        }
        let complete = steps.compactMap { $0 }
        guard complete.count == steps.count else { return nil }
        let unresolved = gotoUses.contains { !explicitIDs.contains($0.target) }
        if !unresolved {
            for loop in StepGraph(steps: complete).loopsWithoutPause() {
                let names = (loop + [loop[0]]).map { complete[$0].id }.joined(separator: " → ")
                sink.error(line: lines[loop[0]], "loop with no wait or wait_for: \(names)")
            }
        }
        return complete
    }

    /// The step's id (generated when absent), whether it was written, and its kind (nil after an error).
    private mutating func readStep(_ node: Node, index: Int) -> (String, Bool, JourneyStep.Kind?) {
        let generated = "step-\(index + 1)"
        if let text = node.scalarText {
            if text == "exit" { return (generated, false, .exit) }
            sink.error(at: node, "unknown step type '\(text)' (expected \(Self.types.joined(separator: ", ")))")
            return (generated, false, nil)
        }
        guard case .mapping(let mapping) = node else {
            sink.error(at: node, "a step must be a mapping such as { id: x, wait: 1d } or the word exit")
            return (generated, false, nil)
        }
        var id = generated
        var explicit = false
        var typeKeys: [(String, Node, Int)] = []
        for (key, value) in mapping {
            guard let name = key.scalarText else {
                sink.error(at: key, "keys in a step must be plain words")
                continue
            }
            if name == "id" {
                if let text = value.scalarText, isValidStepID(text) {
                    id = text
                    explicit = true
                } else {
                    sink.error(
                        at: value, "step id '\(value.scalarText ?? "…")' must be 1 to 64 of a-z, A-Z, 0-9, '-' and '_'")
                }
            } else if Self.types.contains(name) {
                typeKeys.append((name, value, key.line))
            } else {
                sink.error(at: key, "unknown step type '\(name)' (expected \(Self.types.joined(separator: ", ")))")
                return (id, explicit, nil)
            }
        }
        guard let (type, value, line) = typeKeys.first else {
            sink.error(at: node, "step '\(id)' has no type (one of \(Self.types.joined(separator: ", ")))")
            return (id, explicit, nil)
        }
        guard typeKeys.count == 1 else {
            sink.error(at: node, "step '\(id)' has more than one type: \(typeKeys.map(\.0).joined(separator: ", "))")
            return (id, explicit, nil)
        }
        return (id, explicit, readKind(type, value, line: line, index: index))
    }

    private func isValidStepID(_ text: String) -> Bool {
        (1...64).contains(text.count)
            && text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }
            && text != "next" && text != "exit"
    }

    private mutating func readKind(_ type: String, _ node: Node, line: Int, index: Int) -> JourneyStep.Kind? {
        switch type {
        case "send": return readSend(node, line: line, index: index).map { .send($0) }
        case "wait": return readWait(node).map { .wait($0) }
        case "wait_for": return readWaitFor(node).map { .waitFor($0) }
        case "branch": return readBranch(node).map { .branch($0) }
        case "split": return readSplit(node).map { .split($0) }
        case "update":
            guard let fields = MappingFields(node, what: "update", allowed: ["tag"], required: ["tag"], sink: &sink),
                let tag = fields.text("tag", what: "update", required: true, sink: &sink)
            else { return nil }
            return .update(tag: tag)
        case "webhook": return readWebhook(node).map { .webhook($0) }
        default:  // exit
            guard node.isNull || node.scalarText == "true" else {
                sink.error(at: node, "exit takes no value (write `- exit` or `exit: true`)")
                return nil
            }
            return .exit
        }
    }

    private mutating func readSend(_ node: Node, line: Int, index: Int) -> SendStep? {
        let what = "send"
        guard
            let fields = MappingFields(
                node, what: what, allowed: ["channel", "template", "category", "quiet_hours", "survey"],
                required: ["channel", "template"], sink: &sink)
        else { return nil }
        var ok = true
        var channel: Channel?
        if let text = fields.text("channel", what: what, required: true, sink: &sink) {
            channel = Channel(rawValue: text)
            if channel != .email && channel != .sms {
                sink.error(at: fields["channel"]!, "send channel must be email or sms, not '\(text)'")
                channel = nil
            }
        }
        let template = fields.text("template", what: what, required: true, sink: &sink)
        if let template, !isValidTemplateName(template) {
            sink.error(at: fields["template"]!, "template name '\(template)' must be 1 to 64 of a-z, 0-9, '-' and '_'")
            ok = false
        }
        var category: JourneyCategory?
        if let text = fields.text("category", what: what, sink: &sink) {
            category = JourneyCategory(rawValue: text)
            if category == nil {
                sink.error(at: fields["category"]!, "send category must be transactional or marketing, not '\(text)'")
                ok = false
            }
        }
        var quiet: QuietHoursAction?
        if let text = fields.text("quiet_hours", what: what, sink: &sink) {
            quiet = QuietHoursAction(rawValue: text)
            if quiet == nil {
                sink.error(at: fields["quiet_hours"]!, "send quiet_hours must be defer, skip or ignore, not '\(text)'")
                ok = false
            }
        }
        var survey: Bool?
        if let text = fields.text("survey", what: what, sink: &sink) {
            switch text {
            case "true": survey = true
            case "false": survey = false
            default:
                sink.error(at: fields["survey"]!, "send survey must be true or false, not '\(text)'")
                ok = false
            }
        }
        if let template, let channel, ok {
            pendingTemplates.append((template, channel, index, line))
        }
        guard let channel, let template, ok else { return nil }
        return SendStep(channel: channel, template: template, category: category, quietHours: quiet, survey: survey)
    }

    private func isValidTemplateName(_ text: String) -> Bool {
        (1...64).contains(text.count)
            && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }
    }

    private mutating func readWait(_ node: Node) -> WaitStep? {
        if node.scalarText != nil {
            var reader = JourneyReader(sink: sink)
            defer { sink = reader.sink }
            return reader.readDuration(node, what: "wait").map { .duration($0) }
        }
        guard
            let fields = MappingFields(
                node, what: "wait", allowed: ["until", "weekdays"], required: ["until"], sink: &sink),
            let text = fields.text("until", what: "wait", required: true, sink: &sink)
        else { return nil }
        var ok = true
        let window = LocalWindow(parsing: text)
        if window == nil {
            sink.error(at: fields["until"]!, "wait until '\(text)' must be a local time window HH:MM-HH:MM")
            ok = false
        }
        var weekdays: [Weekday] = []
        if let days = fields["weekdays"] {
            let items: [Node]
            if case .sequence(let sequence) = days { items = Array(sequence) } else { items = [days] }
            for item in items {
                if let text = item.scalarText, let day = Weekday(rawValue: text.lowercased()) {
                    if !weekdays.contains(day) { weekdays.append(day) }
                } else {
                    sink.error(
                        at: item, "weekday '\(item.scalarText ?? "…")' must be one of mon, tue, wed, thu, fri, sat, sun"
                    )
                    ok = false
                }
            }
        }
        guard let window, ok else { return nil }
        return .until(window: window, weekdays: Weekday.allCases.filter(weekdays.contains))
    }

    private mutating func readWaitFor(_ node: Node) -> WaitForStep? {
        let what = "wait_for"
        guard
            let fields = MappingFields(
                node, what: what, allowed: ["event", "about", "timeout", "on_timeout"], required: ["event", "timeout"],
                sink: &sink)
        else { return nil }
        var reader = JourneyReader(sink: sink)
        let event = fields["event"].flatMap { reader.readEventType($0, what: "wait_for event") }
        let timeout = fields["timeout"].flatMap { reader.readDuration($0, what: "wait_for timeout") }
        sink = reader.sink
        var about: WaitSubject? = .customer
        if let text = fields.text("about", what: what, sink: &sink) {
            about = WaitSubject(rawValue: text)
            if about == nil {
                sink.error(at: fields["about"]!, "wait_for about must be order or customer, not '\(text)'")
            }
        }
        let onTimeout = readGoto(fields, key: "on_timeout", what: what) ?? .next
        guard let event, let timeout, let about else { return nil }
        return WaitForStep(event: event, about: about, timeout: timeout, onTimeout: onTimeout)
    }

    private mutating func readBranch(_ node: Node) -> BranchStep? {
        guard case .sequence(let arms) = node, !arms.isEmpty else {
            sink.error(
                at: node, "branch must be a list of `- if: CONDITION` / `goto: STEP` and an optional `- else: STEP`")
            return nil
        }
        var cases: [BranchCase] = []
        var otherwise: GotoTarget?
        var ok = true
        for arm in arms {
            if case .mapping(let mapping) = arm, mapping.count == 1, mapping.first?.key.scalarText == "else" {
                if otherwise != nil { sink.error(at: arm, "branch has more than one else"); ok = false }
                guard let target = gotoTarget(mapping.first!.value, what: "else") else { ok = false; continue }
                otherwise = target
                continue
            }
            if otherwise != nil {
                sink.error(at: arm, "else must be the last arm of a branch")
                ok = false
            }
            guard
                let fields = MappingFields(
                    arm, what: "a branch arm", allowed: ["if", "goto"], required: ["if", "goto"], sink: &sink)
            else { ok = false; continue }
            var reader = JourneyReader(sink: sink)
            let condition = fields["if"].flatMap { reader.readCondition($0) }
            sink = reader.sink
            let target = readGoto(fields, key: "goto", what: "a branch arm")
            guard let condition, let target else { ok = false; continue }
            cases.append(BranchCase(condition: condition, goto: target))
        }
        return ok ? BranchStep(cases: cases, otherwise: otherwise ?? .next) : nil
    }

    private mutating func readSplit(_ node: Node) -> [SplitArm]? {
        guard case .sequence(let items) = node, !items.isEmpty else {
            sink.error(at: node, "split must be a list of `{ weight: N, goto: STEP }`")
            return nil
        }
        var arms: [SplitArm] = []
        var ok = true
        for item in items {
            guard
                let fields = MappingFields(
                    item, what: "a split arm", allowed: ["weight", "goto"], required: ["weight", "goto"], sink: &sink)
            else { ok = false; continue }
            let text = fields.text("weight", what: "a split arm", required: true, sink: &sink)
            let weight = text.flatMap { Int($0) }
            if let text, weight == nil || weight! < 1 || weight! > 10_000 {
                sink.error(at: fields["weight"]!, "split weight must be a whole number from 1 to 10000, not '\(text)'")
            }
            let target = readGoto(fields, key: "goto", what: "a split arm")
            guard let weight, (1...10_000).contains(weight), let target else { ok = false; continue }
            arms.append(SplitArm(weight: weight, goto: target))
        }
        return ok ? arms : nil
    }

    private mutating func readWebhook(_ node: Node) -> WebhookStep? {
        guard
            let fields = MappingFields(
                node, what: "webhook", allowed: ["url", "event"], required: ["url", "event"], sink: &sink)
        else { return nil }
        let url = fields.text("url", what: "webhook", required: true, sink: &sink)
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(" ") {
            sink.error(at: fields["url"]!, "webhook url '\(url)' must be an http:// or https:// URL")
            return nil
        }
        var reader = JourneyReader(sink: sink)
        let event = fields["event"].flatMap { reader.readEventType($0, what: "webhook event") }
        sink = reader.sink
        guard let url, let event else { return nil }
        return WebhookStep(url: url, event: event)
    }

    private mutating func readGoto(_ fields: MappingFields, key: String, what: String) -> GotoTarget? {
        guard let node = fields[key] else {
            if fields.has(key) {
                sink.error(line: fields.keyLines[key] ?? fields.node.line, "'\(key)' in \(what) needs a step id")
            }
            return nil
        }
        return gotoTarget(node, what: key)
    }

    private mutating func gotoTarget(_ node: Node, what: String) -> GotoTarget? {
        guard let text = node.scalarText, !text.isEmpty else {
            sink.error(at: node, "\(what) must name a step id, next or exit")
            return nil
        }
        let target = GotoTarget(text)
        if case .step(let id) = target { gotoUses.append(GotoUse(target: id, line: node.line)) }
        return target
    }
}
