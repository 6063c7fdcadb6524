import ArgumentParser
import EncoreCore
import EncoreJourneys
import EncoreMessaging
import EncoreServer
import EncoreStore
import Foundation
import Synchronization

/// Renders the shipped order confirmation for each message (its own customer, order and signed
/// links) through `TemplateRenderer` and sends it through `SMTPChannel` to one SMTP server;
/// reports messages/s and the size of a message, so a peer (postfix's smtp-source) can send as
/// many messages of the same size to the same sink.
struct EmailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "email", abstract: "Measure rendering + SMTP sending (messages/s).")

    @Option(help: "SMTP server, HOST:PORT (plain text, no AUTH).") var smtp: String
    @Option(help: "Messages to send.") var messages: Int = 20_000
    @Option(help: "Messages in flight at once (also the SMTP pool's connection limit).") var concurrency: Int = 8
    @Option(help: "Messages per SMTP connection before it is replaced.") var perConnection: Int = 100
    @Flag(help: "Print the size of one rendered message in bytes and exit.") var sizeOnly = false

    func run() async throws {
        let parts = smtp.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw BenchError("--smtp is HOST:PORT") }
        let renderer = TemplateRenderer(library: try TemplateLibrary([]))
        let links = JourneyLinks(baseURL: "https://encore.example", signer: LinkSigner(secret: LinkSigner.generateSecret()))
        let zone = TimeZone(identifier: "America/New_York")!
        let size = try Self.message(0, renderer: renderer, links: links, zone: zone).rendered().count
        if sizeOnly {
            print(size)
            return
        }
        let channel = try SMTPChannel(
            configuration: SMTPConfiguration(
                host: String(parts[0]), port: port, tls: .none, maximumConnections: concurrency,
                maximumMessagesPerConnection: perConnection))
        let total = messages
        let width = concurrency
        let clock = ContinuousClock()
        let started = clock.now
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            let next = Counter()
            for _ in 0..<width {
                group.addTask {
                    var failed = 0
                    while let i = next.take(below: total) {
                        let email = try Self.message(i, renderer: renderer, links: links, zone: zone)
                        let outcome = await channel.deliver(OutgoingMessage(idempotencyKey: "m\(i)", content: .email(email)))
                        if case .delivered = outcome {} else {
                            failed += 1
                            if failed == 1 { print("delivery failed: \(outcome)") }
                        }
                    }
                    return failed
                }
            }
            return try await group.reduce(0, +)
        }
        let seconds = Double((clock.now - started).components.attoseconds) / 1e18 + Double((clock.now - started).components.seconds)
        await channel.shutdown()
        print(
            """
            messages=\(total) concurrency=\(concurrency) bytes_per_message=\(size) failures=\(failures)
            wall_s=\(String(format: "%.2f", seconds)) messages_per_s=\(String(format: "%.0f", Double(total) / seconds))
            """)
        if failures > 0 { throw ExitCode(2) }
    }

    /// Message `i`: the order confirmation of customer c<i>'s order, as the journey worker renders it.
    static func message(_ i: Int, renderer: TemplateRenderer, links: JourneyLinks, zone: TimeZone) throws -> EmailMessage {
        let now = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000 + Int64(i))
        let customerKey = "c\(i)"
        let orderKey = "o\(i)"
        let messageID = "m\(i)"
        func money(_ minor: Int64) -> ContextValue { .money(Money(minorUnits: minor, currency: .usd)) }
        var linkFields: [String: ContextValue] = [:]
        for purpose in LinkRequest.Purpose.contextLinks {
            linkFields[purpose.rawValue] = .string(
                links.url(
                    LinkRequest(
                        purpose: purpose, storeID: 1, customerKey: customerKey, orderKey: orderKey, messageID: messageID,
                        issuedAt: now)))
        }
        let lines: [ContextValue] = (1...2).map { n in
            .object([
                "sku": .string("SKU-\(n)"), "title": .string("Organic cotton tee \(n)"), "category": .string("apparel"),
                "quantity": .integer(1), "unit_price": money(2_450), "total": money(2_450),
            ])
        }
        let context = ContextValue.object([
            "store": .object(["name": .string("Bench Outfitters"), "url": .string("https://shop.example"),
                "support_email": .string("help@shop.example")]),
            "customer": .object([
                "first_name": .string("Ada"), "last_name": .string("Lovelace"), "name": .string("Ada Lovelace"),
                "email": .string("\(customerKey)@example.com"), "time_zone": .string(zone.identifier), "tags": .list([]),
                "orders_count": .integer(1), "total_spent": money(5_400),
            ]),
            "order": .object([
                "id": .string(orderKey), "number": .string("#\(i)"), "placed_at": .time(now), "currency": .string("USD"),
                "subtotal": money(4_900), "discount": money(0), "tax": money(0), "shipping": money(500),
                "total": money(5_400), "channel": .string("web"), "lines": .list(lines), "categories": .list([.string("apparel")]),
            ]),
            "links": .object(linkFields),
            "message": .object(["marketing": .bool(false), "id": .string(messageID)]),
        ])
        let rendered = try renderer.render("order-confirmation", context: context, zone: zone, locale: "en-US")
        return EmailMessage(
            from: EmailAddress("shop@shop.example", name: "Bench Outfitters"), to: [EmailAddress("\(customerKey)@example.com")],
            replyTo: EmailAddress("help@shop.example"), subject: rendered.subject, textBody: rendered.text,
            htmlBody: rendered.html, messageID: "\(messageID)@shop.example",
            date: Date(timeIntervalSince1970: Double(now.millisecondsSinceEpoch) / 1000))
    }
}

/// Hands out 0, 1, 2, ... to concurrent tasks.
final class Counter: Sendable {
    private let value = Mutex(0)

    func take(below limit: Int) -> Int? {
        value.withLock { v in
            guard v < limit else { return nil }
            defer { v += 1 }
            return v
        }
    }
}
