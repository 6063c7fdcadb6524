import EncoreCore
import EncoreSMTPProtocol
import FuzzDriver
import FuzzSupport
import NIOCore
import NIOEmbedded

// Input: byte 0 sets the size (1...256) of the reads the channel decoder gets; the rest is what a
// server sends. `SMTPReplyParser.parse` must give replies or a typed error; replies written back
// parse the same; the client's `SMTPReplyDecoder` (a NIO ByteToMessageDecoder
// fed in reads of that size) must give the same replies as `parse` whenever `parse` accepts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let readSize = Int(data[0]) + 1
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let replies: [SMTPReply]
    do {
        replies = try SMTPReplyParser.parse(bytes)
    } catch {
        _ = error.description
        _ = decodeInReads(bytes, readSize: readSize)
        return 0
    }
    for reply in replies {
        fuzzRequire((200...559).contains(reply.code), "reply code \(reply.code)")
        fuzzRequire(!reply.lines.isEmpty, "reply without lines")
        _ = reply.description
        if let status = reply.enhancedStatus {
            fuzzRequire(status.klass == reply.code / 100, "enhanced status \(status) for code \(reply.code)")
        }
        let capabilities = SMTPCapabilities(ehloReply: reply)
        if let limit = capabilities.maximumMessageSize { fuzzRequire(limit > 0, "SIZE \(limit)") }
    }
    // Written back (CRLF, "-" on all lines but the last), the replies parse the same.
    var text: [UInt8] = []
    var fits = true
    for reply in replies {
        for (index, line) in reply.lines.enumerated() {
            text += Array(String(reply.code).utf8)
            text.append(index == reply.lines.count - 1 ? UInt8(ascii: " ") : UInt8(ascii: "-"))
            text += Array(line.utf8)
            text += [13, 10]
            // Invalid UTF-8 became U+FFFD (three bytes): a line may no longer fit.
            if line.utf8.count + 4 > SMTPReplyParser.maximumLineLength { fits = false }
        }
    }
    if fits {
        let again = try? SMTPReplyParser.parse(text)
        fuzzRequire(again == replies, "replies \(replies) written back parse as \(String(describing: again))")
    }
    let decoded = decodeInReads(bytes, readSize: readSize)
    fuzzRequire(
        decoded.error == nil && decoded.replies == replies,
        "parse gives \(replies); SMTPReplyDecoder in reads of \(readSize) gives \(decoded.replies), error \(String(describing: decoded.error))")
    return 0
}

/// What the client's decoder makes of the bytes arriving in reads of `readSize`, then EOF.
func decodeInReads(_ bytes: [UInt8], readSize: Int) -> (replies: [SMTPReply], error: (any Error)?) {
    let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder()))
    var replies: [SMTPReply] = []
    func drain() {
        while let reply = try? channel.readInbound(as: SMTPReply.self) { replies.append(reply) }
    }
    var start = 0
    do {
        while start < bytes.count {
            let end = min(bytes.count, start + readSize)
            try channel.writeInbound(ByteBuffer(bytes: bytes[start..<end]))
            drain()
            start = end
        }
        _ = try channel.finish(acceptAlreadyClosed: true)
        drain()
    } catch {
        drain()
        _ = try? channel.finish(acceptAlreadyClosed: true)
        return (replies, error)
    }
    return (replies, nil)
}

/// The entry point of a debug build (see FuzzDriver.h).
@_cdecl("FuzzSMTPReply_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    encore_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}
