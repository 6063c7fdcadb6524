import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Loyalty page: the customer adds their birthday")
struct LoyaltyBirthdayPageTests {
    func birthday(_ browser: CareBrowser) async throws -> Customer? {
        try await browser.storage.customer(storeID: browser.store.id, key: "c1", eventLimit: 0)?.customer
    }

    @Test("the form (labelled, CSRF-checked: 403 without) sets the birthday once; then the page shows it, not the form", arguments: Backend.enabled)
    func setOnce(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            try await LoyaltyPageTests.prepare(browser)
            let link = browser.link(.loyalty)
            let page = try await browser.get(link)
            #expect(page.text.contains("<h2 id=\"birthday\">Add your birthday</h2>"))
            #expect(page.text.contains("Get 100 points on your birthday every year. Points come from 30 days after you add it"))
            #expect(page.text.contains("<form method=\"post\" action=\"\(link)/birthday\">"))
            #expect(page.text.contains("<label for=\"birthday-month\">Month</label><select id=\"birthday-month\" name=\"month\" required>"))
            #expect(page.text.contains("<label for=\"birthday-day\">Day</label><select id=\"birthday-day\" name=\"day\" required>"))
            #expect(page.text.contains("<option value=\"2\">February</option>") && !page.text.contains("<script"))

            let forged = try await browser.request(.post, link + "/birthday", form: [("csrf", "forged"), ("month", "2"), ("day", "29")])
            #expect(forged.status == .forbidden)
            let bare = try await browser.request(.post, link + "/birthday", form: [("month", "2"), ("day", "29")])
            #expect(bare.status == .forbidden)
            #expect(try await birthday(browser)?.birthday == nil)

            let csrf = try #require(page.csrf)
            let saved = try await browser.request(.post, link + "/birthday", form: [("csrf", csrf), ("month", "2"), ("day", "29")])
            #expect(saved.status == .seeOther)
            let stored = try #require(try await birthday(browser))
            #expect(stored.birthday?.text == "02-29" && stored.birthdaySetAt == CareBrowser.now)
            let after = try await browser.get(saved.location ?? "")
            #expect(after.text.contains("Thank you! Your birthday is saved."))
            #expect(after.text.contains("<h2 id=\"birthday\">Your birthday</h2>") && after.text.contains("February 29: 100 points"))
            #expect(after.text.contains("Birthday points start from") && !after.text.contains("Add your birthday"))
            #expect(!after.text.contains("name=\"month\""), "not editable on the page")

            let again = try await browser.request(.post, link + "/birthday", form: [("csrf", csrf), ("month", "1"), ("day", "1")])
            #expect(again.status == .conflict && again.text.contains("already on file"))
            #expect(try await birthday(browser)?.birthday?.text == "02-29")
        }
    }

    @Test("a day the month does not have, or markup instead of a number, is a 422 with the form again and a clear message", arguments: Backend.enabled)
    func badInput(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            try await LoyaltyPageTests.prepare(browser)
            let link = browser.link(.loyalty)
            let csrf = try #require(try await browser.get(link).csrf)
            for (month, day, message) in [
                ("4", "31", "Choose a day from 1 to 30: April has 30 days."),
                ("2", "30", "Choose a day from 1 to 29: February has 29 days."),
                ("13", "1", "Choose the month of your birthday."),
                ("<script>alert(1)</script>", "1", "Choose the month of your birthday."),
                ("5", "\"><b>x</b>", "Choose a day from 1 to 31: May has 31 days."),
                ("", "", "Choose the month of your birthday."),
            ] {
                let reply = try await browser.request(.post, link + "/birthday", form: [("csrf", csrf), ("month", month), ("day", day)])
                #expect(reply.status == .unprocessableContent, "\(month) \(day)")
                #expect(reply.text.contains("<p class=\"error\" role=\"alert\">\(message)</p>"), "\(month) \(day)")
                #expect(reply.text.contains("Add your birthday") && reply.text.contains("name=\"csrf\""))
                #expect(!reply.text.contains("<script>alert") && !reply.text.contains("<b>x</b>"))
            }
            #expect(try await birthday(browser)?.birthday == nil)
        }
    }

    @Test("a program without birthday points shows no form and takes none", arguments: Backend.enabled)
    func noRule(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            var program = LoyaltyProgram.defaults
            program.actions.removeAll { $0.action == .birthday }
            _ = try await browser.storage.publishLoyaltyProgram(
                storeID: browser.store.id, program: program, source: "test", now: Fixtures.t0)
            let link = browser.link(.loyalty)
            let page = try await browser.get(link)
            #expect(page.status == .ok && !page.text.contains("birthday"))
            let reply = try await browser.request(.post, link + "/birthday", form: [("csrf", page.csrf ?? ""), ("month", "1"), ("day", "2")])
            #expect(reply.status == .notFound)
            #expect(try await birthday(browser)?.birthday == nil)
        }
    }
}
