import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session on one TCP connection, after greeting, EHLO, STARTTLS and AUTH.
///
/// Not meant for concurrent use: the pool lends a connection to one delivery at a time.
struct SMTPConnection: Sendable {
    let channel: any Channel
    let configuration: SMTPConfiguration
    /// What the server offered in its last EHLO (after STARTTLS, the EHLO over TLS).
    var capabilities = SMTPCapabilities()
    var isEncrypted = false

    private init(channel: any Channel, configuration: SMTPConfiguration) {
        self.channel = channel
        self.configuration = configuration
    }

    /// Connects and sets up the session; on any failure the connection is closed and the error
    /// thrown (connection errors from NIO as they come, everything else as ``SMTPError``).
    static func open(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup,
        tlsContext: NIOSSLContext?
    ) async throws -> SMTPConnection {
        let implicitTLS = configuration.tls == .implicit ? tlsContext : nil
        let serverHostname = Self.serverHostname(configuration.host)
        let channel = try await ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let implicitTLS {
                        try pipeline.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                    }
                    try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try pipeline.addHandler(SMTPClientHandler())
                }
            }
            .connect(host: configuration.host, port: configuration.port)
            .get()
        var connection = SMTPConnection(channel: channel, configuration: configuration)
        connection.isEncrypted = implicitTLS != nil
        do {
            try await connection.startSession(tlsContext: tlsContext)
            return connection
        } catch {
            connection.close()
            throw error
        }
    }

    /// SNI and host name verification take a name; an IP address is checked by NIOSSL against
    /// the peer's address instead.
    static func serverHostname(_ host: String) -> String? {
        let isIPv4 =
            host.split(separator: ".", omittingEmptySubsequences: false).count == 4
            && host.allSatisfy { $0.isNumber || $0 == "." }
        return isIPv4 || host.contains(":") ? nil : host
    }

    /// Sends `bytes` and waits for `count` replies, each within `timeout` of the one before it
    /// (the first within `timeout` of the send), failing with ``SMTPError/timeout(command:)`` and
    /// closing the connection when one is late. A pipelined group of commands is so timed reply
    /// by reply, as RFC 5321 §4.5.3.2 times each command: three slow but in-time replies pass.
    func exchange(_ bytes: ByteBuffer, replies count: Int, timeout: TimeAmount, command: String) async throws
        -> [SMTPReply]
    {
        let channel = self.channel
        let eventLoop = channel.eventLoop
        let promises = (0..<count).map { _ in eventLoop.makePromise(of: SMTPReply.self) }
        let all = EventLoopFuture.whenAllSucceed(promises.map(\.futureResult), on: eventLoop)
        // Only touched on the event loop: the timer for the reply awaited now.
        let timer = NIOLoopBoundBox.makeEmptyBox(valueType: Scheduled<Void>.self, eventLoop: eventLoop)
        @Sendable func arm() {
            timer.value?.cancel()
            timer.value = eventLoop.scheduleTask(in: timeout) {
                for promise in promises { promise.fail(SMTPError.timeout(command: command)) }
                channel.close(promise: nil)
            }
        }
        eventLoop.execute { arm() }
        for (index, promise) in promises.enumerated() {
            promise.futureResult.whenSuccess { _ in
                if index + 1 < count { arm() } else { timer.value?.cancel() }
            }
        }
        all.whenFailure { _ in timer.value?.cancel() }
        let written = eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            for promise in promises { promise.fail(error) }
        }
        channel.writeAndFlush(SMTPRequest(bytes: bytes, replies: promises), promise: written)
        return try await all.get()
    }

    /// Sends one command line (without CRLF) and waits for its reply.
    func command(_ line: String, label: String? = nil, timeout: TimeAmount? = nil) async throws -> SMTPReply {
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line)
        buffer.writeString("\r\n")
        let label = label ?? String(line.prefix { $0 != " " && $0 != ":" })
        return try await exchange(buffer, replies: 1, timeout: timeout ?? configuration.commandTimeout, command: label)[
            0]
    }

    /// Resets the session between messages (RSET), which also proves a pooled connection is alive.
    func reset() async throws {
        let reply = try await command("RSET")
        guard reply.isSuccess else { throw SMTPError.unexpectedReply(command: "RSET", reply: reply) }
    }

    /// Says QUIT without waiting long for the answer, then closes.
    func quit() async {
        _ = try? await command("QUIT", timeout: .seconds(2))
        close()
    }

    func close() {
        channel.close(promise: nil)
    }
}
