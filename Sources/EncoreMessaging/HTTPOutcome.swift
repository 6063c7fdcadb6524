import EncoreCore

/// How the HTTP channels (SMS, webhooks) classify a response status.
enum HTTPOutcome {
    /// 2xx delivered. Transient: 429 and 5xx (the receiver is busy or broken), 408, 409 and 425
    /// (try again), and 401/403 (our credentials or secret are wrong: an operator can fix that, and
    /// a permanent failure would dead-letter every message in the meantime). Every other status
    /// (400, 404, 410, 422, 3xx…) is permanent: the same request will be refused again.
    static func classify(status: Int, detail: String, deliveredReply: String) -> DeliveryOutcome {
        switch status {
        case 200..<300: .delivered(reply: deliveredReply)
        case 401, 403, 408, 409, 425, 429, 500..<600: .transient(reason: detail)
        default: .permanent(reason: detail)
        }
    }

    /// `HTTP 400: <first 300 characters of the body, on one line>`.
    static func detail(status: Int, body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
            .map { $0.isNewline ? " " : $0 }
        return text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(String(text))"
    }
}
