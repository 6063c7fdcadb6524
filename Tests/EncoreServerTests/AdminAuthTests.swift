import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Admin: sign-in, sessions and CSRF")
struct AdminAuthTests {
    @Test(
        "signing in: a wrong password or an unknown email fails alike; the right one gets a session cookie",
        arguments: Backend.enabled)
    func login(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            let wrong = try await browser.login(password: "not the password at all")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("The email or the password is not right."))
            #expect(browser.cookies["encore_session"] == nil)
            let unknown = try await browser.login(email: "nobody@acme.test")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.text.contains("The email or the password is not right."))

            let ok = try await browser.login(email: "  ADMIN@acme.test ")
            #expect(ok.status == .seeOther)
            #expect(ok.location == "/admin")
            let cookie = try #require(ok.setCookies.first { $0.hasPrefix("encore_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/admin"))
            #expect(cookie.contains("Max-Age=43200"))
            #expect(!cookie.contains("Secure"), "plain http: a Secure cookie would never come back")
            let token = try #require(browser.cookies["encore_session"])
            // Only the token's hash is stored.
            #expect(try await browser.storage.adminSession(tokenHash: APIKeys.hash(token), now: Fixtures.t0) != nil)
            #expect(try await browser.storage.adminSession(tokenHash: token, now: Fixtures.t0) == nil)

            let home = try await browser.get("/admin")
            #expect(home.status == .ok)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            #expect(home.text.contains("admin@acme.test"))
            #expect(home.text.contains(">shop</a>"))
            #expect(!home.text.contains("other"), "another organisation's store is not listed")
            #expect(home.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
        }
    }

    @Test(
        "over https (X-Forwarded-Proto) the session cookie is Secure; next= returns to the page asked for",
        arguments: Backend.enabled)
    func secureAndNext(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            let form = try await browser.get("/admin/login?next=%2Fadmin%2Fstores%2F\(browser.store.id)%2Foutbox")
            #expect(form.text.contains("name=\"next\" value=\"/admin/stores/\(browser.store.id)/outbox\""))
            let page = try await browser.request(
                .post, "/admin/login",
                form: [
                    ("csrf", try #require(form.csrf)), ("email", AdminBrowser.email),
                    ("password", AdminBrowser.password),
                    ("next", "/admin/stores/\(browser.store.id)/outbox"),
                ], headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(page.status == .seeOther)
            #expect(page.location == "/admin/stores/\(browser.store.id)/outbox")
            #expect(page.setCookies.first { $0.hasPrefix("encore_session=") }?.contains("Secure") == true)
        }
        try await AdminBrowser.run(backend) { browser in
            let page = try await browser.login(next: "//evil.example/admin")
            #expect(page.location == "/admin", "an off-site next= is ignored")
        }
    }

    @Test("every page needs a session: without one, a redirect to the login page", arguments: Backend.enabled)
    func sessionRequired(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            for path in [
                "/admin", "\(browser.base)/journeys", "\(browser.base)/journeys/x", "\(browser.base)/instances/i1",
                "\(browser.base)/outbox", "\(browser.base)/outbox/m1", "\(browser.base)/mailbox",
            ] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.location?.hasPrefix("/admin/login?next=") == true, "\(path)")
            }
            browser.cookies["encore_session"] = String(repeating: "A", count: 43)
            #expect(try await browser.get("/admin").status == .seeOther)
        }
    }

    @Test("a POST without the right CSRF token is refused with an HTML 403, login included", arguments: Backend.enabled)
    func csrf(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            _ = try await browser.get("/admin/login")
            let missing = try await browser.request(
                .post, "/admin/login", form: [("email", AdminBrowser.email), ("password", AdminBrowser.password)])
            #expect(missing.status == .forbidden)
            #expect(missing.headers[.contentType] == "text/html; charset=utf-8")
            #expect(!missing.text.contains("{\""))
            let wrong = try await browser.request(
                .post, "/admin/login",
                form: [("csrf", "forged"), ("email", AdminBrowser.email), ("password", AdminBrowser.password)])
            #expect(wrong.status == .forbidden)
            // A token without its cookie (another browser's form) does not work either.
            let form = try await browser.get("/admin/login")
            let token = try #require(form.csrf)
            browser.cookies["encore_login"] = nil
            let noCookie = try await browser.request(
                .post, "/admin/login",
                form: [("csrf", token), ("email", AdminBrowser.email), ("password", AdminBrowser.password)])
            #expect(noCookie.status == .forbidden)
            #expect(browser.cookies["encore_session"] == nil)

            #expect(try await browser.login().status == .seeOther)
            let home = try await browser.get("/admin")
            let sessionToken = try #require(home.csrf)
            let noToken = try await browser.request(.post, "/admin/logout", form: [])
            #expect(noToken.status == .forbidden)
            let badToken = try await browser.request(.post, "/admin/logout", form: [("csrf", sessionToken + "x")])
            #expect(badToken.status == .forbidden)
            #expect(try await browser.get("/admin").status == .ok, "a refused logout leaves the session alone")
        }
    }

    @Test("logout ends the session on the server, not just in the browser", arguments: Backend.enabled)
    func logout(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            try await browser.login()
            let token = try #require(browser.cookies["encore_session"])
            let home = try await browser.get("/admin")
            let out = try await browser.request(.post, "/admin/logout", form: [("csrf", try #require(home.csrf))])
            #expect(out.status == .seeOther)
            #expect(out.location == "/admin/login")
            #expect(browser.cookies["encore_session"] == nil)
            #expect(try await browser.storage.adminSession(tokenHash: APIKeys.hash(token), now: Fixtures.t0) == nil)
            browser.cookies["encore_session"] = token  // a copy of the old cookie is worthless
            #expect(try await browser.get("/admin").status == .seeOther)
        }
    }

    @Test(
        "repeated failures for one email are throttled, even with the right password afterwards",
        arguments: [Backend.sqlite])
    func throttle(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            for _ in 0..<10 {
                #expect(try await browser.login(password: "wrong password number").status == .unauthorized)
            }
            let blocked = try await browser.login()
            #expect(blocked.status == .tooManyRequests)
            #expect(browser.cookies["encore_session"] == nil)
        }
    }

    @Test("users: email and password rules, unknown organisation, duplicate email", arguments: Backend.enabled)
    func users(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            _ = try await storage.createStore(
                name: "shop", organisation: "acme", currency: .usd, timeZone: "UTC", webhookSecret: nil,
                now: Fixtures.t0)
            await #expect(throws: AdminUserError.self) {
                try await AdminUsers.create(
                    storage: storage, email: "a@b.c", organisation: "acme", password: "short", cost: 4, now: Fixtures.t0
                )
            }
            await #expect(throws: AdminUserError.self) {
                try await AdminUsers.create(
                    storage: storage, email: "nope", organisation: "acme", password: "long enough password", cost: 4,
                    now: Fixtures.t0)
            }
            await #expect(throws: StorageError.self) {
                try await AdminUsers.create(
                    storage: storage, email: "a@b.c", organisation: "ghost", password: "long enough password", cost: 4,
                    now: Fixtures.t0)
            }
            let user = try await AdminUsers.create(
                storage: storage, email: "Ana@Acme.test", organisation: "acme", password: "long enough password",
                cost: 4, now: Fixtures.t0)
            #expect(user.email == "ana@acme.test")
            #expect(user.passwordHash.hasPrefix("$2"))
            #expect(!user.passwordHash.contains("long enough"))
            await #expect(throws: StorageError.self) {
                try await AdminUsers.create(
                    storage: storage, email: "ANA@acme.test", organisation: "acme", password: "long enough password",
                    cost: 4, now: Fixtures.t0)
            }
        }
    }
}
