import Crypto
import EncoreCore
import Foundation
import NIOCore
import EncoreTestSupport
import Testing
import _CryptoExtras

@testable import EncoreMessaging

@Suite("DKIM: relaxed canonicalization (RFC 6376 §3.4)")
struct DKIMCanonicalizationTests {
    @Test("the RFC's own example: headers and body")
    func rfcExample() {
        let message = Array("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n".utf8)
        let (fields, body) = DKIMCanonicalization.split(message)
        #expect(fields.map(\.name) == ["A", "B "])
        let headers = fields.flatMap { DKIMCanonicalization.header($0) }
        #expect(String(decoding: headers, as: UTF8.self) == "a:X\r\nb:Y Z\r\n")
        #expect(String(decoding: DKIMCanonicalization.body(body), as: UTF8.self) == " C\r\nD E\r\n")
    }

    @Test("bodies: empty stays empty, a missing final CRLF is added, blank lines inside are kept, whitespace-only lines at the end dropped")
    func bodies() {
        func body(_ text: String) -> String {
            String(decoding: DKIMCanonicalization.body(ArraySlice(text.utf8)), as: UTF8.self)
        }
        #expect(body("") == "")
        #expect(body("\r\n\r\n") == "")
        #expect(body("abc") == "abc\r\n")
        #expect(body("a\r\n\r\nb\r\n \t\r\n\r\n") == "a\r\n\r\nb\r\n")
        #expect(body("\tlead  and   inner\t\r\n") == " lead and inner\r\n")
    }

    @Test("a message without a body, and header names of any case")
    func noBody() {
        let (fields, body) = DKIMCanonicalization.split(Array("Subject: Hi\r\nFROM:a@b.example\r\n".utf8))
        #expect(fields.map(\.name) == ["Subject", "FROM"])
        #expect(body.isEmpty)
        #expect(String(decoding: DKIMCanonicalization.header(fields[1]), as: UTF8.self) == "from:a@b.example\r\n")
    }
}

@Suite(
    "DKIM: signatures a receiver verifies (dkimpy)",
    .enabled(if: DKIMPy.shouldRun, "python3 with dkimpy not found (python3 -m pip install dkimpy); CI=true runs and fails instead"))
struct DKIMSignerTests {
    static let rsa = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let ed25519 = Curve25519.Signing.PrivateKey()

    static func rendered() throws -> [UInt8] {
        var email = Fixtures.email(
            subject: "Votre commande « Crème brûlée » est partie 🚚 — merci beaucoup, Zoë, à bientôt et encore merci",
            text: "Bonjour Zoë,\n.une ligne\n\ntrailing spaces   \n", html: "<p>Bonjour Zoë,</p>")
        email.from = EmailAddress("hello@shop.example", name: "Café Zoë")
        return try email.rendered()
    }

    static func signers() throws -> [DKIMSigner] {
        [
            try DKIMSigner(key: .rsa(rsa), selector: "s2026"),
            try DKIMSigner(key: .ed25519(ed25519), selector: "ed.s2026", domain: "Mail.Shop.example"),
        ]
    }

    @Test("RSA-SHA256 and Ed25519-SHA256 signatures verify; the From domain or the fixed domain is d=")
    func verifies() throws {
        let message = try Self.rendered()
        for signer in try Self.signers() {
            let signed = try signer.sign(message, fromDomain: "shop.example", at: Date(timeIntervalSince1970: 1_790_000_000))
            let text = String(decoding: signed, as: UTF8.self)
            #expect(text.hasPrefix("DKIM-Signature: v=1; a="))
            #expect(Array(signed.suffix(message.count)) == message, "the message itself is unchanged")
            let domain = signer.domain ?? "shop.example"
            #expect(text.contains("d=\(domain);"))
            let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
            #expect(unfolded.contains("h=from:to:subject:date:message-id:reply-to:mime-version:content-type:list-unsubscribe:list-unsubscribe-post;"), "\(text.prefix(400))")
            let head = text[..<text.range(of: "\r\n\r\n")!.lowerBound]
            #expect(head.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 }, "folded below 80 columns")
            let verdict = try DKIMPy.verify(signed, selector: signer.selector, domain: domain, record: signer.dnsRecord)
            #expect(verdict == "pass", "\(signer.dnsRecord.prefix(20)): \(verdict)")
            // The same message signs to the same bytes: a retry sends what was sent.
            #expect(try signer.sign(message, fromDomain: "shop.example", at: Date(timeIntervalSince1970: 1_790_000_000)) == signed)
        }
    }

    @Test("a changed body or signed header fails; whitespace changed in transit still verifies (relaxed)")
    func tampering() throws {
        let signer = try DKIMSigner(key: .rsa(Self.rsa), selector: "s1")
        let signed = String(decoding: try signer.sign(try Self.rendered(), fromDomain: "shop.example", at: Date()), as: UTF8.self)
        func verdict(_ text: String) throws -> String {
            try DKIMPy.verify(Array(text.utf8), selector: "s1", domain: "shop.example", record: signer.dnsRecord)
        }
        #expect(try verdict(signed) == "pass")
        #expect(try verdict(signed.replacingOccurrences(of: "Bonjour", with: "Bonsoir")).hasPrefix("fail"))
        let readdressed = signed.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("To:") ? $0.replacingOccurrences(of: "ana@", with: "eve@") : String($0) }
            .joined(separator: "\r\n")
        #expect(readdressed != signed)
        #expect(try verdict(readdressed).hasPrefix("fail"))
        let respaced = signed.replacingOccurrences(of: "MIME-Version: 1.0\r\n", with: "MIME-Version:    1.0  \r\n")
            .replacingOccurrences(of: "\r\n\r\n--", with: "   \r\n\r\n--")
        #expect(respaced != signed)
        #expect(try verdict(respaced) == "pass")
        // Another key's record does not verify it.
        let other = try DKIMSigner(key: .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048)), selector: "s1")
        #expect(try DKIMPy.verify(Array(signed.utf8), selector: "s1", domain: "shop.example", record: other.dnsRecord).hasPrefix("fail"))
    }

    @Test("keys from PEM: RSA in PKCS#1 and PKCS#8, Ed25519 in PKCS#8; short RSA keys, junk and bad names refused with the reason")
    func keys() throws {
        guard case .rsa = try DKIMSigner.key(pem: Self.rsa.pemRepresentation) else { Issue.record("RSA PKCS#1"); return }
        guard case .rsa = try DKIMSigner.key(pem: Self.rsa.pkcs8PEMRepresentation) else { Issue.record("RSA PKCS#8"); return }
        guard case .ed25519(let loaded) = try DKIMSigner.key(pem: Self.ed25519.pemRepresentation) else {
            Issue.record("Ed25519")
            return
        }
        #expect(loaded.publicKey.rawRepresentation == Self.ed25519.publicKey.rawRepresentation)
        let short = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        #expect(throws: DKIMSigner.KeyError.self) { try DKIMSigner.key(pem: short.pemRepresentation) }
        do {
            _ = try DKIMSigner.key(pem: short.pemRepresentation)
        } catch {
            #expect("\(error)".contains("shorter than 2048 bits"))
        }
        do {
            _ = try DKIMSigner.key(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            Issue.record("junk accepted")
        } catch {
            #expect("\(error)" == "the DKIM key is not a PEM RSA or Ed25519 private key")
        }
        for selector in ["", "has space", "-lead", "a..b", "sel;x=1"] {
            #expect(throws: DKIMSigner.KeyError.self) { try DKIMSigner(key: .ed25519(Self.ed25519), selector: selector) }
        }
        #expect(throws: DKIMSigner.KeyError.self) { try DKIMSigner(key: .ed25519(Self.ed25519), selector: "s", domain: "localhost") }
        #expect(Self.ed25519.publicKey.rawRepresentation.count == 32)
        #expect(try DKIMSigner(key: .ed25519(Self.ed25519), selector: "s").dnsRecord.hasPrefix("v=DKIM1; k=ed25519; p="))
    }
}

@Suite(
    "DKIM: over a real SMTP server",
    .enabled(if: SMTPSink.shouldRun && DKIMPy.shouldRun, "needs aiosmtpd and dkimpy; CI=true runs and fails instead"))
struct DKIMDeliveryTests {
    @Test("the SMTP channel signs what it sends, and the message as received verifies")
    func deliveredSigned() async throws {
        try await withSMTPSink { sink in
            let signer = try DKIMSigner(key: .ed25519(Curve25519.Signing.PrivateKey()), selector: "mail")
            var configuration = try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?tls=none")
            configuration.commandTimeout = .seconds(5)
            let smtp = try SMTPChannel(configuration: configuration, dkim: signer)
            var email = Fixtures.email(text: ".a line with a dot\nand one more   \n")
            email.from = EmailAddress("hello@shop.example", name: "The Shop")
            let outcome = await smtp.deliver(Fixtures.outgoing(email))
            #expect(outcome.isDelivered, "\(outcome)")
            await smtp.shutdown()
            let mail = try #require(try sink.messages().first)
            let raw = [UInt8](mail.raw)
            #expect(String(decoding: raw, as: UTF8.self).hasPrefix("DKIM-Signature: "))
            #expect(try DKIMPy.verify(raw, selector: "mail", domain: "shop.example", record: signer.dnsRecord) == "pass")
        }
    }
}
