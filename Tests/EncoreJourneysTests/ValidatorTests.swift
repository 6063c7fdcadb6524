import Foundation
import EncoreCore
import Testing

@testable import EncoreJourneys

@Suite struct ValidatorTests {
    let journeyText = """
        id: hello
        name: Hello
        trigger:
          event: order.placed
        steps:
          - id: hi
            send: { channel: email, template: hello }
          - id: text-too
            send: { channel: sms, template: hello-sms }
        """

    func parts(_ name: String, subject: String = "Hi {{customer.first_name}}", html: String, text: String = "Hello")
        -> [TemplateSource]
    {
        [
            TemplateSource(name: name, part: .subject, path: "templates/\(name).subject.mustache", text: subject),
            TemplateSource(name: name, part: .html, path: "templates/\(name).html.mustache", text: html),
            TemplateSource(name: name, part: .text, path: "templates/\(name).text.mustache", text: text),
        ]
    }

    let sms = TemplateSource(
        name: "hello-sms", part: .text, path: "builtin:hello-sms", text: "Thanks, {{customer.first_name}}!")
    let footer = TemplateSource(
        name: "partials/footer", part: .partial, path: "builtin:partials/footer", text: "{{store.name}}")

    @Test func aCleanSetHasNoProblems() {
        let html = """
            <p>Hi {{customer.first_name}}</p>
            {{#order.lines}}<li>{{title}} × {{quantity}} {{unit_price}} {{store.name}}</li>{{/order.lines}}
            {{^order.discount}}no discount{{/order.discount}} {{{links.receipt}}} {{& order.total.amount}}
            {{#customer.tags}}{{.}}{{/customer.tags}} {{event.payload.score}} {{order.placed_at.date}}
            {{> footer}}{{! a comment }}
            """
        let validator = JourneyValidator(templates: [sms, footer])
        #expect(validator.validate(path: "j.yaml", text: journeyText, templates: parts("hello", html: html)) == [])
    }

    @Test func recommendationsAreAListOfSKUsAndTitles() {
        let html = """
            {{#first(recommendations)}}<h2>You may also like</h2>{{/first(recommendations)}}
            {{#recommendations}}<li>{{title}} ({{sku}}) at {{store.name}}</li>{{/recommendations}}
            {{^recommendations}}Nothing to suggest{{/recommendations}}
            {{#recommendations}}{{url}}{{/recommendations}}
            """
        let found = JourneyValidator(templates: [sms]).validate(
            path: "j.yaml", text: journeyText, templates: parts("hello", html: html))
        #expect(
            found.map(\.description) == [
                "templates/hello.html.mustache:4: names 'url', which the context does not have"
            ], "no product URLs in the catalogue")
    }

    @Test func unknownFieldIsReportedAtTheTemplatesFileAndLine() {
        let html =
            "<p>Hi {{customer.first_name}}</p>\n\n{{#order.lines}}\n  {{titel}}\n{{/order.lines}}\n{{order.totl}}"
        let found = JourneyValidator(templates: [sms]).validate(
            path: "j.yaml", text: journeyText, templates: parts("hello", html: html))
        #expect(
            found.map(\.description) == [
                "templates/hello.html.mustache:4: names 'titel', which the context does not have",
                "templates/hello.html.mustache:6: names 'order.totl', which the context does not have",
            ])
    }

    @Test func sectionElementFieldsAreNotVisibleOutsideTheSection() {
        let html = "{{#order.lines}}{{title}}{{/order.lines}} {{title}}"
        let found = JourneyValidator(templates: [sms]).validate(
            path: "j.yaml", text: journeyText, templates: parts("hello", html: html))
        #expect(
            found.map(\.description) == [
                "templates/hello.html.mustache:1: names 'title', which the context does not have"
            ])
    }

    @Test func missingTemplatePartsAreReportedAtTheSendStep() {
        let onlyText = [TemplateSource(name: "hello", part: .text, path: "templates/hello.text.mustache", text: "Hi")]
        let found = JourneyValidator(templates: []).validate(path: "j.yaml", text: journeyText, templates: onlyText)
        #expect(
            found.map(\.description) == [
                "j.yaml:7: step 'hi': template 'hello' has no subject part (templates/hello.subject.mustache)",
                "j.yaml:7: step 'hi': template 'hello' has no html part (templates/hello.html.mustache)",
                "j.yaml:9: step 'text-too': template 'hello-sms' has no text part (templates/hello-sms.text.mustache)",
            ])
    }

    @Test func templateThatDoesNotParse() {
        let html = "<p>Hi</p>\n{{#order.lines}}\n{{title}}\n{{/order.line}}"
        let found = JourneyValidator(templates: [sms]).validate(
            path: "j.yaml", text: journeyText, templates: parts("hello", html: html))
        #expect(found.count == 1)
        #expect(found.first?.path == "templates/hello.html.mustache")
        #expect(found.first?.line == 4)
        #expect(found.first?.message.hasPrefix("template does not parse") == true)
    }

    @Test func missingPartial() {
        let html = "<p>Hi</p>\n{{> signature}}"
        let found = JourneyValidator(templates: [sms]).validate(
            path: "j.yaml", text: journeyText, templates: parts("hello", html: html))
        #expect(found.map(\.description) == ["templates/hello.html.mustache:2: partial 'signature' does not exist"])
    }

    @Test("a partial that includes itself, directly or through another, or a dynamic partial, is refused")
    func inclusionCyclesAndDynamicPartials() {
        let loop = TemplateSource(name: "partials/loop", part: .partial, path: "templates/partials/loop.mustache", text: "a\n{{> loop}}")
        let ping = TemplateSource(name: "partials/ping", part: .partial, path: "templates/partials/ping.mustache", text: "{{> pong}}")
        let pong = TemplateSource(name: "partials/pong", part: .partial, path: "templates/partials/pong.mustache", text: "\n\n{{> partials/ping}}")
        let found = JourneyValidator(templates: [sms]).validate(
            path: "j.yaml", text: journeyText,
            templates: parts("hello", html: "{{> loop}}\n{{> ping}}\n{{>*chosen}}") + [loop, ping, pong])
        #expect(Set(found.map(\.description)) == [
            "templates/partials/loop.mustache:2: includes itself (partials/loop.partial → partials/loop.partial): it would never finish rendering",
            "templates/partials/pong.mustache:3: includes itself (partials/ping.partial → partials/pong.partial → partials/ping.partial): it would never finish rendering",
            "templates/hello.html.mustache:3: dynamic partials ('{{>*chosen}}') are not supported: name the partial",
        ])
        #expect(found.count == 3)
    }

    @Test("a chain of partials deeper than 16 is refused; 16 is accepted")
    func deepInclusionChains() {
        func chain(_ length: Int) -> [TemplateSource] {
            (0..<length).map { level in
                TemplateSource(
                    name: "partials/p\(level)", part: .partial, path: "p\(level)",
                    text: level + 1 < length ? "{{> p\(level + 1)}}" : "end")
            }
        }
        let validator = JourneyValidator(templates: [sms])
        // hello.html includes p0, so a chain of 16 partials is 16 inclusions deep.
        let accepted = validator.validate(path: "j.yaml", text: journeyText, templates: parts("hello", html: "{{> p0}}") + chain(16))
        #expect(accepted == [])
        let refused = validator.validate(path: "j.yaml", text: journeyText, templates: parts("hello", html: "{{> p0}}") + chain(17))
        #expect(refused.count == 1)
        #expect(refused.first?.message.hasPrefix("partials nested more than 16 deep") == true)
    }

    @Test func localTemplatesWinOverBuiltinsPartByPart() {
        let builtinBroken = TemplateSource(name: "hello-sms", part: .text, path: "builtin:hello-sms", text: "{{nope}}")
        let local = TemplateSource(
            name: "hello-sms", part: .text, path: "templates/hello-sms.text.mustache", text: "ok")
        let validator = JourneyValidator(templates: [builtinBroken] + parts("hello", html: "x"))
        #expect(validator.validate(path: "j.yaml", text: journeyText, templates: [local]) == [])
        #expect(validator.validate(path: "j.yaml", text: journeyText).map(\.line) == [1])
    }

    @Test func loaderProblemsAndTemplateProblemsTogether() {
        let text = journeyText.replacingOccurrences(of: "name: Hello", with: "name: Hello\nholdout: 99")
        let found = JourneyValidator(templates: [sms]).validate(
            path: "j.yaml", text: text, templates: parts("hello", html: "{{bad}}"))
        #expect(
            found.map(\.description) == [
                "j.yaml:3: holdout must be a whole percent from 0 to 50, not '99'",
                "templates/hello.html.mustache:1: names 'bad', which the context does not have",
            ])
    }

    @Test func duplicateJourneyIDsAcrossFiles() {
        let validator = JourneyValidator(templates: [sms] + parts("hello", html: "x"))
        let found = validator.validate([
            JourneyFile(path: "a.yaml", text: journeyText), JourneyFile(path: "b.yaml", text: journeyText),
        ])
        #expect(found.map(\.description) == ["b.yaml:1: journey id 'hello' is also used by a.yaml"])
    }

    @Test func scannerFollowsSetDelimitersAndLines() {
        let tags = TemplateTagScanner.tags(in: "a\n{{=<% %>=}}\n<% customer.name %>\n{{not.a.tag}}")
        #expect(tags.map(\.name) == ["=<% %>=", "customer.name"])
        #expect(tags.map(\.line) == [2, 3])
    }
}
