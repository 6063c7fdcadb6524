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
        for purpose in LinkRequest.Purpose.contextLinks {
            withLinks.links[purpose.rawValue] = runtime.link(
                LinkRequest(
                    purpose: purpose, storeID: store.id, customerKey: customerKey, orderKey: orderKey,
                    messageID: messageID, issuedAt: now))
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
        var html = rendered.html
        if send.channel == .email, let body = html {
            html = track(body) { target in
                runtime.link(
                    LinkRequest(
                        purpose: .click, storeID: store.id, customerKey: customerKey, orderKey: orderKey,
                        messageID: messageID, target: target, issuedAt: now))
            }
            let pixel = runtime.link(
                LinkRequest(
                    purpose: .open, storeID: store.id, customerKey: customerKey, orderKey: orderKey, messageID: messageID,
                    issuedAt: now))
            let image = "<img src=\"\(pixel)\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\">"
            if let end = html?.range(of: "</body>", options: .backwards) {
                html?.insert(contentsOf: image, at: end.lowerBound)
            } else {
                html? += image
            }
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
            html: send.channel == .email ? html : nil, headers: headers, nextAttemptAt: now, createdAt: now)
    }

    /// Rewrites every `href="http..."` of an HTML body through `link` (click tracking). Links
    /// already pointing at Encore's own unsubscribe or preference pages stay as they are.
    static func track(_ html: String, link: (String) -> String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count + 512)
        var rest = html[...]
        while let range = rest.range(of: "href=\"") {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            guard let close = rest.firstIndex(of: "\"") else { break }
            let escaped = String(rest[..<close])
            let target = unescapeAttribute(escaped)
            if target.hasPrefix("http://") || target.hasPrefix("https://"), !target.contains("/u/"), !target.contains("/p/") {
                out += escapeAttribute(link(target))
            } else {
                out += escaped
            }
            rest = rest[close...]
        }
        out += rest
        return out
    }

    static func unescapeAttribute(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&#x2F;", with: "/")
            .replacingOccurrences(of: "&#x60;", with: "`").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func escapeAttribute(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
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
