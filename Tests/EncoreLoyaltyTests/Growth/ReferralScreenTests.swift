import Testing

@testable import EncoreLoyalty

extension GrowthTests {
    @Suite struct ReferralScreenTests {
        let screen = ReferralScreen(maxReferralsPerIPPerDay: 3)
        let referrer = ReferralParty(
            customerKey: "c-1", email: "Jane.Doe+shop@GMail.com", phone: "+33 6 12 34 56 78",
            shippingAddress: "12, Rose Street, Apt. 4")
        let friend = ReferralParty(
            customerKey: "c-2", email: "sam@example.com", phone: "+1 (415) 555-0100",
            shippingAddress: "9 Elm Road")

        func check(_ friend: ReferralParty, priorOrders: Int = 0, sameIP: Int = 0) -> ReferralRejection? {
            screen.screen(
                referrer: referrer, friend: friend, friendPriorOrders: priorOrders, referralsFromSameIPLast24h: sameIP)
        }

        @Test func aGenuineReferralPasses() {
            #expect(check(friend) == nil)
            #expect(check(friend, sameIP: 2) == nil)
        }

        @Test func selfReferral() {
            var same = friend
            same.customerKey = "c-1"
            #expect(check(same) == .selfReferral)
        }

        @Test func sameEmailAfterGmailNormalisation() {
            for email in ["janedoe@gmail.com", " J.A.N.E.D.O.E@googlemail.com", "jane.doe+friend@gmail.com"] {
                var twin = friend
                twin.email = email
                #expect(check(twin) == .sameEmail, "\(email)")
            }
            // Outside Gmail, dots matter but +tags do not.
            let other = ReferralParty(customerKey: "c-9", email: "jane.doe+a@example.com")
            #expect(
                screen.screen(
                    referrer: other, friend: ReferralParty(customerKey: "c-8", email: "JANE.DOE@example.com"),
                    friendPriorOrders: 0, referralsFromSameIPLast24h: 0) == .sameEmail)
            #expect(
                screen.screen(
                    referrer: other, friend: ReferralParty(customerKey: "c-8", email: "janedoe@example.com"),
                    friendPriorOrders: 0, referralsFromSameIPLast24h: 0) == nil)
        }

        @Test func samePhoneByTheLastNineDigits() {
            var twin = friend
            twin.phone = "06.12.34.56.78"
            #expect(check(twin) == .samePhone)
            twin.phone = "06 12 34 56 79"
            #expect(check(twin) == nil)
            twin.phone = "345678"  // too short to compare
            #expect(check(twin) == nil)
        }

        @Test func sameAddressAfterNormalisation() {
            var twin = friend
            twin.shippingAddress = "12 rose st  apt 4"
            #expect(check(twin) == .sameAddress)
            twin.shippingAddress = "12 Rose St., Apartment 4."
            #expect(check(twin) == .sameAddress)
            twin.shippingAddress = "14 Rose Street, Apt. 4"
            #expect(check(twin) == nil)
        }

        @Test func velocityFromOneIP() {
            #expect(check(friend, sameIP: 3) == .ipVelocity)
            #expect(check(friend, sameIP: 10) == .ipVelocity)
            #expect(
                ReferralScreen(maxReferralsPerIPPerDay: 0).screen(
                    referrer: referrer, friend: friend, friendPriorOrders: 0, referralsFromSameIPLast24h: 0)
                    == .ipVelocity)
        }

        @Test func notAFirstOrder() {
            #expect(check(friend, priorOrders: 1) == .notFirstOrder)
        }

        @Test func theFirstReasonInOrderWins() {
            var twin = referrer
            twin.customerKey = "c-3"
            #expect(check(twin, priorOrders: 4, sameIP: 9) == .sameEmail)
            twin.email = nil
            #expect(check(twin, priorOrders: 4, sameIP: 9) == .samePhone)
        }

        @Test func missingContactsNeverMatch() {
            let bare = ReferralParty(customerKey: "a")
            #expect(
                screen.screen(
                    referrer: bare, friend: ReferralParty(customerKey: "b"), friendPriorOrders: 0,
                    referralsFromSameIPLast24h: 0) == nil)
            let junk = ReferralParty(customerKey: "x", email: "not an email", phone: "n/a", shippingAddress: " ,. ")
            #expect(
                screen.screen(
                    referrer: junk,
                    friend: ReferralParty(customerKey: "y", email: "not an email", phone: "n/a", shippingAddress: "--"),
                    friendPriorOrders: 0, referralsFromSameIPLast24h: 0) == nil)
        }

        @Test func everyRejectionHasAStableCodeAndASentence() {
            #expect(
                ReferralRejection.allCases.map(\.code) == [
                    "self_referral", "same_email", "same_phone", "same_address", "ip_velocity", "not_first_order",
                    "order_returned",
                ])
            #expect(ReferralRejection(rawValue: "same_phone") == .samePhone)
            #expect(ReferralRejection.allCases.allSatisfy { !$0.description.isEmpty })
            #expect(ReferralScreen(phoneDigitsCompared: 3).phoneDigitsCompared == 7)
        }
    }
}
