public import EncoreCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers ``OutgoingMessage/Content/email(_:)`` messages to one SMTP server (a relay or a
/// provider's submission endpoint) over a small pool of reused connections.
///
/// Outcomes: `.delivered` with the server's reply to the message; `.permanent` for a 5xx to
/// MAIL FROM, RCPT TO, DATA or the message (a bounce), a message over the server's SIZE, or a
/// message that cannot be rendered; `.transient` for a 4xx, a timeout, a refused or broken
/// connection, and session problems (TLS, AUTH, greeting) that are the configuration's or the
/// server's, never the recipient's.
///
/// Call ``shutdown()`` before the process exits to close idle connections politely.
public final class SMTPChannel: MessageChannel {
    public let configuration: SMTPConfiguration
    /// Signs each message with DKIM before it is sent, when set.
    public let dkim: DKIMSigner?
    private let pool: SMTPConnectionPool
    private let logger: Logger

    /// Prepares the channel; no connection is made until the first delivery.
    ///
    /// Throws when the TLS configuration cannot be built (an unreadable `ca` file).
    public init(
        configuration: SMTPConfiguration,
        dkim: DKIMSigner? = nil,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "encore.smtp")
    ) throws {
        self.configuration = configuration
        self.dkim = dkim
        self.logger = logger
        var tlsContext: NIOSSLContext?
        if configuration.tls != .none {
            var tls = TLSConfiguration.makeClientConfiguration()
            switch configuration.trust {
            case .system: break
            case .pemFile(let path): tls.trustRoots = .file(path)
            case .insecureSkipVerify: tls.certificateVerification = .none
            }
            tlsContext = try NIOSSLContext(configuration: tls)
        }
        guard !configuration.heloName.isEmpty,
            configuration.heloName.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { throw SMTPError.invalidConfiguration("helo name must be printable ASCII without spaces") }
        pool = SMTPConnectionPool(configuration: configuration, eventLoopGroup: eventLoopGroup, tlsContext: tlsContext)
    }

    /// Sends one email; see the type's documentation for how outcomes are classified.
    public func deliver(_ message: OutgoingMessage) async -> DeliveryOutcome {
        guard case .email(let email) = message.content else {
            return .permanent(reason: "the SMTP channel cannot deliver \(message.kind) messages")
        }
        var rendered: [UInt8]
        let envelope: (sender: String, recipients: [String])
        do {
            rendered = try email.rendered()
            envelope = try email.envelope()
        } catch {
            return .permanent(reason: "invalid message: \(error)")
        }
        if let dkim {
            do {
                let fromDomain = email.from.address.split(separator: "@").last.map(String.init) ?? ""
                rendered = try dkim.sign(rendered, fromDomain: fromDomain, at: email.date)
            } catch {
                // The key is ours, not the recipient's: retry rather than suppress the address.
                return .transient(reason: "DKIM signing failed: \(error)")
            }
        }

        var lease: SMTPConnectionPool.Lease
        do {
            lease = try await pool.acquire()
        } catch {
            return .transient(reason: "\(error)")
        }
        do {
            let connection = try await usableConnection(&lease)
            let (outcome, reusable) = try await connection.send(
                sender: envelope.sender, recipients: envelope.recipients, message: rendered)
            lease.messagesSent += 1
            await pool.release(lease, reusable ? .keep : .discard)
            switch outcome {
            case .accepted(let reply):
                return .delivered(reply: reply.description)
            case .rejected(let reply):
                logger.debug(
                    "SMTP refused message", metadata: ["reply": "\(reply)", "message-id": "\(email.messageID)"])
                return reply.isPermanentFailure
                    ? .permanent(reason: reply.description) : .transient(reason: reply.description)
            }
        } catch let error as SMTPError {
            await pool.release(lease, error.keepsConnection ? .keep : .discard)
            logger.debug("SMTP delivery failed", metadata: ["error": "\(error)"])
            if case .messageTooLarge = error { return .permanent(reason: "\(error)") }
            return .transient(reason: "\(error)")
        } catch {
            await pool.release(lease, .discard)
            logger.debug("SMTP delivery failed", metadata: ["error": "\(String(reflecting: error))"])
            return .transient(reason: "\(error)")
        }
    }

    /// The lease's connection after a successful RSET, or a newly opened one when the lease has
    /// none or its connection died while idle. Nothing of the message has been sent yet, so
    /// replacing a dead connection here cannot deliver twice.
    private func usableConnection(_ lease: inout SMTPConnectionPool.Lease) async throws -> SMTPConnection {
        if let connection = lease.connection {
            do {
                try await connection.reset()
                return connection
            } catch {
                connection.close()
                lease = SMTPConnectionPool.Lease()
            }
        }
        let connection = try await pool.open()
        lease.connection = connection
        return connection
    }

    /// Connections opened so far; with reuse this stays near ``SMTPConfiguration/maximumConnections``.
    public var openedConnections: Int {
        get async { await pool.openedConnections }
    }

    /// Closes idle connections with QUIT. Deliveries already running finish; later ones answer
    /// `.transient`.
    public func shutdown() async {
        await pool.shutdown()
    }
}

extension SMTPError {
    /// Errors raised before anything was sent, which leave the session as it was.
    var keepsConnection: Bool {
        if case .messageTooLarge = self { return true }
        return false
    }
}
