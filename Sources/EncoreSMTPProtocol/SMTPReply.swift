/// A complete SMTP reply: a three-digit code and one or more lines of text (RFC 5321 §4.2).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The reply code, 200…599.
    public var code: Int
    /// The text of each line, after the code and its separator (may be empty).
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
    }

    /// 2xx: the command succeeded.
    public var isSuccess: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (354 after DATA, 334 during AUTH).
    public var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: failed this time; the same command may succeed later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: failed for good.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// The RFC 3463 enhanced status code at the start of the first line (`5.1.1` in
    /// `550 5.1.1 No such user`), when its class agrees with the reply code.
    public var enhancedStatus: SMTPEnhancedStatus? {
        guard let first = lines.first else { return nil }
        let token = first.prefix { $0 != " " }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let klass = Int(parts[0]), let subject = Int(parts[1]), let detail = Int(parts[2]),
            klass == code / 100, [2, 4, 5].contains(klass),
            parts[1].count <= 3, parts[2].count <= 3
        else { return nil }
        return SMTPEnhancedStatus(klass: klass, subject: subject, detail: detail)
    }

    /// `250 2.0.0 Ok`, lines joined with " / " when there are several; what the outbox stores.
    public var description: String {
        "\(code) " + lines.joined(separator: " / ")
    }
}

/// An RFC 3463 enhanced mail system status code, `class.subject.detail`.
public struct SMTPEnhancedStatus: Sendable, Hashable, CustomStringConvertible {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    public var klass: Int
    public var subject: Int
    public var detail: Int

    public init(klass: Int, subject: Int, detail: Int) {
        self.klass = klass
        self.subject = subject
        self.detail = detail
    }

    public var description: String { "\(klass).\(subject).\(detail)" }
}
