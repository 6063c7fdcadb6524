@testable import EncoreMessaging
@testable import EncoreSMTPProtocol
import Testing

@Suite struct SMTPReplyParserTests {
    private func parse(_ text: String) throws(SMTPReplyParseError) -> [SMTPReply] {
        try SMTPReplyParser.parse(Array(text.utf8))
    }

    @Test func singleAndMultiLineReplies() throws {
        #expect(
            try parse("220 mail.example ESMTP ready\r\n") == [SMTPReply(code: 220, lines: ["mail.example ESMTP ready"])]
        )
        let ehlo = try parse("250-mail.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n")
        #expect(ehlo == [SMTPReply(code: 250, lines: ["mail.example", "PIPELINING", "SIZE 10240000", "8BITMIME"])])
        // Several replies in a row (a pipelined answer), bare LF tolerated, a code without text.
        let replies = try parse("250 2.1.0 Ok\n250 2.1.5 Ok\r\n354\r\n")
        #expect(replies.map(\.code) == [250, 250, 354])
        #expect(replies[2].lines == [""])
        #expect(replies[2].description == "354 ")
    }

    @Test func enhancedStatusCodes() throws {
        let reply = try #require(try parse("550 5.1.1 <x@example.com>: Recipient address rejected\r\n").first)
        #expect(reply.enhancedStatus == SMTPEnhancedStatus(klass: 5, subject: 1, detail: 1))
        #expect(reply.isPermanentFailure && !reply.isTransientFailure)
        #expect(try parse("451 4.7.1 Greylisted, try later\r\n")[0].enhancedStatus?.description == "4.7.1")
        // A class that disagrees with the code, or no code at all, is not an enhanced status.
        #expect(try parse("550 4.1.1 odd\r\n")[0].enhancedStatus == nil)
        #expect(try parse("550 Mailbox unavailable\r\n")[0].enhancedStatus == nil)
        #expect(try parse("250 1.2.3.4 hello\r\n")[0].enhancedStatus == nil)
    }

    @Test func malformedRepliesAreTypedErrors() {
        #expect(throws: SMTPReplyParseError.invalidCode("hello")) { try parse("hello\r\n") }
        #expect(throws: SMTPReplyParseError.invalidCode("25")) { try parse("25\r\n") }
        #expect(throws: SMTPReplyParseError.invalidCode("650 no")) { try parse("650 no\r\n") }
        #expect(throws: SMTPReplyParseError.invalidCode("2a0 no")) { try parse("2a0 no\r\n") }
        #expect(throws: SMTPReplyParseError.invalidSeparator("250x")) { try parse("250x\r\n") }
        #expect(throws: SMTPReplyParseError.inconsistentCode(expected: 250, found: 251)) {
            try parse("250-a\r\n251 b\r\n")
        }
        #expect(throws: SMTPReplyParseError.incomplete) { try parse("250-a\r\n") }
        #expect(throws: SMTPReplyParseError.incomplete) { try parse("250 no line end") }
        #expect(throws: SMTPReplyParseError.lineTooLong) {
            try parse("250 " + String(repeating: "x", count: SMTPReplyParser.maximumLineLength) + "\r\n")
        }
        let many = String(repeating: "250-x\r\n", count: SMTPReplyParser.maximumLines) + "250 end\r\n"
        #expect(throws: SMTPReplyParseError.tooManyLines) { try parse(many) }
    }

    @Test func parserRecoversAfterAnError() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.consume(line: Array("250-a".utf8)) == nil)
        #expect(throws: SMTPReplyParseError.self) { try parser.consume(line: Array("junk".utf8)) }
        #expect(!parser.isInsideReply)
        #expect(try parser.consume(line: Array("221 bye".utf8)) == SMTPReply(code: 221, lines: ["bye"]))
    }

    @Test func randomInputNeverTraps() {
        var generator = SplitMix(seed: 42)
        func pick(_ options: [[UInt8]]) -> [UInt8] { options[Int(generator.next() % UInt64(options.count))] }
        let codes = ["250", "550", "451", "354", "25", "650", "2x0", ""].map { Array($0.utf8) }
        let separators = [" ", " ", "-", "-", "", "x"].map { Array($0.utf8) }
        let texts = ["OK", "2.0.0 Ok", "", "\u{0}\u{7F}", "PIPELINING"].map { Array($0.utf8) } + [[0xFF, 0xFE]]
        let ends: [[UInt8]] = [[13, 10], [13, 10], [10], [13], []]
        var parsed = 0
        for _ in 0..<5000 {
            var input: [UInt8] = []
            for _ in 0..<Int(generator.next() % 5) {
                input += pick(codes) + pick(separators) + pick(texts) + pick(ends)
                if generator.next() % 8 == 0 { input.append(UInt8(truncatingIfNeeded: generator.next())) }
            }
            if let replies = try? SMTPReplyParser.parse(input) {
                parsed += replies.count
                #expect(replies.allSatisfy { (200...559).contains($0.code) && !$0.lines.isEmpty })
            }
        }
        #expect(parsed > 100, "the generator also produces valid replies")
    }

    @Test func capabilitiesFromEHLO() throws {
        let reply = try parse(
            """
            250-smtp.example.com Hello\r
            250-PIPELINING\r
            250-SIZE 35882577\r
            250-STARTTLS\r
            250-AUTH PLAIN login XOAUTH2\r
            250-AUTH=CRAM-MD5\r
            250-ENHANCEDSTATUSCODES\r
            250 8BITMIME\r

            """)[0]
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.pipelining && capabilities.startTLS && capabilities.eightBitMIME)
        #expect(capabilities.enhancedStatusCodes && capabilities.size)
        #expect(capabilities.maximumMessageSize == 35_882_577)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN", "XOAUTH2", "CRAM-MD5"])
        let bare = SMTPCapabilities(ehloReply: try parse("250-x\r\n250 SIZE 0\r\n")[0])
        #expect(bare.size && bare.maximumMessageSize == nil && !bare.pipelining)
    }

    @Test func dotStuffing() {
        #expect(DotStuffing.dataPayload(Array(".a\r\nb\r\n..c\r\n".utf8)).text == "..a\r\nb\r\n...c\r\n.\r\n")
        #expect(DotStuffing.dataPayload(Array("x".utf8)).text == "x\r\n.\r\n")
        #expect(DotStuffing.dataPayload(Array("a.\r\n.".utf8)).text == "a.\r\n..\r\n.\r\n")
    }
}
