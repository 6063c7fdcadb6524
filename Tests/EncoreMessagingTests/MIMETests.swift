import EncoreMessaging
import Foundation
import Testing

@Suite struct MIMETests {
    /// Splits rendered bytes at CRLF, checking there is no bare CR or LF.
    private func lines(_ bytes: [UInt8]) -> [String] {
        let text = bytes.text
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        return text.components(separatedBy: "\r\n")
    }

    private func headerBlock(_ bytes: [UInt8]) -> String {
        bytes.text.components(separatedBy: "\r\n\r\n")[0]
    }

    @Test func multipartStructureIsTextThenHTMLWithBoundaryFromMessageID() throws {
        let bytes = try Fixtures.email().rendered()
        let text = bytes.text
        let boundary = try #require(
            text.firstRange(of: "boundary=\"").map { range in
                String(text[range.upperBound...].prefix { $0 != "\"" })
            })
        #expect(boundary.hasPrefix("=_encore_") && boundary.count == 9 + 32)
        let plain = try #require(text.range(of: "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8"))
        let html = try #require(text.range(of: "--\(boundary)\r\nContent-Type: text/html; charset=utf-8"))
        #expect(plain.lowerBound < html.lowerBound)
        #expect(text.hasSuffix("--\(boundary)--\r\n"))
        #expect(try Fixtures.email().rendered() == bytes, "rendering is deterministic")
        let other = try Fixtures.email(id: "other@shop.example").rendered().text
        #expect(!other.contains(boundary), "another Message-ID gives another boundary")
    }

    @Test func headersInOrderWithDateAndMessageID() throws {
        let head = headerBlock(try Fixtures.email().rendered())
        #expect(
            head.hasPrefix(
                "Date: Tue, 04 Nov 2025 09:30:00 +0000\r\nFrom: The Shop <hello@shop.example>\r\nTo: Ana <ana@example.com>\r\n"
            ))
        #expect(head.contains("Reply-To: support@shop.example\r\n"))
        #expect(head.contains("Message-ID: <order-1001.shipped@shop.example>\r\n"))
        #expect(head.contains("MIME-Version: 1.0\r\n"))
        #expect(head.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        // Angle brackets given by the caller are not doubled.
        let bracketed = headerBlock(try Fixtures.email(id: "<a@b>").rendered())
        #expect(bracketed.contains("Message-ID: <a@b>\r\n"))
    }

    @Test func textOnlyMessageIsSinglePart() throws {
        let text = try Fixtures.email(text: "Just text", html: nil).rendered().text
        #expect(!text.contains("multipart"))
        #expect(
            text.contains(
                "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nJust text\r\n"
            ))
    }

    @Test func longHeadersAreFoldedAtSpacesWithinLimits() throws {
        let urls = (1...12).map { "<https://shop.example/unsubscribe/\($0)/token-abcdefghijklmnop>" }.joined(
            separator: ", ")
        var email = Fixtures.email()
        email.headers = [EmailHeader("List-Unsubscribe", urls)]
        let head = headerBlock(try email.rendered())
        let headLines = lines(Array(head.utf8))
        #expect(headLines.allSatisfy { $0.utf8.count <= 78 })
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ")
        #expect(unfolded.contains("List-Unsubscribe: " + urls))
    }

    @Test func nonASCIISubjectAndNamesBecomeEncodedWords() throws {
        let subject = "Merci Zoë ! Votre commande « Crème brûlée » est expédiée 🚚 — suivez-la ici, c'est très simple"
        var email = Fixtures.email(subject: subject)
        email.from = EmailAddress("hello@shop.example", name: "Café Zoë")
        let head = headerBlock(try email.rendered())
        let headLines = lines(Array(head.utf8))
        #expect(headLines.allSatisfy { $0.utf8.count <= 76 })
        #expect(head.utf8.allSatisfy { $0 < 0x80 })
        let subjectValue = try #require(
            head.components(separatedBy: "\r\nSubject: ").last?
                .components(separatedBy: "\r\nMIME-Version").first)
        #expect(Decode.encodedWords(subjectValue) == subject)
        let fromValue = try #require(
            head.components(separatedBy: "\r\nFrom: ").last?.components(separatedBy: "\r\nTo:").first)
        #expect(fromValue.hasSuffix(" <hello@shop.example>"))
        #expect(Decode.encodedWords(String(fromValue.dropLast(" <hello@shop.example>".count))) == "Café Zoë")
    }

    @Test func displayNamesWithSpecialsAreQuoted() throws {
        var email = Fixtures.email()
        email.from = EmailAddress("hello@shop.example", name: "Shop, \"Best\" Inc.")
        #expect(headerBlock(try email.rendered()).contains("From: \"Shop, \\\"Best\\\" Inc.\" <hello@shop.example>"))
    }

    @Test func headerInjectionIsImpossible() throws {
        var email = Fixtures.email(subject: "Hi\r\nBcc: victim@example.com")
        email.headers.append(EmailHeader("X-Note", "a\nTo: other@example.com"))
        let headLines = lines(Array(headerBlock(try email.rendered()).utf8))
        #expect(!headLines.contains { $0.hasPrefix("Bcc:") })
        #expect(headLines.filter { $0.hasPrefix("To:") }.count == 1)
        #expect(headLines.contains("Subject: Hi Bcc: victim@example.com"))
    }

    @Test func invalidInputIsRefusedWithTypedErrors() {
        #expect(throws: MIMEError.invalidAddress("ana@example.com>\r\nRCPT TO:<x@y")) {
            try Fixtures.email(to: "ana@example.com>\r\nRCPT TO:<x@y").rendered()
        }
        #expect(throws: MIMEError.invalidAddress("no-at-sign")) { try Fixtures.email(to: "no-at-sign").rendered() }
        #expect(throws: MIMEError.invalidMessageID("no at sign")) { try Fixtures.email(id: "no at sign").rendered() }
        var email = Fixtures.email()
        email.headers = [EmailHeader("Content-Type", "text/evil")]
        #expect(throws: MIMEError.reservedHeader("Content-Type")) { try email.rendered() }
        email.headers = [EmailHeader("Bad Name", "x")]
        #expect(throws: MIMEError.invalidHeaderName("Bad Name")) { try email.rendered() }
        email.headers = [EmailHeader("X-Long", String(repeating: "a", count: 1200))]
        #expect(throws: MIMEError.headerTooLong("X-Long")) { try email.rendered() }
        email = Fixtures.email()
        email.to = []
        #expect(throws: MIMEError.noRecipients) { try email.rendered() }
    }

    @Test func mostlyASCIIBodiesAreQuotedPrintableAndRoundTrip() throws {
        let body =
            "Line one = equals\nTrailing space \nTab\tinside and at end\t\n.starts with a dot\nZoë's café\n"
            + String(repeating: "long-line-", count: 40) + "\nlast line without break"
        let text = try Fixtures.email(text: body, html: nil).rendered().text
        let encoded = try #require(text.components(separatedBy: "quoted-printable\r\n\r\n").last)
        #expect(lines(Array(encoded.utf8)).allSatisfy { $0.utf8.count <= 76 })
        #expect(encoded.contains("Line one =3D equals\r\n"))
        #expect(encoded.contains("Trailing space=20\r\n"))
        #expect(encoded.contains("at end=09\r\n"))
        #expect(encoded.contains("Zo=C3=AB's caf=C3=A9"))
        let decoded = Decode.quotedPrintable(encoded).text
        #expect(decoded == body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
    }

    @Test func mostlyNonASCIIBodiesAreBase64() throws {
        let body = "ご注文ありがとうございます。\n商品は明日発送されます。"
        let text = try Fixtures.email(text: body, html: nil).rendered().text
        #expect(text.contains("Content-Transfer-Encoding: base64\r\n"))
        let encoded = try #require(text.components(separatedBy: "base64\r\n\r\n").last)
        #expect(lines(Array(encoded.utf8)).allSatisfy { $0.utf8.count <= 76 })
        let data = try #require(Data(base64Encoded: encoded.replacingOccurrences(of: "\r\n", with: "")))
        #expect(String(decoding: data, as: UTF8.self) == body.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func quotedPrintableRoundTripsArbitraryText() throws {
        var generator = SplitMix(seed: 7)
        let alphabet = Array("ab =.\t\n\r é€🚚xyz-".unicodeScalars)
        for _ in 0..<200 {
            let length = Int(generator.next() % 300)
            var body = ""
            for _ in 0..<length { body.unicodeScalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            let text = try Fixtures.email(text: body, html: nil).rendered().text
            guard let encoded = text.components(separatedBy: "quoted-printable\r\n\r\n").last,
                text.contains("quoted-printable")
            else { continue }
            #expect(lines(Array(encoded.utf8)).allSatisfy { $0.utf8.count <= 76 })
            let normalized = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
                of: "\r", with: "\n"
            )
            .replacingOccurrences(of: "\n", with: "\r\n")
            let expected = normalized.hasSuffix("\r\n") || normalized.isEmpty ? normalized : normalized + "\r\n"
            #expect(Decode.quotedPrintable(encoded).text == expected)
        }
    }

    @Test func datesAreRFC5322InUTC() {
        #expect(RFC5322Date.string(from: Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(RFC5322Date.string(from: Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(
            RFC5322Date.string(from: Date(timeIntervalSince1970: 1_700_000_000.9)) == "Tue, 14 Nov 2023 22:13:20 +0000")
        #expect(RFC5322Date.string(from: Date(timeIntervalSince1970: -1)) == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    @Test func envelopeUsesReturnPathWhenGiven() throws {
        var email = Fixtures.email()
        #expect(try email.envelope().sender == "hello@shop.example")
        email.returnPath = "bounces+1001@shop.example"
        #expect(try email.envelope().sender == "bounces+1001@shop.example")
        #expect(try email.envelope().recipients == ["ana@example.com"])
    }
}

/// A small deterministic generator for property tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
