import NIOCore
import NIOSSL

extension SMTPConnection {
    /// Greeting, EHLO (or HELO), STARTTLS with a second EHLO when the mode asks for it, AUTH.
    mutating func startSession(tlsContext: NIOSSLContext?) async throws {
        let greeting = try await exchange(
            channel.allocator.buffer(capacity: 0), replies: 1,
            timeout: configuration.commandTimeout, command: "greeting")[0]
        guard greeting.code == 220 else { throw SMTPError.unexpectedReply(command: "greeting", reply: greeting) }
        try await hello()

        switch configuration.tls {
        case .none, .implicit:
            break
        case .startTLSIfOffered where !capabilities.startTLS:
            break
        case .startTLSIfOffered, .startTLSRequired:
            guard capabilities.startTLS, let tlsContext else { throw SMTPError.startTLSNotOffered }
            let reply = try await command("STARTTLS")
            guard reply.code == 220 else { throw SMTPError.unexpectedReply(command: "STARTTLS", reply: reply) }
            try await startTLS(context: tlsContext)
            isEncrypted = true
            try await hello()
        }

        if let credentials = configuration.credentials {
            guard isEncrypted || configuration.tls == .none else { throw SMTPError.refusingCleartextCredentials }
            try await authenticate(username: credentials.username, password: credentials.password)
        }
    }

    /// EHLO, falling back to HELO (and no extensions) when EHLO is not understood.
    private mutating func hello() async throws {
        let ehlo = try await command("EHLO \(configuration.heloName)")
        if ehlo.isSuccess {
            capabilities = SMTPCapabilities(ehloReply: ehlo)
            return
        }
        guard ehlo.isPermanentFailure else { throw SMTPError.unexpectedReply(command: "EHLO", reply: ehlo) }
        let helo = try await command("HELO \(configuration.heloName)")
        guard helo.isSuccess else { throw SMTPError.unexpectedReply(command: "HELO", reply: helo) }
        capabilities = SMTPCapabilities()
    }

    /// Puts TLS under the SMTP handlers; the handshake starts at once and writes wait for it.
    private func startTLS(context: NIOSSLContext) async throws {
        let channel = self.channel
        let serverHostname = Self.serverHostname(configuration.host)
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    /// AUTH PLAIN with an initial response when offered, else AUTH LOGIN.
    private func authenticate(username: String, password: String) async throws {
        let mechanisms = capabilities.authMechanisms
        if mechanisms.contains("PLAIN") {
            let token = Base64.encode([0] + Array(username.utf8) + [0] + Array(password.utf8))
            let reply = try await command("AUTH PLAIN \(token)", label: "AUTH PLAIN")
            guard reply.code == 235 else { throw SMTPError.unexpectedReply(command: "AUTH PLAIN", reply: reply) }
        } else if mechanisms.contains("LOGIN") {
            var reply = try await command("AUTH LOGIN", label: "AUTH LOGIN")
            guard reply.code == 334 else { throw SMTPError.unexpectedReply(command: "AUTH LOGIN", reply: reply) }
            reply = try await command(Base64.encode(Array(username.utf8)), label: "AUTH LOGIN user name")
            guard reply.code == 334 else { throw SMTPError.unexpectedReply(command: "AUTH LOGIN", reply: reply) }
            reply = try await command(Base64.encode(Array(password.utf8)), label: "AUTH LOGIN password")
            guard reply.code == 235 else { throw SMTPError.unexpectedReply(command: "AUTH LOGIN", reply: reply) }
        } else {
            throw SMTPError.noSupportedAuthMechanism(offered: Array(mechanisms))
        }
    }
}
