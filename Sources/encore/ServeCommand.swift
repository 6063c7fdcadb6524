import ArgumentParser
import Foundation
import Hummingbird
import Logging
import EncoreCore
import EncoreServer
import EncoreStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP server and its background workers.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "Address to bind.") var hostname: String = "127.0.0.1"
    @Option(help: "SMTP server for email: smtp://user:pass@host:port[?tls=starttls|required|none] or smtps://... (default: $ENCORE_SMTP_URL; none keeps email in the local mailbox).")
    var smtpURL: String?
    @Option(help: "SMS provider (Twilio-shaped API), see docs/MESSAGING.md (default: $ENCORE_SMS_URL).")
    var smsURL: String?
    @Option(help: "Public address of this server, used in links in messages (default: $ENCORE_BASE_URL or http://HOSTNAME:PORT).")
    var baseURL: String?
    @Flag(inversion: .prefixedNo, help: "Run the journey worker and outbox sender in this process.")
    var workers = true

    func run() async throws {
        let storage = try await db.open()
        var logger = Logger(label: "encore")
        logger.logLevel = .info
        let environment = ProcessInfo.processInfo.environment
        let clock = SystemClock()
        let messaging: MessagingSetup
        do {
            messaging = try await MessagingSetup.make(
                storage: storage, baseURL: baseURL ?? environment["ENCORE_BASE_URL"] ?? "http://\(hostname):\(port)",
                smtpURL: smtpURL ?? environment["ENCORE_SMTP_URL"], smsURL: smsURL ?? environment["ENCORE_SMS_URL"],
                now: clock.now(), logger: logger)
        } catch {
            try? await storage.close()
            throw ValidationError("\(error)")
        }
        let app = buildApplication(
            storage: storage, configuration: ServerConfiguration(hostname: hostname, port: port), clock: clock,
            links: messaging.links.signer,
            services: workers ? messaging.services(storage: storage, clock: clock, logger: logger) : [], logger: logger)
        print("Encore listening on http://\(hostname):\(port) (database \(redacted(db.url)))")
        if workers { print("Journeys and outbox running; \(messaging.summary.joined(separator: "; "))") }
        fflush(nil)  // all C streams; naming `stdout` is not concurrency-safe
        try await app.runService()
        try await storage.close()
    }
}
