import NIOCore

/// How the server answered one mail transaction.
enum SMTPTransactionOutcome: Sendable, Hashable {
    /// The reply to the final `.`: the server has taken responsibility for the message.
    case accepted(SMTPReply)
    /// The first refusal: of MAIL FROM, of a recipient, of DATA or of the message.
    case rejected(SMTPReply)
}

extension SMTPConnection {
    /// Sends one message: MAIL FROM, RCPT TO for each recipient, DATA, the dot-stuffed message.
    ///
    /// With PIPELINING the three commands go in one write. A message is sent only when every
    /// recipient was accepted (all or nothing: one outcome per message). Returns whether the
    /// connection can carry another message: not when DATA was accepted although a recipient was
    /// refused, since the only way out of DATA without sending is to drop the connection.
    func send(sender: String, recipients: [String], message: [UInt8]) async throws -> (
        outcome: SMTPTransactionOutcome, reusable: Bool
    ) {
        if let limit = capabilities.maximumMessageSize, message.count > limit {
            throw SMTPError.messageTooLarge(size: message.count, limit: limit)
        }
        let mail = "MAIL FROM:<\(sender)>" + (capabilities.size ? " SIZE=\(message.count)" : "")
        let rcpts = recipients.map { "RCPT TO:<\($0)>" }

        let dataReply: SMTPReply
        if capabilities.pipelining {
            let lines = [mail] + rcpts + ["DATA"]
            var buffer = channel.allocator.buffer(capacity: lines.reduce(0) { $0 + $1.utf8.count + 2 })
            for line in lines { buffer.writeString(line + "\r\n") }
            let replies = try await exchange(
                buffer, replies: lines.count, timeout: configuration.commandTimeout,
                command: "MAIL FROM/RCPT TO/DATA")
            dataReply = replies[replies.count - 1]
            if let refusal = replies.dropLast().first(where: { !$0.isSuccess }) {
                if dataReply.code == 354 { return (.rejected(refusal), false) }
                return (.rejected(refusal), try await resetAfterRefusal())
            }
        } else {
            for line in [mail] + rcpts {
                let reply = try await command(line)
                if !reply.isSuccess { return (.rejected(reply), try await resetAfterRefusal()) }
            }
            dataReply = try await command("DATA")
        }
        guard dataReply.code == 354 else { return (.rejected(dataReply), try await resetAfterRefusal()) }

        let payload = DotStuffing.dataPayload(message)
        var buffer = channel.allocator.buffer(capacity: payload.count)
        buffer.writeBytes(payload)
        let reply = try await exchange(buffer, replies: 1, timeout: configuration.dataTimeout, command: "end of DATA")[
            0]
        return (reply.isSuccess ? .accepted(reply) : .rejected(reply), true)
    }

    /// RSET after a refused transaction; the connection stays usable when the server agrees.
    private func resetAfterRefusal() async throws -> Bool {
        (try? await reset()) != nil
    }
}
