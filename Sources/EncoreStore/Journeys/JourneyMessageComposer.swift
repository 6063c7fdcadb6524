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
        inputs: JourneyContextInputs, zone: TimeZone, messageID: String, now: Timestamp, runtime: JourneyRuntime,
        context: ContextValue? = nil
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
                    messageID: messageID, target: purpose.contextTarget(orderKey: orderKey), issuedAt: now))
        }
        let marketing = send.category == .marketing
        // The context of `inputs` differs from the one with links only in `links`: reuse it when given.
        var root: [String: ContextValue]
        if case .object(let built)? = context, inputs.links.isEmpty, inputs.eventType == nil {
            root = built
            root["links"] = .object(withLinks.links.mapValues(ContextValue.string))
        } else {
            guard case .object(let built) = JourneyContextBuilder.build(withLinks) else { throw .render("no context") }
            root = built
        }
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
            html = insertBeforeLastBodyEnd(image, in: html ?? "")
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
    ///
    /// Scans UTF-8 bytes: the markers are ASCII, and Foundation's `range(of:)` over a whole
    /// message body was the largest cost of a journey step.
    static func track(_ html: String, link: (String) -> String) -> String {
        var bytes = html
        return bytes.withUTF8 { body -> String in
            var out: [UInt8] = []
            out.reserveCapacity(body.count + 512)
            var copied = 0
            var from = 0
            while let start = find(hrefMarker, in: body, from: from) {
                let valueStart = start + hrefMarker.count
                guard let close = find(quote, in: body, from: valueStart) else { break }
                let escaped = String(decoding: UnsafeBufferPointer(rebasing: body[valueStart..<close]), as: UTF8.self)
                let target = unescapeAttribute(escaped)
                if hasPrefix(target, "http://") || hasPrefix(target, "https://"), !contains(target, "/u/"),
                    !contains(target, "/p/")
                {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: body[copied..<valueStart]))
                    out.append(contentsOf: escapeAttribute(link(target)).utf8)
                    copied = close
                }
                from = close
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: body[copied...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static let hrefMarker = Array("href=\"".utf8)
    private static let quote = Array("\"".utf8)

    /// The offset of the first occurrence of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    static func hasPrefix(_ text: String, _ prefix: String) -> Bool { text.utf8.starts(with: prefix.utf8) }

    static func contains(_ text: String, _ part: String) -> Bool {
        var text = text
        let needle = Array(part.utf8)
        return text.withUTF8 { find(needle, in: $0, from: 0) != nil }
    }

    /// `html` with `insert` placed before its last `</body>`, or appended when it has none.
    static func insertBeforeLastBodyEnd(_ insert: String, in html: String) -> String {
        let marker = Array("</body>".utf8)
        let bytes = Array(html.utf8)
        var i = bytes.count - marker.count
        while i >= 0 {
            if bytes[i] == marker[0] && bytes[i..<i + marker.count].elementsEqual(marker) {
                return String(decoding: bytes[..<i], as: UTF8.self) + insert + String(decoding: bytes[i...], as: UTF8.self)
            }
            i -= 1
        }
        return html + insert
    }

    static func unescapeAttribute(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&#x2F;", with: "/")
            .replacingOccurrences(of: "&#x60;", with: "`").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func escapeAttribute(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") })
        else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
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
