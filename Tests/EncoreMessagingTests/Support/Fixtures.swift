import EncoreCore
import EncoreMessaging
import Foundation

enum Fixtures {
    /// 2025-11-04 09:30:00 UTC.
    static let date = Date(timeIntervalSince1970: 1_762_248_600)

    static func email(
        to: String = "ana@example.com",
        subject: String = "Your order #1001 is on its way",
        text: String = "Hello Ana,\nyour parcel left our warehouse.\n",
        html: String? = "<p>Hello Ana,</p><p>your parcel left our warehouse.</p>",
        id: String = "order-1001.shipped@shop.example"
    ) -> EmailMessage {
        EmailMessage(
            from: EmailAddress("hello@shop.example", name: "The Shop"),
            to: [EmailAddress(to, name: "Ana")],
            replyTo: EmailAddress("support@shop.example"),
            subject: subject,
            textBody: text,
            htmlBody: html,
            headers: [
                EmailHeader(
                    "List-Unsubscribe",
                    "<https://shop.example/u/abc123>, <mailto:unsubscribe@shop.example?subject=abc123>"),
                EmailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ],
            messageID: id,
            date: date
        )
    }

    static func outgoing(_ email: EmailMessage, key: String = "key-1") -> OutgoingMessage {
        OutgoingMessage(idempotencyKey: key, content: .email(email))
    }
}

extension DeliveryOutcome {
    var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }

    var isTransient: Bool {
        if case .transient = self { return true }
        return false
    }

    var isPermanent: Bool {
        if case .permanent = self { return true }
        return false
    }

    var text: String {
        switch self {
        case .delivered(let reply): reply
        case .transient(let reason), .permanent(let reason): reason
        }
    }
}

/// Decoders for checking the renderer's output independently of it.
enum Decode {
    static func quotedPrintable(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "="), index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 {
                index += 3
            } else if byte == UInt8(ascii: "="), index + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                out.append(value)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// Decodes every `=?UTF-8?B?…?=` word of a header value and drops the white space between them.
    static func encodedWords(_ value: String) -> String {
        let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
        var bytes: [UInt8] = []
        for word in unfolded.split(separator: " ") {
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else {
                return unfolded
            }
            bytes += Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
