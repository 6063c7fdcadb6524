import NIOCore

/// Splits the server's bytes into lines and assembles them into ``SMTPReply`` values.
/// A line longer than ``SMTPReplyParser/maximumLineLength`` fails the channel instead of
/// buffering without bound. Errors are ``SMTPError/malformedReply(_:)``.
public struct SMTPReplyDecoder: ByteToMessageDecoder {
    public typealias InboundOut = SMTPReply

    private var parser = SMTPReplyParser()

    /// A decoder expecting the start of a reply.
    public init() {}

    /// Fires one ``SMTPReply`` per complete reply in `buffer`; consumes whole lines only.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
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

    /// Decodes what complete lines remain at the end of the stream; a partial reply is dropped.
    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
