import Crypto
import EncoreTestSupport
import Foundation
import Testing
import _CryptoExtras

@Suite(
    "CLI: DKIM signing of outgoing mail",
    .enabled(if: DKIMPy.shouldRun, "python3 with dkimpy not found (python3 -m pip install dkimpy); CI=true runs and fails instead"))
struct DKIMCLITests {
    @Test("serve signs what it sends; the record dkim-record prints verifies the message as received", arguments: ["rsa", "ed25519"])
    func signedEndToEnd(_ algorithm: String) async throws {
        try await JourneySandbox.with(.sqlite) { sandbox in
            let pem = algorithm == "rsa"
                ? try _RSA.Signing.PrivateKey(keySize: .bits2048).pkcs8PEMRepresentation
                : Curve25519.Signing.PrivateKey().pemRepresentation
            let key = try sandbox.cli.write("dkim.pem", pem)
            _ = try sandbox.cli.run(["stores", "settings", "shop", "--sender-email", "hello@shop.example"])
            try sandbox.apply([try TestJourneys.confirmation(sandbox)])
            let sink = try await sandbox.smtpSink()
            let server = try await sandbox.serve(["--smtp-url", sink.url, "--dkim-key", key, "--dkim-selector", "mail2026"])
            try await server.order(orderJSON(id: "K1", email: "kim@example.com", customer: "kim"))
            let received = try await sink.waitFor(1)
            let from = try #require(received[0].header("From"))
            let domain = String(try #require(from.split(separator: "@").last?.split(separator: ">").first))
            let raw = try sink.raw(0)
            #expect(String(decoding: raw, as: UTF8.self).hasPrefix("DKIM-Signature: v=1; a=\(algorithm)-sha256; c=relaxed/relaxed; d=\(domain);"))

            let printed = try sandbox.cli.run(["dkim-record", "--key", key, "--selector", "mail2026", "--domain", domain], database: false)
            #expect(printed.status == 0, "\(printed.stderr)")
            #expect(printed.stdout.hasPrefix("mail2026._domainkey.\(domain). IN TXT"))
            // The TXT strings joined are the record.
            let strings = printed.stdout.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            let record = strings.joined()
            #expect(record.hasPrefix("v=DKIM1; k=\(algorithm); p="))
            #expect(try DKIMPy.verify(raw, selector: "mail2026", domain: domain, record: record) == "pass")
        }
    }

    @Test("bad DKIM settings stop serve before it starts, and dkim-record, naming the problem")
    func badSettings() async throws {
        try await CLITests.withCLI(.sqlite) { cli in
            let short = try cli.write("short.pem", try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024)).pemRepresentation)
            let junk = try cli.write("junk.pem", "not a key")
            let good = try cli.write("good.pem", Curve25519.Signing.PrivateKey().pemRepresentation)
            let cases: [([String], [String: String], String)] = [
                (["--dkim-key", good], [:], "--dkim-key needs --dkim-selector (or ENCORE_DKIM_SELECTOR)"),
                ([], ["ENCORE_DKIM_SELECTOR": "s"], "--dkim-selector needs --dkim-key (or ENCORE_DKIM_KEY)"),
                (["--dkim-key", cli.directory.appendingPathComponent("missing.pem").path, "--dkim-selector", "s"], [:], "cannot read"),
                (["--dkim-key", short, "--dkim-selector", "s"], [:], "an RSA key shorter than 2048 bits"),
                (["--dkim-key", junk, "--dkim-selector", "s"], [:], "not a PEM RSA or Ed25519 private key"),
                (["--dkim-key", good, "--dkim-selector", "bad selector"], [:], "is not a DNS name"),
                ([], ["ENCORE_DKIM_KEY": good, "ENCORE_DKIM_SELECTOR": "s", "ENCORE_DKIM_DOMAIN": "nodots"], "is not a domain name"),
            ]
            for (arguments, environment, message) in cases {
                let result = try cli.run(["serve", "--smtp-url", "smtp://127.0.0.1:1?tls=none"] + arguments, environment: environment)
                #expect(result.status != 0)
                #expect(result.stderr.contains(message), "\(arguments) \(environment): \(result.stderr)")
            }
            let record = try cli.run(["dkim-record", "--key", short, "--selector", "s", "--domain", "shop.example"], database: false)
            #expect(record.status != 0 && record.stderr.contains("shorter than 2048 bits"))
        }
    }
}
