import ArgumentParser
import Foundation
import Hummingbird
import Logging
import EncoreCore
import EncoreMessaging
import EncoreServer
import EncoreStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP server and its background workers.")
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
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
    @Option(help: ArgumentHelp("PEM private key to DKIM-sign outgoing email with: RSA of 2048 bits or more, or Ed25519 (default: $ENCORE_DKIM_KEY).", valueName: "path"))
    var dkimKey: String?
    @Option(help: "DKIM selector: the key's DNS record is at SELECTOR._domainkey.DOMAIN (default: $ENCORE_DKIM_SELECTOR).")
    var dkimSelector: String?
    @Option(help: "DKIM signing domain (default: $ENCORE_DKIM_DOMAIN, then each message's From domain).")
    var dkimDomain: String?
    @Option(help: "Bearer token that GET /metrics requires (default: $ENCORE_METRICS_TOKEN; none serves the metrics to anyone who reaches the port).")
    var metricsToken: String?
    @Flag(inversion: .prefixedNo, help: "Log one line per request: method, route pattern, status, duration and request id.")
    var accessLog = true
    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "A proxy or load balancer whose X-Forwarded-For names the client (rate limits, referral checks): an address or network such as 10.0.0.0/8; repeatable (default: $ENCORE_TRUSTED_PROXIES, comma-separated; none reads the header from no one).",
            valueName: "address[/bits]"))
    var trustedProxy: [String] = []

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
        let logger = try logging.bootstrap(environment)
        let token = metricsToken ?? environment["ENCORE_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let token, token.utf8.count < 16 {
            throw ValidationError("--metrics-token (or ENCORE_METRICS_TOKEN) must be at least 16 characters")
        }
        let observability = Observability(metricsToken: token, accessLog: accessLog)
        let proxies = try Self.trustedProxies(trustedProxy, environment)
        let retry = try Self.retryPolicy(environment)
        let lease = try Self.milliseconds(environment, "ENCORE_OUTBOX_LEASE_MS") ?? 120_000
        let storage = try await db.open()
        let clock = SystemClock()
        let messaging: MessagingSetup
        do {
            messaging = try await MessagingSetup.make(
                storage: storage, baseURL: baseURL ?? environment["ENCORE_BASE_URL"] ?? "http://\(hostname):\(port)",
                smtpURL: smtpURL ?? environment["ENCORE_SMTP_URL"], smsURL: smsURL ?? environment["ENCORE_SMS_URL"],
                dkim: try dkimSigner(environment), now: clock.now(), logger: logger)
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
                    predictions: predictions ? .daily(hour: predictionsHour) : nil, logger: logger,
                    metrics: observability.metrics)
                : [],
            pageCacheBytes: pageCacheMB << 20, observability: observability, trustedProxies: proxies, logger: logger)
        print("Encore listening on http://\(hostname):\(port) (database \(redacted(db.url)))")
        if !proxies.isEmpty { print("Client addresses from X-Forwarded-For of \(proxies)") }
        if workers { print("Journeys and outbox running; \(messaging.summary.joined(separator: "; "))") }
        fflush(nil)  // all C streams; naming `stdout` is not concurrency-safe
        try await app.runService()
        try await storage.close()
    }

    /// The proxies from --trusted-proxy, or else ENCORE_TRUSTED_PROXIES (comma-separated); a value
    /// that is not an address or network is refused, naming it.
    static func trustedProxies(_ options: [String], _ environment: [String: String]) throws -> TrustedProxies {
        let fromEnvironment = options.isEmpty
        let values =
            fromEnvironment
            ? (environment["ENCORE_TRUSTED_PROXIES"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            : options
        do {
            return try TrustedProxies(values)
        } catch {
            throw ValidationError("\(fromEnvironment ? "ENCORE_TRUSTED_PROXIES" : "--trusted-proxy") \(error)")
        }
    }

    /// The DKIM signer from --dkim-key and --dkim-selector (or their variables), nil when neither
    /// is set; one without the other, an unreadable file or a key that is not usable is refused.
    func dkimSigner(_ environment: [String: String]) throws -> DKIMSigner? {
        func setting(_ option: String?, _ name: String) -> String? {
            option ?? environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        let path = setting(dkimKey, "ENCORE_DKIM_KEY")
        let selector = setting(dkimSelector, "ENCORE_DKIM_SELECTOR")
        switch (path, selector) {
        case (nil, nil): return nil
        case (nil, _): throw ValidationError("--dkim-selector needs --dkim-key (or ENCORE_DKIM_KEY)")
        case (_, nil): throw ValidationError("--dkim-key needs --dkim-selector (or ENCORE_DKIM_SELECTOR)")
        case (let path?, let selector?):
            guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("--dkim-key: cannot read \(path)")
            }
            do {
                return try DKIMSigner(
                    key: DKIMSigner.key(pem: pem), selector: selector, domain: setting(dkimDomain, "ENCORE_DKIM_DOMAIN"))
            } catch {
                throw ValidationError("--dkim-key \(path): \(error)")
            }
        }
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
