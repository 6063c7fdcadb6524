import Foundation
import EncoreCore
import EncoreMessaging
import EncoreStore
import Logging
import ServiceLifecycle

/// How `encore serve` sends: the transports from their URLs (a local mailbox for any not given),
/// the link signer and webhook secret from the database (shared by every instance), and the two
/// background services.
public struct MessagingSetup: Sendable {
    public var links: JourneyLinks
    public var channels: DeliveryChannels
    /// What each transport is, for the start-up banner ("smtp://mail:25", "local mailbox").
    public var summary: [String]

    /// - Parameter dkim: signs every email sent over SMTP (the local mailbox keeps mail unsigned).
    public static func make(
        storage: any EncoreStorage, baseURL: String, smtpURL: String?, smsURL: String?, dkim: DKIMSigner? = nil,
        now: Timestamp, logger: Logger
    ) async throws -> MessagingSetup {
        let linkSecret = try await storage.serverSecret(named: "links", generate: LinkSigner.generateSecret, now: now)
        let webhookSecret = try await storage.serverSecret(
            named: "webhooks", generate: LinkSigner.generateSecret, now: now)
        var summary: [String] = []
        let email: any MessageChannel
        if let smtpURL, !smtpURL.isEmpty {
            email = try SMTPChannel(configuration: try SMTPConfiguration(url: smtpURL), dkim: dkim, logger: logger)
            summary.append("email via \(redactedURL(smtpURL))")
            if let dkim {
                summary.append("DKIM-signed with selector \(dkim.selector) for \(dkim.domain ?? "each sender's domain")")
            }
        } else {
            email = LocalMailboxChannel()
            summary.append("email kept in the local mailbox (no --smtp-url)")
        }
        let sms: any MessageChannel
        if let smsURL, !smsURL.isEmpty {
            sms = SMSChannel(configuration: try SMSConfiguration(url: smsURL))
            summary.append("SMS via \(redactedURL(smsURL))")
        } else {
            sms = LocalMailboxChannel()
            summary.append("SMS kept in the local mailbox (no --sms-url)")
        }
        let webhook = WebhookChannel(configuration: WebhookConfiguration(secret: webhookSecret))
        return MessagingSetup(
            links: JourneyLinks(baseURL: baseURL, signer: LinkSigner(secret: linkSecret)),
            channels: DeliveryChannels(email: email, sms: sms, webhook: webhook, webhookSecret: webhookSecret),
            summary: summary)
    }

    /// The journey worker, the outbox sender, shipment care, the loyalty worker, the purchase
    /// histories' refresh and (when scheduled) the predictions' refresh.
    ///
    /// - Parameters:
    ///   - retry: when failed deliveries are tried again.
    ///   - leaseMilliseconds: how long a claimed message is reserved for its sender; a message whose
    ///     sender died is sent again (same Message-ID) once the lease has run out.
    ///   - metrics: where deliveries and the workers' failed passes are counted, for /metrics.
    public func services(
        storage: any EncoreStorage, clock: any Clock, retry: RetryPolicy = RetryPolicy(),
        leaseMilliseconds: Int64 = 120_000, predictions: PredictionSchedule? = .daily(hour: 4), logger: Logger,
        metrics: ServerMetrics? = nil
    ) -> [any Service] {
        var services: [any Service] = [
            JourneyWorkerService(storage: storage, runtime: links.runtime(), clock: clock, logger: logger, metrics: metrics),
            OutboxSenderService(
                storage: storage, channels: channels, clock: clock, policy: retry, leaseMilliseconds: leaseMilliseconds,
                logger: logger, metrics: metrics),
            ShipmentCareService(storage: storage, clock: clock, logger: logger),
            LoyaltyWorkerService(storage: storage, clock: clock, logger: logger, metrics: metrics),
            PurchaseHistoryService(storage: storage, logger: logger),
        ]
        if let predictions {
            services.append(PredictionService(storage: storage, clock: clock, schedule: predictions, logger: logger))
        }
        return services
    }
}

/// A URL without its password.
func redactedURL(_ url: String) -> String {
    guard let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://"), scheme.upperBound < at else { return url }
    let credentials = url[scheme.upperBound..<at]
    guard let colon = credentials.firstIndex(of: ":") else { return url }
    return String(url[..<colon]) + ":***" + String(url[at...])
}
