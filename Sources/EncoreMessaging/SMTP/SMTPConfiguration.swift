public import NIOCore

/// Where and how the SMTP channel connects. Usually built from a URL, see
/// ``init(url:)``.
public struct SMTPConfiguration: Sendable {
    /// How the connection is protected.
    public enum TLSMode: String, Sendable, Hashable {
        /// Plain text throughout; credentials, if any, are sent in clear.
        case none
        /// STARTTLS when the server offers it, plain text otherwise. Credentials are never sent
        /// over plain text in this mode: a server that does not offer STARTTLS but needs AUTH fails.
        case startTLSIfOffered
        /// STARTTLS, and fail when the server does not offer it.
        case startTLSRequired
        /// TLS from the first byte (`smtps`, usually port 465).
        case implicit
    }

    /// Which server certificates are trusted.
    public enum Trust: Sendable, Hashable {
        /// The system's trust roots, with host name verification.
        case system
        /// Only the certificates in this PEM file (a private CA or a self-signed server), with
        /// host name verification (an IP address host is checked against the certificate's IPs).
        case pemFile(String)
        /// Anything: no chain and no host name verification. Only for tests.
        case insecureSkipVerify
    }

    public var host: String
    public var port: Int
    public var tls: TLSMode
    public var trust: Trust
    /// User name and password for AUTH (PLAIN preferred, else LOGIN); nil sends no AUTH.
    public var credentials: (username: String, password: String)?
    /// The name sent with EHLO/HELO; should be this machine's public host name.
    public var heloName: String
    public var connectTimeout: TimeAmount
    /// How long to wait for the reply to each command (or pipelined group of commands).
    public var commandTimeout: TimeAmount
    /// How long to wait for the reply after the message's final `.`, when servers scan it.
    public var dataTimeout: TimeAmount
    /// Connections open at most, shared by all concurrent deliveries.
    public var maximumConnections: Int
    /// Messages sent over one connection before it is closed and replaced.
    public var maximumMessagesPerConnection: Int

    public init(
        host: String,
        port: Int = 25,
        tls: TLSMode = .startTLSIfOffered,
        trust: Trust = .system,
        credentials: (username: String, password: String)? = nil,
        heloName: String = "localhost",
        connectTimeout: TimeAmount = .seconds(10),
        commandTimeout: TimeAmount = .seconds(60),
        dataTimeout: TimeAmount = .seconds(120),
        maximumConnections: Int = 4,
        maximumMessagesPerConnection: Int = 100
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.trust = trust
        self.credentials = credentials
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
        self.maximumConnections = maximumConnections
        self.maximumMessagesPerConnection = maximumMessagesPerConnection
    }
}
