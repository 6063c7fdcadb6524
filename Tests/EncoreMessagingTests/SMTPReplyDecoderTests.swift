import NIOCore
import NIOEmbedded
import Testing

@testable import EncoreSMTPProtocol

/// The channel's decoder, fed the way a socket feeds it: it must agree with `SMTPReplyParser`.
@Suite("SMTP reply decoder: reads in pieces give what the parser gives")
struct SMTPReplyDecoderTests {
    private func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
        return channel
    }

    @Test("a line of the longest length waits for its LF even when its CR has arrived")
    func longestLineWithItsCRFirst() throws {
        let channel = try channel()
        let text = "250 " + String(repeating: "a", count: SMTPReplyParser.maximumLineLength - 4)
        try channel.writeInbound(ByteBuffer(string: text + "\r"))
        #expect(try channel.readInbound(as: SMTPReply.self) == nil)
        try channel.writeInbound(ByteBuffer(string: "\n"))
        let reply = try #require(try channel.readInbound(as: SMTPReply.self))
        #expect(reply.code == 250)
        #expect(reply == (try SMTPReplyParser.parse(Array((text + "\r\n").utf8))).first)
        _ = try channel.finish()
    }

    @Test("a line one byte longer fails as soon as the bytes show it, LF or not")
    func overLongLineFails() throws {
        let long = "250 " + String(repeating: "a", count: SMTPReplyParser.maximumLineLength - 3)
        #expect(throws: SMTPReplyParseError.lineTooLong) { try SMTPReplyParser.parse(Array((long + "\r\n").utf8)) }
        let channel = try channel()
        #expect(throws: (any Error).self) { try channel.writeInbound(ByteBuffer(string: long + "\r")) }
        let other = try self.channel()
        #expect(throws: (any Error).self) { try other.writeInbound(ByteBuffer(string: long + "\r\n")) }
    }
}
