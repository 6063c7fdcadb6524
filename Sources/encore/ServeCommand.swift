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
    @Option(help: "SMS provider with the shape of Twilio's Messages API: sms+https://SID:TOKEN@host[/prefix]?from=%2B1555... or ?messaging_service=MG... (default: $ENCORE_SMS_URL; none keeps SMS in the local mailbox).")
    var smsURL: String?
    @Option(help: "Public address of this server, used in links in messages (default: $ENCORE_BASE_URL or http://HOSTNAME:PORT).")
    var baseURL: String?
    @Flag(inversion: .prefixedNo, help: "Run the journey worker and outbox sender in this process.")
    var workers = true
    @Option(help: ArgumentHelp("Memory for rendered receipt pages, in MiB; 0 renders every request.", valueName: "MiB"))
    var pageCacheMB: Int = defaultPageCacheBytes >> 20
    @Option(help: "Hour of the day (0-23, each store's time zone) at which customer predictions are refreshed.")
    var predictionsHour: Int = 4
    @Flag(inversion: .prefixedNo, help: "Refresh customer predictions daily in this process (see `encore predictions`).")
    var predictions = true

    func validate() throws {
        guard (0...23).contains(predictionsHour) else {
            throw ValidationError("--predictions-hour must be between 0 and 23, not \(predictionsHour)")
        }
        guard (0...4_096).contains(pageCacheMB) else {
            throw ValidationError("--page-cache-mb must be between 0 and 4096, not \(pageCacheMB)")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let retry = try Self.retryPolicy(environment)
        let lease = try Self.milliseconds(environment, "ENCORE_OUTBOX_LEASE_MS") ?? 120_000
        let storage = try await db.open()
        var logger = Logger(label: "encore")
        logger.logLevel = .info
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
            links: messaging.links.signer, baseURL: messaging.links.baseURL,
            services: workers
                ? messaging.services(
                    storage: storage, clock: clock, retry: retry, leaseMilliseconds: lease,
                    predictions: predictions ? .daily(hour: predictionsHour) : nil, logger: logger)
                : [],
            pageCacheBytes: pageCacheMB << 20, logger: logger)
        print("Encore listening on http://\(hostname):\(port) (database \(redacted(db.url)))")
        if workers { print("Journeys and outbox running; \(messaging.summary.joined(separator: "; "))") }
        fflush(nil)  // all C streams; naming `stdout` is not concurrency-safe
        try await app.runService()
        try await storage.close()
    }

    /// The outbox's retry policy: the default (first retry after about 30 s, doubling), unless
    /// ENCORE_RETRY_BASE_MS sets the first delay (and ENCORE_OUTBOX_LEASE_MS the 2-minute lease
    /// after which a dead sender's messages are sent again). Not in `--help` on purpose: they exist
    /// so tests (and an operator chasing a fault) need not wait minutes for a retry.
    static func retryPolicy(_ environment: [String: String]) throws -> RetryPolicy {
        guard let base = try milliseconds(environment, "ENCORE_RETRY_BASE_MS") else { return RetryPolicy() }
        return RetryPolicy(baseDelay: base)
    }

    /// A positive whole number of milliseconds from the environment, or nil when unset.
    static func milliseconds(_ environment: [String: String], _ name: String) throws -> Int64? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Int64(text), value > 0 else {
            throw ValidationError("\(name) must be a positive number of milliseconds")
        }
        return value
    }
}
