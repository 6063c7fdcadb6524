import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

extension LoyaltyShop {
    var referrals: ReferralService { ReferralService(storage: storage, clock: clock) }

    /// A new customer (a friend) with an e-mail address and maybe a phone number.
    func friend(_ key: String, email: String, phone: String? = nil) async throws {
        _ = try await storage.ingest(
            IngestBatch(
                storeID: store.id, origin: .live,
                customers: [Customer(storeID: store.id, key: key, email: email, phone: phone, firstName: "Friend", createdAt: clock.now())]),
            now: clock.now())
    }

    func order(_ key: String, customer: String, total: Int64 = 5_000, address: String? = nil) -> Order {
        var order = Fixtures.order(store, key: key, customer: customer, total: total)
        order.placedAt = clock.now()
        order.shippingAddress = address
        return order
    }

    func lots(_ customer: String, source: String) async throws -> [PointLot] {
        try await storage.loyaltyBalance(storeID: store.id, customerKey: customer, now: clock.now()).openLots
            .filter { $0.source == source }
    }

    func rejection(_ acceptance: ReferralAcceptance) -> ReferralRejection? {
        if case .recorded(let record) = acceptance, record.status == .rejected { return record.reason }
        return nil
    }
}

@Suite("Referrals: a code per customer, fraud checks with their reasons kept, both credited after the return window")
struct ReferralTests {
    @Test("a friend's first order credits both once its return window closes; settling again changes nothing", arguments: Backend.enabled)
    func credited(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            let code = try await shop.referrals.code(storeID: shop.store.id, customerKey: "c1")
            #expect(code.count == 8 && ReferralCode(normalizing: code)?.text == code)
            #expect(try await shop.referrals.code(storeID: shop.store.id, customerKey: "c1") == code, "one code per customer")
            let typed = code.lowercased().prefix(4) + "-" + code.lowercased().dropFirst(4)
            let accepted = try await shop.referrals.accept(store: shop.store, code: String(typed), email: "Friend@Example.com", ip: "10.0.0.1")
            guard case .recorded(let record) = accepted else { Issue.record("not recorded: \(accepted)"); return }
            #expect(record.status == .invited && record.referrerKey == "c1" && record.friendEmail == "friend@example.com")
            let again = try await shop.referrals.accept(store: shop.store, code: code, email: "friend@example.com", ip: "10.0.0.2")
            #expect(again == .existing(record), "the first invitation stands")

            try await shop.friend("f1", email: "friend@example.com")
            try await shop.live(orders: [shop.order("2001", customer: "f1", address: "1 Elm Road, Leeds")])
            var stored = try await shop.storage.referrals(storeID: shop.store.id, referrerKey: "c1", status: nil, limit: 10)
            #expect(stored.map(\.status) == [.ordered] && stored[0].friendOrderKey == "2001" && stored[0].friendKey == "f1")

            let deliveredAt = shop.clock.now().adding(seconds: 2 * LoyaltyShop.day)
            shop.clock.advance(seconds: 2 * LoyaltyShop.day)
            try await shop.live(shipments: [shop.delivered("2001", at: deliveredAt)])
            shop.clock.advance(seconds: 29 * LoyaltyShop.day)
            #expect(try await shop.processor.sweep().referralsCredited == 0, "the return window is still open")
            #expect(try await shop.lots("c1", source: "action:referral").isEmpty)

            shop.clock.advance(seconds: 1 * LoyaltyShop.day + 60)
            #expect(try await shop.processor.sweep().referralsCredited == 1)
            let mine = try await shop.lots("c1", source: "action:referral")
            let theirs = try await shop.lots("f1", source: "action:referred")
            #expect(mine.map(\.points) == [200] && theirs.map(\.points) == [200], "the default program: 200 points each")
            #expect(mine[0].earnedAt == deliveredAt.adding(seconds: 30 * LoyaltyShop.day), "credited as of the window's close")
            stored = try await shop.storage.referrals(storeID: shop.store.id, referrerKey: "c1", status: nil, limit: 10)
            #expect(stored.map(\.status) == [.credited])
            let events = try await shop.events("referral.credited")
            #expect(events.count == 1 && events[0].payload.contains("\"friend\":\"f1\""))

            #expect(try await shop.processor.sweep().referralsCredited == 0)
            #expect(try await shop.lots("c1", source: "action:referral").map(\.points) == [200], "settled once")
            // A referral settled again (a worker that died before marking it) finds its keys applied.
            _ = try await shop.storage.moveReferral(
                storeID: shop.store.id, id: record.id, from: .credited, to: .ordered, reason: nil, friendKey: nil,
                friendOrderKey: nil, now: shop.clock.now())
            #expect(try await shop.processor.sweep().referralsCredited == 1)
            #expect(try await shop.lots("c1", source: "action:referral").map(\.points) == [200])
            #expect(try await shop.lots("f1", source: "action:referred").map(\.points) == [200])
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }

    @Test("self-referral, the referrer's address in disguise, an existing customer and a burst from one address are refused with their reasons", arguments: Backend.enabled)
    func refusedAtTheDoor(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            let code = try await shop.referrals.code(storeID: shop.store.id, customerKey: "c1")
            let accept = { (email: String, ip: String) in
                try await shop.referrals.accept(store: shop.store, code: code, email: email, ip: ip)
            }
            #expect(shop.rejection(try await accept("c1@example.com", "10.0.0.9")) == .selfReferral)
            #expect(shop.rejection(try await accept("C1+deal@Example.com", "10.0.0.9")) == .selfReferral, "a +tag is the same address")
            try await shop.friend("old", email: "old@example.com")
            try await shop.live(orders: [shop.order("1500", customer: "old")])
            #expect(shop.rejection(try await accept("old@example.com", "10.0.0.9")) == .notFirstOrder)

            for n in 1...5 { #expect(shop.rejection(try await accept("burst\(n)@example.com", "192.0.2.7")) == nil) }
            #expect(shop.rejection(try await accept("burst6@example.com", "192.0.2.7")) == .ipVelocity)
            #expect(shop.rejection(try await accept("calm@example.com", "192.0.2.8")) == nil, "another address is fine")
            shop.clock.advance(seconds: LoyaltyShop.day + 1)
            #expect(shop.rejection(try await accept("burst7@example.com", "192.0.2.7")) == nil, "a day later")

            #expect(try await accept("not an address", "10.0.0.9") == .invalidEmail)
            #expect(try await shop.referrals.accept(store: shop.store, code: "ZZZZZZZZ", email: "x@example.com", ip: nil) == .unknownCode)
            let rejected = try await shop.storage.referrals(storeID: shop.store.id, referrerKey: nil, status: .rejected, limit: 50)
            #expect(Set(rejected.compactMap(\.reason)) == [.selfReferral, .notFirstOrder, .ipVelocity])
            #expect(rejected.count == 4, "each refusal is kept with its reason")
            let counts = try await shop.storage.referralCounts(storeID: shop.store.id)
            #expect(counts[.rejected] == 4 && counts[.invited] == 7)
        }
    }

    @Test("a friend sharing the referrer's phone or shipping address is refused at the first order; a cancelled first order credits nobody", arguments: Backend.enabled)
    func refusedAtTheOrder(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            _ = try await shop.storage.ingest(
                IngestBatch(
                    storeID: shop.store.id, origin: .live,
                    customers: [Customer(storeID: shop.store.id, key: "c1", email: "c1@example.com", phone: "+44 7700 900123", createdAt: Fixtures.t0)]),
                now: shop.clock.now())
            try await shop.live(orders: [shop.order("1001", customer: "c1", address: "12 Main Street, Springfield")])
            let code = try await shop.referrals.code(storeID: shop.store.id, customerKey: "c1")
            for email in ["phone@example.com", "home@example.com", "gone@example.com", "fine@example.com"] {
                #expect(shop.rejection(try await shop.referrals.accept(store: shop.store, code: code, email: email, ip: nil)) == nil)
            }
            try await shop.friend("p", email: "phone@example.com", phone: "07700 900123")
            try await shop.friend("h", email: "home@example.com")
            try await shop.friend("g", email: "gone@example.com")
            try await shop.friend("f", email: "fine@example.com")
            try await shop.live(orders: [
                shop.order("2001", customer: "p", address: "3 Hill Lane"),
                shop.order("2002", customer: "h", address: "12 main st. springfield"),
                shop.order("2003", customer: "g"), shop.order("2004", customer: "f", address: "9 Sea View"),
            ])
            var all = try await shop.storage.referrals(storeID: shop.store.id, referrerKey: "c1", status: nil, limit: 10)
            let byFriend = Dictionary(uniqueKeysWithValues: all.map { ($0.friendEmail, $0) })
            #expect(byFriend["phone@example.com"]?.reason == .samePhone)
            #expect(byFriend["home@example.com"]?.reason == .sameAddress)
            #expect(byFriend["gone@example.com"]?.status == .ordered && byFriend["fine@example.com"]?.status == .ordered)

            var cancelled = shop.order("2003", customer: "g")
            cancelled.cancelledAt = shop.clock.now()
            try await shop.live(orders: [cancelled])
            let at = shop.clock.now()
            try await shop.live(shipments: [shop.delivered("2004", at: at)])
            shop.clock.advance(seconds: 31 * LoyaltyShop.day)
            #expect(try await shop.processor.sweep().referralsCredited == 1)
            all = try await shop.storage.referrals(storeID: shop.store.id, referrerKey: "c1", status: nil, limit: 10)
            #expect(all.first { $0.friendEmail == "gone@example.com" }?.reason == .orderReturned)
            #expect(all.first { $0.friendEmail == "fine@example.com" }?.status == .credited)
            #expect(try await shop.lots("c1", source: "action:referral").map(\.points) == [200])
            #expect(try await shop.lots("g", source: "action:referred").isEmpty)
            #expect(try await shop.lots("p", source: "action:referred").isEmpty)
        }
    }
}

extension ReferralTests {
    @Test("the loyalty page shows the link; the invitation page escapes the name, needs its CSRF token, and records once", arguments: Backend.enabled)
    func pages(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let store = browser.store
            _ = try await browser.storage.publishLoyaltyProgram(storeID: store.id, program: .defaults, source: "d", now: Fixtures.t0)
            let loyalty = try await browser.get(browser.link(.loyalty))
            let link = try #require(loyalty.text.range(of: "http://encore.test/ref/shop/").map { range in
                String(loyalty.text[range.upperBound...].prefix { $0 != "\"" })
            })
            #expect(link.count == 8 && loyalty.text.contains("<code>\(link)</code>"))
            #expect(loyalty.text.contains("you both get 200 points"))
            let alias = try await browser.get("/loyalty/" + browser.link(.loyalty).dropFirst("/l/".count))
            #expect(alias.status == .ok && alias.text.contains(link), "/loyalty/{token} is the same page")

            let invitation = try await browser.get("/ref/shop/\(link.lowercased())")
            #expect(invitation.status == .ok)
            #expect(invitation.text.contains("&lt;b&gt;Ada&lt;/b&gt; invites you") && !invitation.text.contains("<b>Ada</b>"))
            #expect(invitation.text.contains("200 points"))
            let forged = try await browser.request(.post, "/ref/shop/\(link)", form: [("email", "new@example.com")])
            #expect(forged.status == .forbidden)
            let csrf = invitation.csrf ?? ""
            let bad = try await browser.request(.post, "/ref/shop/\(link)", form: [("csrf", csrf), ("email", "<script>x")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("&lt;script&gt;x") && !bad.text.contains("<script>x"))
            let own = try await browser.request(.post, "/ref/shop/\(link)", form: [("csrf", csrf), ("email", "c1@example.com")])
            #expect(own.status == .conflict && own.text.contains("customers cannot refer themselves"))
            let good = try await browser.request(.post, "/ref/shop/\(link)", form: [("csrf", csrf), ("email", "new@example.com")])
            #expect(good.status == .ok && good.text.contains("You're in"))
            let twice = try await browser.request(.post, "/ref/shop/\(link)", form: [("csrf", csrf), ("email", "NEW@example.com")])
            #expect(twice.status == .ok && twice.text.contains("already invited"))
            let stored = try await browser.storage.referrals(storeID: store.id, referrerKey: "c1", status: nil, limit: 10)
            #expect(stored.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.invited, .rejected])

            #expect(try await browser.get("/ref/shop/ZZZZZZZZ").status == .notFound)
            _ = try await Fixtures.store(browser.storage, "other")
            #expect(try await browser.get("/ref/other/\(link)").status == .notFound, "a code is its store's")
        }
    }
}

extension ReferralTests {
    @Test("the admin loyalty page lists referrals with every rejection's reason, escaped", arguments: Backend.enabled)
    func admin(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            let store = browser.store
            try await browser.login()
            _ = try await browser.storage.publishLoyaltyProgram(storeID: store.id, program: .defaults, source: "d", now: Fixtures.t0)
            var customer = Fixtures.customer(store)
            customer.key = "c<1>"
            _ = try await browser.storage.ingest(IngestBatch(storeID: store.id, origin: .live, customers: [customer]), now: Fixtures.t0)
            let service = ReferralService(storage: browser.storage, clock: FixedClock(Fixtures.t0))
            let code = try await service.code(storeID: store.id, customerKey: "c<1>")
            _ = try await service.accept(store: store, code: code, email: "c1@example.com", ip: "198.51.100.4")
            _ = try await service.accept(store: store, code: code, email: "<b>pal</b>@example.com", ip: "198.51.100.4")
            let page = try await browser.get("/admin/stores/\(store.id)/loyalty")
            #expect(page.status == .ok)
            #expect(page.text.contains("1 invited · 0 ordered · 0 credited · 1 rejected"))
            #expect(page.text.contains("self_referral: customers cannot refer themselves"))
            #expect(page.text.contains("&lt;b&gt;pal&lt;/b&gt;@example.com") && !page.text.contains("<b>pal"))
            #expect(page.text.contains("c&lt;1&gt;</a> (\(code))") && page.text.contains("198.51.100.4"))
        }
    }
}
