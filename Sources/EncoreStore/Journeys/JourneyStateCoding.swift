import EncoreCore
import EncoreJourneys
import Foundation

/// How an instance's state is stored: the JSON document `JSONEncoder` makes of
/// `JourneyInstanceState` (sorted keys, times as ISO 8601 text, absent optionals left out),
/// written and read by hand. `JSONEncoder`/`JSONDecoder` cost more than the rest of a journey
/// step's bookkeeping together (a decoder per row, dynamic casts per field); these produce and
/// accept the same documents, and anything the fast reader does not recognise goes to
/// `JSONDecoder`, so older or hand-edited rows still load.
enum JourneyStateCoding {
    static func encode(_ state: JourneyInstanceState) -> String {
        var fields: [(String, JSONText)] = [("customerKey", .string(state.customerKey))]
        if let deferred = state.deferredStepID { fields.append(("deferredStepID", .string(deferred))) }
        if let ended = state.endedAt { fields.append(("endedAt", .string(ended.iso8601))) }
        fields.append(("heldOut", .bool(state.heldOut)))
        fields.append(("journeyID", .string(state.journeyID)))
        if let resume = state.resumeAt { fields.append(("resumeAt", .string(resume.iso8601))) }
        fields.append(("startedAt", .string(state.startedAt.iso8601)))
        fields.append(("status", .string(state.status.rawValue)))
        fields.append(("stepIndex", .int(Int64(state.stepIndex))))
        fields.append(("subject", .string(state.subject)))
        if let waiting = state.waitingFor {
            fields.append((
                "waitingFor",
                .object([
                    ("about", .string(waiting.about.rawValue)), ("deadline", .string(waiting.deadline.iso8601)),
                    ("event", .string(waiting.event)), ("since", .string(waiting.since.iso8601)),
                ])
            ))
        }
        return JSONText.object(fields).rendered
    }

    static func decode(_ text: String) throws -> JourneyInstanceState {
        if let state = fastDecode(text) { return state }
        return try JSONDecoder().decode(JourneyInstanceState.self, from: Data(text.utf8))
    }

    /// The state, or nil when the document is not exactly what `encode` writes.
    static func fastDecode(_ text: String) -> JourneyInstanceState? {
        guard case .object(let members)? = try? JSONParser.parse(Array(text.utf8)) else { return nil }
        var journeyID: String?
        var customerKey: String?
        var subject: String?
        var startedAt: Timestamp?
        var heldOut: Bool?
        var status: JourneyInstanceStatus?
        var stepIndex: Int?
        var resumeAt: Timestamp?
        var waitingFor: WaitingFor?
        var deferredStepID: String?
        var endedAt: Timestamp?
        for (key, value) in members {
            switch (key, value) {
            case ("journeyID", .string(let s)): journeyID = s
            case ("customerKey", .string(let s)): customerKey = s
            case ("subject", .string(let s)): subject = s
            case ("startedAt", .string(let s)): guard let t = ISO8601.parse(s) else { return nil }; startedAt = t
            case ("heldOut", .bool(let b)): heldOut = b
            case ("status", .string(let s)): guard let v = JourneyInstanceStatus(rawValue: s) else { return nil }; status = v
            case ("stepIndex", .number(let n)): guard let i = Int(n) else { return nil }; stepIndex = i
            case ("resumeAt", .string(let s)): guard let t = ISO8601.parse(s) else { return nil }; resumeAt = t
            case ("deferredStepID", .string(let s)): deferredStepID = s
            case ("endedAt", .string(let s)): guard let t = ISO8601.parse(s) else { return nil }; endedAt = t
            case ("resumeAt", .null), ("deferredStepID", .null), ("endedAt", .null), ("waitingFor", .null): break
            case ("waitingFor", .object(let fields)):
                var event: String?
                var about: WaitSubject?
                var since: Timestamp?
                var deadline: Timestamp?
                for (name, field) in fields {
                    switch (name, field) {
                    case ("event", .string(let s)): event = s
                    case ("about", .string(let s)): about = WaitSubject(rawValue: s)
                    case ("since", .string(let s)): since = ISO8601.parse(s)
                    case ("deadline", .string(let s)): deadline = ISO8601.parse(s)
                    default: return nil
                    }
                }
                guard let event, let about, let since, let deadline else { return nil }
                waitingFor = WaitingFor(event: event, about: about, since: since, deadline: deadline)
            default: return nil
            }
        }
        guard let journeyID, let customerKey, let subject, let startedAt, let heldOut, let status, let stepIndex else {
            return nil
        }
        return JourneyInstanceState(
            journeyID: journeyID, customerKey: customerKey, subject: subject, startedAt: startedAt, heldOut: heldOut,
            status: status, stepIndex: stepIndex, resumeAt: resumeAt, waitingFor: waitingFor, deferredStepID: deferredStepID,
            endedAt: endedAt)
    }
}
