import EncoreCore
import EncoreJourneys
import Foundation

/// Turns a send the engine decided into an outbox message: recipient, rendered parts, headers.
/// Pure apart from the runtime's link signer.
enum JourneyMessageComposer {
    enum Failure: Error {
        case noRecipient
        case render(String)
    }

    /// A message id stable for (store, instance, log position): recomputed identically when a
    /// crashed step is replayed, so the outbox keeps one message.
    static func messageID(storeID: StoreID, instanceKey: String, seq: Int64) -> String {
        var hasher = StableHasher()
        hasher.combine(storeID)
        hasher.combine(instanceKey)
        hasher.combine(seq)
        return "m" + hasher.hexDigest
    }

    static func compose(
        send: JourneySend, journey: CompiledJourney, instanceKey: String, customerKey: String, orderKey: String?,
        inputs: JourneyContextInputs, zone: TimeZone, messageID: String, now: Timestamp, runtime: JourneyRuntime
    ) throws(Failure) -> OutboxMessage {
        let store = inputs.store
        let customer = inputs.customer
        let recipient: String?
        switch send.channel {
        case .email: recipient = customer?.email
        case .sms: recipient = customer?.phone
        default: recipient = nil
        }
        guard let recipient, !recipient.isEmpty else { throw .noRecipient }
        var withLinks = inputs
        for purpose in LinkRequest.Purpose.allCases {
            withLinks.links[purpose.rawValue] = runtime.link(
                LinkRequest(
                    purpose: purpose, storeID: store.id, customerKey: customerKey, orderKey: orderKey,
                    messageID: messageID))
        }
        let marketing = send.category == .marketing
        guard case .object(var root) = JourneyContextBuilder.build(withLinks) else { throw .render("no context") }
        root["message"] = .object(["marketing": .bool(marketing), "id": .string(messageID)])
        let rendered: RenderedMessage
        do {
            rendered = try journey.renderer.render(
                send.template, context: .object(root), zone: zone, locale: customer?.locale)
        } catch {
            throw .render(String(describing: error))
        }
        var headers: [MessageHeader] = []
        if send.channel == .email {
            let name = store.settings.displayName ?? store.name
            let address = store.settings.senderEmail ?? runtime.fallbackSender
            headers.append(MessageHeader("From", "\(name) <\(address)>"))
            if let support = store.settings.supportEmail { headers.append(MessageHeader("Reply-To", support)) }
            if marketing, let unsubscribe = withLinks.links[LinkRequest.Purpose.unsubscribe.rawValue] {
                headers.append(MessageHeader("List-Unsubscribe", "<\(unsubscribe)>"))
                headers.append(MessageHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
            }
        }
        return OutboxMessage(
            storeID: store.id, messageID: messageID, instanceKey: instanceKey, journeyID: journey.definition.id,
            stepID: send.stepID, customerKey: customerKey, channel: send.channel,
            category: marketing ? .marketing : .transactional, recipient: recipient,
            subject: send.channel == .email ? rendered.subject : nil, text: rendered.text,
            html: send.channel == .email ? rendered.html : nil, headers: headers, nextAttemptAt: now, createdAt: now)
    }

    /// The JSON body of a journey webhook step.
    static func webhookBody(
        event: String, storeID: StoreID, journeyID: String, instanceKey: String, customerKey: String,
        orderKey: String?, now: Timestamp, context: ContextValue
    ) -> String {
        var fields: [(String, JSONText)] = [
            ("event", .string(event)), ("store_id", .int(storeID)), ("journey", .string(journeyID)),
            ("instance", .string(instanceKey)), ("customer", .string(customerKey)),
            ("order", orderKey.map(JSONText.string) ?? .null), ("occurred_at", .string(now.iso8601)),
        ]
        if case .integer(let score)? = context.value(at: "event.payload.score") { fields.append(("score", .int(score))) }
        return JSONText.object(fields).rendered
    }
}
