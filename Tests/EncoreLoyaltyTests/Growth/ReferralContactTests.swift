import Testing

@testable import EncoreLoyalty

extension GrowthTests {
    @Suite struct ReferralContactTests {
        @Test func emails() {
            #expect(ReferralContact.normalizedEmail("  Jane.Doe+news@GMAIL.com ") == "janedoe@gmail.com")
            #expect(ReferralContact.normalizedEmail("j.d@googlemail.com") == "jd@gmail.com")
            #expect(ReferralContact.normalizedEmail("Jane.Doe+x+y@Example.org") == "jane.doe@example.org")
            #expect(ReferralContact.normalizedEmail("+tag@example.org") == nil)
            #expect(ReferralContact.normalizedEmail("jane@") == nil)
            #expect(ReferralContact.normalizedEmail("jane") == nil)
            #expect(ReferralContact.normalizedEmail("a@b@c.com") == nil)
        }

        @Test func phones() {
            #expect(ReferralContact.phoneSuffix("+33 (0)6 12-34-56-78") == "612345678")
            #expect(ReferralContact.phoneSuffix("612345678") == "612345678")
            #expect(ReferralContact.phoneSuffix("12345678") == nil)
            #expect(ReferralContact.phoneSuffix("+1 415 555 0100", digits: 10) == "4155550100")
            #expect(ReferralContact.phoneSuffix("１２３") == nil)  // full-width digits are not ASCII digits
        }

        @Test func addresses() {
            #expect(ReferralContact.normalizedAddress("  12,  Rose   STREET ") == "12 rose st")
            #expect(ReferralContact.normalizedAddress("5 Main Road / Suite 3") == "5 main rd ste 3")
            #expect(ReferralContact.normalizedAddress("7 Avenue des Champs-Élysées") == "7 ave des champs elysees")
            #expect(
                ReferralContact.normalizedAddress("1 Ocean Boulevard")
                    == ReferralContact.normalizedAddress("1 ocean blvd."))
            #expect(ReferralContact.normalizedAddress(" ,.-/ ") == nil)
        }
    }
}
