import Foundation
import EncoreCore
import Testing

@testable import EncoreJourneys

/// The docs/JOURNEYS.md example, trimmed to steps that form no loop.
let exampleJourney = """
    id: wow-thank-you
    name: The WOW thank-you
    category: marketing
    trigger:
      event: order.placed
      where:
        - order.total >= 50 USD
        - order.channel in [web, app]
    reentry: once_per_subject
    holdout: 10
    goal:
      event: order.placed
      within: 30d
    quiet_hours:
      from: "21:00"
      to: "08:00"
      action: defer
    steps:
      - id: wait-a-day
        wait: 1d
      - id: morning
        wait: { until: "09:00-11:00", weekdays: [mon, tue, wed, thu, fri] }
      - id: thank-you
        send: { channel: email, template: wow-thank-you }
      - id: delivered
        wait_for: { event: shipment.delivered, about: order, timeout: 14d, on_timeout: apology }
      - id: check
        branch:
          - if: customer.orders_count >= 2
            goto: loyal
          - else: exit
      - id: ab
        split:
          - { weight: 50, goto: loyal }
          - { weight: 50, goto: notify-shop }
      - id: loyal
        update: { tag: loyal }
      - id: notify-shop
        webhook: { url: "https://shop.example/hooks/encore", event: journey.detractor }
      - id: apology
        send: { channel: sms, template: delay-apology, category: transactional, quiet_hours: skip }
      - exit
    """

func diagnostics(_ text: String, path: String = "j.yaml") -> [String] {
    JourneyLoader.parse(path: path, text: text).diagnostics.map(\.description)
}

/// A minimal valid journey with the given steps (indented by the caller as list items).
func journey(steps: String, extra: String = "") -> String {
    """
    id: test
    name: Test
    trigger:
      event: order.placed
    \(extra)steps:
    \(steps)
    """
}

@Suite struct LoaderTests {
    @Test func loadsTheDocumentedExample() throws {
        let definition = try JourneyLoader.load(path: "wow.yaml", text: exampleJourney)
        #expect(definition.id == "wow-thank-you")
        #expect(definition.category == .marketing)
        #expect(definition.holdoutPercent == 10)
        #expect(definition.goal == JourneyGoal(event: "order.placed", within: JourneyDuration(30, .days)))
        #expect(definition.quietHours == QuietHours(action: .defer))
        #expect(definition.trigger.conditions.map(\.text) == ["order.total >= 50 USD", "order.channel in [web, app]"])
        #expect(definition.steps.count == 10)
        #expect(definition.steps[0].kind == .wait(.duration(JourneyDuration(1, .days))))
        #expect(
            definition.steps[1].kind
                == .wait(
                    .until(window: LocalWindow(parsing: "09:00-11:00")!, weekdays: [.mon, .tue, .wed, .thu, .fri])))
        #expect(definition.steps[2].kind == .send(SendStep(channel: .email, template: "wow-thank-you")))
        #expect(
            definition.steps[3].kind
                == .waitFor(
                    WaitForStep(
                        event: "shipment.delivered", about: .order, timeout: JourneyDuration(14, .days),
                        onTimeout: .step("apology"))))
        guard case .branch(let branch) = definition.steps[4].kind else {
            Issue.record("not a branch")
            return
        }
        #expect(branch.cases.map(\.goto) == [.step("loyal")])
        #expect(branch.otherwise == .exit)
        #expect(
            definition.steps[5].kind
                == .split([
                    SplitArm(weight: 50, goto: .step("loyal")), SplitArm(weight: 50, goto: .step("notify-shop")),
                ]))
        #expect(definition.steps[6].kind == .update(tag: "loyal"))
        #expect(
            definition.steps[7].kind
                == .webhook(WebhookStep(url: "https://shop.example/hooks/encore", event: "journey.detractor")))
        #expect(
            definition.steps[8].kind
                == .send(
                    SendStep(channel: .sms, template: "delay-apology", category: .transactional, quietHours: .skip)))
        #expect(definition.steps[9] == JourneyStep(id: "step-10", kind: .exit))
    }

    @Test func definitionRoundTripsThroughJSON() throws {
        let definition = try JourneyLoader.load(path: "wow.yaml", text: exampleJourney)
        let data = try JSONEncoder().encode(definition)
        let decoded = try JSONDecoder().decode(JourneyDefinition.self, from: data)
        #expect(decoded == definition)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"order.total >= 50 USD\""))
    }

    @Test func transactionalDefaults() throws {
        let definition = try JourneyLoader.load(
            path: "t.yaml",
            text: journey(steps: "  - send: { channel: email, template: receipt }", extra: "category: transactional\n"))
        #expect(definition.holdoutPercent == 0)
        #expect(definition.goal == nil)
        #expect(definition.reentry == .oncePerSubject)
        #expect(definition.quietHours.action(for: .transactional, override: nil) == .ignore)
        #expect(definition.quietHours.action(for: .marketing, override: nil) == .defer)
        #expect(definition.steps[0].id == "step-1")
    }

    @Test func goalNoneAndReentryForms() throws {
        let a = try JourneyLoader.load(
            path: "a.yaml", text: journey(steps: "  - exit", extra: "goal: none\nreentry: { once_per_customer: 30d }\n")
        )
        #expect(a.goal == nil)
        #expect(a.reentry == .oncePerCustomer(JourneyDuration(30, .days)))
        let b = try JourneyLoader.load(path: "b.yaml", text: journey(steps: "  - exit", extra: "reentry: always\n"))
        #expect(b.reentry == .always)
    }

    @Test func invalidYAMLNamesTheParsersLine() {
        let text = """
            id: x
            name: X
            trigger:
              event: order.placed
            steps:
              - wait: [1d
              - exit
            """
        let found = diagnostics(text, path: "bad.yaml")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("bad.yaml:7: invalid YAML:") == true, "\(found)")
    }

    @Test("a file saved with CRLF or CR line breaks reports its problems at the right lines")
    func crlfAndCRFilesNameTheirLines() {
        let text = "id: x\nname: X\n  colour: blue\ntrigger: { event: order.placed }\nsteps: [exit]\n"
        let expected = ["j.yaml:3: invalid YAML: mapping values are not allowed in this context"]
        #expect(diagnostics(text.replacingOccurrences(of: "\n", with: "\r\n")) == expected)
        #expect(diagnostics(text.replacingOccurrences(of: "\n", with: "\r")) == expected)
        let unknown = "id: x\r\nname: X\r\ntrigger: { event: order.placed }\r\nsteps: [exit]\r\ncolour: blue\r\n"
        #expect(diagnostics(unknown).first?.hasPrefix("j.yaml:5:") == true, "\(diagnostics(unknown))")
    }

    @Test("anchors and aliases are refused at the alias's line, before a parser could expand them")
    func anchorsAndAliasesAreRefused() {
        // Each level doubles the one before: parsed, the keys would stand for 2^40 nodes.
        var laughs = "id: x\nname: X\nlol0: &l0 [a, a]\n"
        for level in 1...40 { laughs += "lol\(level): &l\(level) [*l\(level - 1), *l\(level - 1)]\n" }
        laughs += "? *l40\n: boom\ntrigger: { event: order.placed }\nsteps: [exit]\n"
        #expect(
            diagnostics(laughs) == [
                "j.yaml:4: YAML anchors and aliases ('&l0', '*l0') are not supported: write the value out"
            ])
        let merge = "defaults: &d { channel: email }\nid: x\nname: X\ntrigger: { event: order.placed }\nsteps:\n  - send: { <<: *d, template: t }\n"
        #expect(diagnostics(merge).first?.hasPrefix("j.yaml:6: YAML anchors and aliases") == true)
        // A '*' or '&' in text that is not an anchor of the file is left to the YAML parser.
        let prose = try? JourneyLoader.load(
            path: "j.yaml", text: "id: x\nname: 'Tom & Jerry *special*'\ntrigger: { event: order.placed }\nsteps: [exit]\n")
        #expect(prose?.name == "Tom & Jerry *special*")
    }

    @Test func badIndentationNamesItsLine() {
        let found = diagnostics("id: x\nname: X\n  colour: blue\ntrigger: { event: order.placed }\nsteps: [exit]\n")
        #expect(found == ["j.yaml:3: invalid YAML: mapping values are not allowed in this context"])
    }

    @Test func duplicateYAMLKeyIsInvalid() {
        let found = diagnostics("id: a\nname: A\nname: B\ntrigger: { event: order.placed }\nsteps: [exit]\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("j.yaml:") == true)
        #expect(found.first?.contains("duplicate key 'name'") == true)
    }

    @Test func missingAndUnknownKeys() {
        let text = """
            id: x
            trigger:
              event: order.placed
              when: now
            colour: blue
            steps:
              - exit
            """
        #expect(
            diagnostics(text) == [
                "j.yaml:1: missing key 'name' in the journey",
                "j.yaml:4: unknown key 'when' in trigger (expected event, where)",
                "j.yaml:5: unknown key 'colour' in the journey (expected id, name, category, trigger, reentry, holdout, goal, quiet_hours, steps)",
            ])
    }

    @Test func unknownStepType() {
        let found = diagnostics(journey(steps: "  - id: a\n    sned: { channel: email, template: x }\n  - exit"))
        #expect(
            found == [
                "j.yaml:7: unknown step type 'sned' (expected send, wait, wait_for, branch, split, update, webhook, exit)"
            ])
    }

    @Test func unknownBareStep() {
        #expect(diagnostics(journey(steps: "  - stop")).first?.hasPrefix("j.yaml:6: unknown step type 'stop'") == true)
    }

    @Test func badDuration() {
        #expect(
            diagnostics(journey(steps: "  - wait: 2 days\n  - exit"))
                == ["j.yaml:6: wait: '2 days' is not a duration (write 90s, 15m, 36h, 2d or 1w)"])
    }

    @Test func badWaitWindowAndWeekday() {
        let found = diagnostics(journey(steps: "  - wait: { until: \"9-11\", weekdays: [mon, funday] }"))
        #expect(found.count == 2)
        #expect(found[0].hasPrefix("j.yaml:6: wait until '9-11'"))
        #expect(found[1].hasPrefix("j.yaml:6: weekday 'funday'"))
    }

    @Test func badConditions() {
        let text = """
            id: x
            name: X
            trigger:
              event: order.placed
              where:
                - order.total >= 50
                - order.totl > 5 USD
                - order.channel ~ web
                - order.total >= 50 XYZ
            steps:
              - exit
            """
        let found = diagnostics(text)
        #expect(found.count == 4)
        #expect(
            found[0]
                == "j.yaml:6: condition 'order.total >= 50': 'order.total' is money: compare it with an amount and currency, e.g. 50 USD"
        )
        #expect(found[1] == "j.yaml:7: condition 'order.totl > 5 USD': the context has no field 'order.totl'")
        #expect(found[2].hasPrefix("j.yaml:8: bad condition: unknown operator '~'"))
        #expect(found[3] == "j.yaml:9: bad condition: 'XYZ' is not an ISO 4217 currency code")
    }

    @Test func gotoToUnknownStep() {
        let steps = """
              - id: check
                branch:
                  - if: customer.orders_count >= 2
                    goto: loyall
              - id: loyal
                update: { tag: loyal }
            """
        #expect(diagnostics(journey(steps: steps)) == ["j.yaml:9: goto 'loyall': no step has that id (or next, exit)"])
    }

    @Test func gotoToAGeneratedIDIsRefused() {
        let steps = """
              - id: a
                split:
                  - { weight: 1, goto: step-2 }
              - exit
            """
        #expect(diagnostics(journey(steps: steps)) == ["j.yaml:8: goto 'step-2': no step has that id (or next, exit)"])
    }

    @Test func duplicateStepIDs() {
        let steps = """
              - id: a
                wait: 1d
              - id: a
                exit: true
            """
        #expect(diagnostics(journey(steps: steps)) == ["j.yaml:8: duplicate step id 'a' (first used at line 6)"])
    }

    @Test func loopWithNoWait() {
        let steps = """
              - id: first
                update: { tag: x }
              - id: again
                branch:
                  - if: customer.orders_count >= 2
                    goto: first
              - exit
            """
        #expect(
            diagnostics(journey(steps: steps)) == ["j.yaml:6: loop with no wait or wait_for: first → again → first"])
    }

    @Test func loopThroughAWaitIsAllowed() throws {
        let steps = """
              - id: first
                wait: 1w
              - id: again
                branch:
                  - if: customer.orders_count >= 2
                    goto: first
              - exit
            """
        let definition = try JourneyLoader.load(path: "j.yaml", text: journey(steps: steps))
        #expect(definition.steps.count == 3)
    }

    @Test func selfLoopSplit() {
        let steps = """
              - id: spin
                split:
                  - { weight: 1, goto: spin }
                  - { weight: 1, goto: next }
              - exit
            """
        #expect(diagnostics(journey(steps: steps)) == ["j.yaml:6: loop with no wait or wait_for: spin → spin"])
    }

    @Test func holdoutOutOfRange() {
        #expect(
            diagnostics(journey(steps: "  - exit", extra: "holdout: 60\n"))
                == ["j.yaml:5: holdout must be a whole percent from 0 to 50, not '60'"])
    }

    @Test func reportsEveryProblemNotJustTheFirst() {
        let text = """
            id: Bad_ID
            name: X
            category: promo
            trigger:
              event: Order Placed
            holdout: -1
            steps:
              - send: { channel: fax, template: x }
              - wait: soon
              - wait_for: { event: shipment.delivered }
              - id: a
                exit: true
              - id: a
                split:
                  - { weight: 0, goto: nowhere }
            """
        let lines = JourneyLoader.parse(path: "j.yaml", text: text).diagnostics.map(\.line)
        #expect(lines == [1, 3, 5, 6, 8, 9, 10, 13, 15, 15])
    }

    @Test func templateReferencesAreCollectedEvenWithErrors() {
        let result = JourneyLoader.parse(
            path: "j.yaml",
            text: journey(steps: "  - id: hi\n    send: { channel: email, template: hello }\n  - wait: never"))
        #expect(result.definition == nil)
        #expect(
            result.templateReferences == [
                JourneyTemplateReference(template: "hello", channel: .email, stepID: "hi", line: 7)
            ])
    }
}
