import EncoreCore
import Foundation
import Testing

@testable import EncoreJourneys

@Suite struct DefaultJourneyTests {
    let library = try! TemplateLibrary()

    /// Every send of every default journey, with the category it sends in.
    static func sends() throws -> [(journey: String, template: String, channel: Channel, marketing: Bool)] {
        try DefaultJourneys.files.flatMap { file in
            let definition = try JourneyLoader.load(path: file.path, text: file.text)
            return definition.steps.compactMap { step -> (String, String, Channel, Bool)? in
                guard case .send(let send) = step.kind else { return nil }
                return (definition.id, send.template, send.channel, definition.category(of: send) == .marketing)
            }
        }
    }

    @Test func everyJourneyLoadsWithoutDiagnostics() {
        for file in DefaultJourneys.files {
            let result = JourneyLoader.parse(path: file.path, text: file.text)
            #expect(result.diagnostics.isEmpty, "\(file.path): \(result.diagnostics)")
            #expect(file.path == "defaults/\(result.definition?.id ?? "?").yaml")
        }
    }

    @Test func theBuiltInTemplatesParse() {
        #expect(TemplateLibrary.problems(in: []).isEmpty)
    }

    @Test func everySendHasTheTemplatePartsItsChannelNeeds() throws {
        for send in try Self.sends() {
            #expect(library.contains(send.template, part: .text), "\(send.template)")
            if send.channel == .email {
                #expect(library.contains(send.template, part: .subject), "\(send.template)")
                #expect(library.contains(send.template, part: .html), "\(send.template)")
            }
        }
    }

    @Test(arguments: [false, true])
    func everyMessageRenders(jpy: Bool) throws {
        let renderer = TemplateRenderer(library: library)
        for send in try Self.sends() {
            let context = jpy ? TemplateFixtures.jpyOrder(marketing: send.marketing) : TemplateFixtures.usdOrder(marketing: send.marketing)
            let message = try renderer.render(
                send.template, context: context, zone: jpy ? TemplateFixtures.tokyo : TemplateFixtures.newYork)
            let label = "\(send.journey)/\(send.template)"
            #expect(!message.text.isEmpty, "\(label)")
            #expect(!message.subject.contains("\n") && !message.subject.contains("\r"), "\(label)")
            #expect(!message.text.contains("{{") && !message.subject.contains("{{"), "\(label)")
            #expect(!message.text.contains("<script>") || !jpy, "\(label)")
            if send.channel == .sms {
                #expect(message.text.count <= 320, "\(label): an SMS of \(message.text.count) characters")
                continue
            }
            let html = try #require(message.html, "\(label)")
            #expect(!message.subject.isEmpty, "\(label)")
            #expect(html.utf8.count < 100_000, "\(label): \(html.utf8.count) bytes")
            #expect(!html.contains("<script"), "\(label)")
            #expect(!html.contains("{{"), "\(label)")
            #expect(html.contains(#"<meta name="color-scheme" content="light dark">"#))
            #expect(html.contains("https://encore.example/p/PREF-TOKEN"), "\(label)")
            let unsubscribe = "https://encore.example/u/UNSUB-TOKEN"
            #expect(html.contains(unsubscribe) == send.marketing, "\(label): unsubscribe only in marketing mail")
            #expect(message.text.contains(unsubscribe) == send.marketing, "\(label)")
            if jpy {
                #expect(!html.contains("$"), "\(label): a JPY order shows no dollars")
            }
        }
    }

    @Test func theFollowUpAsksEveryoneForAReview() throws {
        let message = try TemplateRenderer(library: library).render(
            "follow-up", context: TemplateFixtures.usdOrder(), zone: TemplateFixtures.newYork)
        let html = try #require(message.html)
        for score in 0...10 {
            #expect(html.contains("https://encore.example/nps/NPS-TOKEN?score=\(score)\""))
        }
        #expect(html.contains("https://encore.example/review/REV-TOKEN"))
        // The review request is not behind any condition on the score.
        #expect(!(library.source("follow-up", part: .html)?.text.contains("event.payload") ?? true))
    }

    @Test func theReplenishmentNoteListsRecommendationsEscapedAndOnlyWhenThereAreAny() throws {
        let renderer = TemplateRenderer(library: library)
        let message = try renderer.render(
            "replenishment", context: TemplateFixtures.usdOrder(marketing: true), zone: TemplateFixtures.newYork)
        let html = try #require(message.html)
        #expect(html.components(separatedBy: "You may also like").count == 2, "one heading")
        #expect(html.contains("&lt;b&gt;Mug&lt;/b&gt; &amp; saucer</li>") && !html.contains("<b>Mug</b>"))
        let mug = try #require(html.range(of: "Mug"))
        let filters = try #require(html.range(of: "Paper filters"))
        #expect(mug.lowerBound < filters.lowerBound, "best first, as given")
        #expect(message.text.contains("You may also like:\n- <b>Mug</b> & saucer\n- Paper filters\n"), "\(message.text)")

        let none = try renderer.render(
            "replenishment", context: TemplateFixtures.jpyOrder(marketing: true), zone: TemplateFixtures.tokyo)
        #expect(!(none.html ?? "").contains("You may also like") && !none.text.contains("You may also like"))
    }

    @Test func theJourneysCoverThePostPurchaseTable() throws {
        let triggers = Set(try DefaultJourneys.files.map { try JourneyLoader.load(path: $0.path, text: $0.text).trigger.event })
        #expect(
            triggers == [
                "order.placed", "shipment.in_transit", "shipment.out_for_delivery", "shipment.delivered",
                "shipment.delayed", "shipment.exception", "shipment.failed_attempt", "feedback.nps", "customer.lapsing",
            ])
        let winBack = try JourneyLoader.load(path: "w", text: DefaultJourneys.files.first { $0.path.contains("win-back") }!.text)
        #expect(winBack.holdoutPercent == 10 && winBack.category == .marketing)
    }
}
