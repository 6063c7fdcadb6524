/// What went wrong in an SMTP session, short of a reply to the message itself.
public enum SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No reply within the command timeout; the connection is closed.
    case timeout(command: String)
    /// The server closed the connection (or it broke) before replying.
    case connectionClosed
    /// The server sent something that is not an SMTP reply.
    case malformedReply(SMTPReplyParseError)
    /// A session command (EHLO, HELO, STARTTLS, AUTH, RSET) was refused.
    case unexpectedReply(command: String, reply: SMTPReply)
    /// The configuration asks for STARTTLS and the server does not offer it.
    case startTLSNotOffered
    /// Credentials are configured and the server offers neither AUTH PLAIN nor AUTH LOGIN.
    case noSupportedAuthMechanism(offered: [String])
    /// Credentials are configured, TLS is optional and the server did not offer it: the password
    /// is not sent in clear (use `tls=none` to allow that).
    case refusingCleartextCredentials
    /// The message is larger than the SIZE the server announced.
    case messageTooLarge(size: Int, limit: Int)
    /// The configuration cannot be used.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .timeout(let command): "no reply to \(command) in time"
        case .connectionClosed: "connection closed by the server"
        case .malformedReply(let error): "malformed reply: \(error)"
        case .unexpectedReply(let command, let reply): "\(command) refused: \(reply)"
        case .startTLSNotOffered: "STARTTLS required but not offered by the server"
        case .noSupportedAuthMechanism(let offered):
            "no supported AUTH mechanism (server offers \(offered.isEmpty ? "none" : offered.sorted().joined(separator: " ")))"
        case .refusingCleartextCredentials: "server offers no STARTTLS; not sending credentials in clear"
        case .messageTooLarge(let size, let limit): "message of \(size) bytes exceeds the server's limit of \(limit)"
        case .invalidConfiguration(let reason): "invalid SMTP configuration: \(reason)"
        }
    }
}
