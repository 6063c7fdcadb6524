import NIOCore

/// Splits the server's bytes into lines and assembles them into ``SMTPReply`` values.
/// A line longer than ``SMTPReplyParser/maximumLineLength`` fails the channel instead of
/// buffering without bound.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    private var parser = SMTPReplyParser()

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            // The line may already hold its CR, which the parser does not count.
            if buffer.readableBytes > SMTPReplyParser.maximumLineLength + 1 {
                throw SMTPError.malformedReply(.lineTooLong)
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readBytes(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        do {
            if let reply = try parser.consume(line: line) {
                context.fireChannelRead(wrapInboundOut(reply))
            }
        } catch {
            throw SMTPError.malformedReply(error)
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
