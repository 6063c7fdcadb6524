import NIOCore

/// Bytes to send and one promise per reply they will produce, in order. An empty buffer with one
/// promise waits for a reply without sending anything (the greeting).
struct SMTPRequest: Sendable {
    var bytes: ByteBuffer
    var replies: [EventLoopPromise<SMTPReply>]
}

/// Matches replies to requests in order, which is all SMTP (pipelined or not) needs: the server
/// answers commands in the order they were sent. A reply that arrives before its request (the
/// greeting, usually) is held until the request comes. When the connection closes or fails, every
/// waiting promise fails.
final class SMTPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = SMTPReply
    typealias OutboundIn = SMTPRequest
    typealias OutboundOut = ByteBuffer

    /// Unrequested replies held at most; more means the server is not speaking SMTP to us.
    private static let maximumEarlyReplies = 4

    private var waiting = CircularBuffer<EventLoopPromise<SMTPReply>>()
    private var early = CircularBuffer<SMTPReply>()
    private var failure: (any Error)?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.replies.forEach { $0.fail(failure) }
            promise?.fail(failure)
            return
        }
        for reply in request.replies {
            if let ready = early.popFirst() {
                reply.succeed(ready)
            } else {
                waiting.append(reply)
            }
        }
        if request.bytes.readableBytes > 0 {
            context.write(wrapOutboundOut(request.bytes), promise: promise)
        } else {
            promise?.succeed()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let next = waiting.popFirst() {
            next.succeed(reply)
        } else if early.count < Self.maximumEarlyReplies {
            early.append(reply)
        } else {
            fail(context: context, with: SMTPError.unexpectedReply(command: "(none)", reply: reply))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(with: SMTPError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, with: error)
    }

    private func fail(context: ChannelHandlerContext, with error: any Error) {
        failAll(with: error)
        context.close(promise: nil)
    }

    private func failAll(with error: any Error) {
        if failure == nil { failure = error }
        while let next = waiting.popFirst() { next.fail(error) }
    }
}
