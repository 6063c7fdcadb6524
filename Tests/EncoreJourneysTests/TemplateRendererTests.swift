import EncoreCore
import Foundation
import Testing

@testable import EncoreJourneys

@Suite struct TemplateRendererTests {
    let renderer = TemplateRenderer(library: try! TemplateLibrary())

    @Test func escapesCustomerTextInHTMLOnly() throws {
        let message = try renderer.render(
            "order-confirmation", context: TemplateFixtures.usdOrder(), zone: TemplateFixtures.newYork)
        let html = try #require(message.html)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;Ana"))
        #expect(html.contains("Burr Grinder &lt;Pro&gt;"))
        #expect(html.contains("https://encore.example/r/abc?sig=1&amp;x=2"))
        #expect(message.text.contains("Hi <script>alert(1)</script>Ana,"))
        #expect(message.text.contains("https://encore.example/r/abc?sig=1&x=2"))
    }

    @Test func subjectIsOneLine() throws {
        let message = try renderer.render(
            "order-confirmation", context: TemplateFixtures.usdOrder(), zone: TemplateFixtures.newYork)
        #expect(!message.subject.contains("\r") && !message.subject.contains("\n"))
        #expect(message.subject == "Your Northside Coffee order 1001 Bcc: evil@example.com is confirmed")
    }

    @Test func moneyIsFormattedForItsCurrency() throws {
        let usd = try renderer.render(
            "order-confirmation", context: TemplateFixtures.usdOrder(), zone: TemplateFixtures.newYork)
        #expect(usd.text.contains("Total: $1,234.50"))
        #expect(usd.text.contains("Discount: -$10.00"))
        #expect(try #require(usd.html).contains("&minus;$10.00"))
        let jpy = try renderer.render(
            "order-confirmation", context: TemplateFixtures.jpyOrder(), zone: TemplateFixtures.tokyo)
        #expect(jpy.text.contains("Total: ¥1,235"))
        #expect(!jpy.text.contains("Discount"))  // zero money is false in a section
    }

    @Test func timesRenderInTheCustomersZone() throws {
        let newYork = try renderer.render(
            "order-confirmation", context: TemplateFixtures.usdOrder(), zone: TemplateFixtures.newYork)
        #expect(newYork.text.contains("Placed March 3, 2026 at 2:05 PM"))
        let tokyo = try renderer.render(
            "order-confirmation", context: TemplateFixtures.jpyOrder(), zone: TemplateFixtures.tokyo, locale: "ja-JP")
        #expect(tokyo.text.contains("Placed 4 March 2026 at 04:05"))
        // A moment at local midnight is a date: the delivery estimate.
        let shipped = try renderer.render(
            "shipment-shipped", context: TemplateFixtures.usdOrder(), zone: TemplateFixtures.newYork)
        #expect(shipped.text.contains("Expected: Friday, March 6"))
    }

    @Test func brandColourIsSanitised() throws {
        var context = TemplateFixtures.usdOrder()
        if case .object(var root) = context, case .object(var store)? = root["store"] {
            store["brand_colour"] = .string("red;background:url(https://evil.example)")
            root["store"] = .object(store)
            context = .object(root)
        }
        let html = try #require(
            try renderer.render("order-confirmation", context: context, zone: TemplateFixtures.newYork).html)
        #expect(!html.contains("evil.example"))
        #expect(html.contains(BrandColour.fallback))
    }

    @Test func smsSetsHaveNoHTMLOrSubject() throws {
        let message = try renderer.render(
            "delivery-delayed-sms", context: TemplateFixtures.usdOrder(), zone: TemplateFixtures.newYork)
        #expect(message.html == nil)
        #expect(message.subject == "")
        #expect(message.text.hasPrefix("Northside Coffee: sorry, order 1001"))
    }

    @Test func callersTemplatesOverrideBuiltIns() throws {
        let library = try TemplateLibrary([
            TemplateSource(
                name: "partials/signature", part: .partial, path: "journeys/templates/partials/signature.mustache",
                text: "Maya Ortiz, founder of {{store.name}}")
        ])
        let message = try TemplateRenderer(library: library).render(
            "onboarding-tips", context: TemplateFixtures.usdOrder(), zone: TemplateFixtures.newYork)
        #expect(message.text.contains("Maya Ortiz, founder of Northside Coffee"))
        #expect(try #require(message.html).contains("Maya Ortiz, founder of Northside Coffee"))
        #expect(!message.text.contains("customer care team"))
    }

    @Test func customLayoutAndPreheader() throws {
        let library = try TemplateLibrary(
            [
                TemplateSource(name: "layouts/plain", part: .layout, path: "l", text: "[{{$preheader}}{{/preheader}}]<{{$body}}{{/body}}>"),
                TemplateSource(name: "hi", part: .html, path: "h", text: "{{$preheader}}Pre {{store.name}}{{/preheader}}\nBody"),
                TemplateSource(name: "hi", part: .text, path: "t", text: "Text"),
            ], includingBuiltins: false)
        let message = try TemplateRenderer(library: library).render(
            "hi", context: TemplateFixtures.usdOrder(), zone: TemplateFixtures.newYork, layout: "layouts/plain")
        #expect(message.html == "[Pre Northside Coffee]<\nBody>")
    }

    @Test func parseErrorsNameFileAndLine() {
        let problems = TemplateLibrary.problems(in: [
            TemplateSource(name: "x", part: .text, path: "journeys/templates/x.text.mustache", text: "one\ntwo {{#a}}\nthree"),
            TemplateSource(name: "x", part: .html, path: "journeys/templates/x.html.mustache", text: "a\nb\n{{> nowhere}}"),
        ])
        #expect(problems.map(\.description).contains { $0.hasPrefix("journeys/templates/x.text.mustache:3: does not parse") })
        #expect(problems.map(\.description).contains(
            "journeys/templates/x.html.mustache:3: names a partial or layout that does not exist: 'nowhere'"))
        #expect(throws: TemplateError.self) { try TemplateLibrary([TemplateSource(name: "y", part: .html, path: "p", text: "{{/z}}")]) }
    }

    @Test("a library whose partials include themselves is refused before anything renders")
    func selfInclusionIsRefused() {
        let problems = TemplateLibrary.problems(in: [
            TemplateSource(name: "partials/me", part: .partial, path: "me.mustache", text: "x {{> me}}"),
            TemplateSource(name: "layouts/a", part: .layout, path: "a.mustache", text: "{{<layouts.b}}{{/layouts.b}}"),
            TemplateSource(name: "layouts/b", part: .layout, path: "b.mustache", text: "\n{{> layouts/a}}"),
            TemplateSource(name: "x", part: .text, path: "x.text.mustache", text: "{{>*dynamic}}"),
        ])
        #expect(Set(problems.map(\.description)) == [
            "me.mustache:1: includes itself (partials/me.partial → partials/me.partial): it would never finish rendering",
            "b.mustache:2: includes itself (layouts/a.layout → layouts/b.layout → layouts/a.layout): it would never finish rendering",
            "x.text.mustache:1: dynamic partials ('{{>*dynamic}}') are not supported: name the partial",
        ])
        #expect(throws: TemplateError.self) {
            try TemplateLibrary([TemplateSource(name: "partials/me", part: .partial, path: "p", text: "{{> partials.me}}")])
        }
        #expect(TemplateLibrary.problems(in: []) == [], "the built-in set has no inclusion problems")
    }

    @Test func missingTextPartIsAnError() throws {
        #expect(throws: TemplateError.self) {
            try renderer.render("no-such-template", context: .object([:]), zone: TemplateFixtures.newYork)
        }
    }
}
