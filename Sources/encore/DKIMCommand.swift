import ArgumentParser
import EncoreMessaging
import Foundation

/// `encore dkim-record`: the DNS TXT record that publishes a DKIM key's public half.
struct DKIMRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim-record",
        abstract: "Print the DNS TXT record to publish for a DKIM key (see docs/DELIVERABILITY.md).")
    @Option(help: ArgumentHelp("PEM private key: RSA of 2048 bits or more, or Ed25519.", valueName: "path"))
    var key: String
    @Option(help: "The selector serve signs with (--dkim-selector).") var selector: String
    @Option(help: "The signing domain: the From domain of the mail, or --dkim-domain.") var domain: String

    func run() throws {
        guard let pem = try? String(contentsOfFile: key, encoding: .utf8) else {
            throw ValidationError("--key: cannot read \(key)")
        }
        let signer: DKIMSigner
        do {
            signer = try DKIMSigner(key: DKIMSigner.key(pem: pem), selector: selector, domain: domain)
        } catch {
            throw ValidationError("\(error)")
        }
        print("\(selector)._domainkey.\(signer.domain ?? domain). IN TXT")
        // A TXT string holds at most 255 bytes: longer records are given as several strings.
        var record = Substring(signer.dnsRecord)
        var strings: [String] = []
        while !record.isEmpty {
            strings.append("\"\(record.prefix(250))\"")
            record = record.dropFirst(250)
        }
        print("  ( " + strings.joined(separator: "\n    ") + " )")
    }
}
