import EncoreCore
import Testing

@testable import EncoreLoyalty

extension GrowthTests {
    @Suite struct ReferralCodeTests {
        @Test func numbersEncodeMostSignificantSymbolFirst() throws {
            #expect(try ReferralCode(number: 0).text == "00000000")
            #expect(try ReferralCode(number: 31).text == "0000000Z")
            #expect(try ReferralCode(number: 32).text == "00000010")
            // 1234567890 = 1*32^6 + 4*32^5 + 25*32^4 + 22*32^3 + 0*32^2 + 21*32 + 18: "014SC0PJ".
            #expect(try ReferralCode(number: 1_234_567_890).text == "014SC0PJ")
            #expect(try ReferralCode(number: 1 << 40 - 1).text == "ZZZZZZZZ")
            // Only the low 40 bits fit in 8 symbols.
            #expect(try ReferralCode(number: 1 << 40).text == "00000000")
            #expect(try ReferralCode(number: 7, length: 4).text == "0007")
        }

        @Test func numbersRoundTrip() throws {
            var random = DemoRandom(seed: 5)
            for length in ReferralCode.lengths {
                for _ in 0..<50 {
                    let number = random.next() >> UInt64(64 - 5 * length)
                    let code = try ReferralCode(number: number, length: length)
                    #expect(code.text.count == length)
                    #expect(code.number == number)
                    #expect(ReferralCode(normalizing: code.text.lowercased(), length: length) == code)
                }
            }
        }

        @Test func randomBytesGiveTheirLeadingBits() throws {
            #expect(try ReferralCode(randomBytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF]).text == "ZZZZZZZZ")
            // 0x0842108421 is 00001 repeated eight times.
            #expect(try ReferralCode(randomBytes: [0x08, 0x42, 0x10, 0x84, 0x21, 0xFF]).text == "11111111")
            // 0xDEADBEEF01 = 956397711105; extra bytes are ignored.
            let code = try ReferralCode(randomBytes: [0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x99])
            #expect(code.text == "VTPVXVR1")
            #expect(code.number == 956_397_711_105)
            // 10 symbols take 7 bytes (50 of their 56 bits).
            #expect(try ReferralCode(randomBytes: [UInt8](repeating: 0xFF, count: 7), length: 10).text == "ZZZZZZZZZZ")
        }

        @Test func tooFewBytesOrABadLengthAreErrors() {
            #expect(throws: InputError(field: "randomBytes", reason: "needs at least 5 bytes for 8 symbols")) {
                try ReferralCode(randomBytes: [1, 2, 3, 4])
            }
            #expect(throws: InputError(field: "length", reason: "must be from 4 to 12 symbols")) {
                try ReferralCode(number: 1, length: 13)
            }
            #expect(throws: InputError(field: "length", reason: "must be from 4 to 12 symbols")) {
                try ReferralCode(randomBytes: [1, 2, 3, 4, 5], length: 3)
            }
        }

        @Test func theNormalizerAcceptsWhatPeopleType() throws {
            let code = try ReferralCode(number: 1_234_567_890)
            #expect(ReferralCode(normalizing: "014sc0pj") == code)
            #expect(ReferralCode(normalizing: " 014S-C0PJ ") == code)
            #expect(ReferralCode(normalizing: "o14SCoPJ") == code)  // O read as 0
            #expect(ReferralCode(normalizing: "0i4SC0PJ") == code)  // i read as 1
            #expect(ReferralCode(normalizing: "0L4SC0PJ") == code)  // L read as 1
            #expect(ReferralCode(normalizing: "0l4sc0pj")?.description == "014SC0PJ")
        }

        @Test func theNormalizerRejectsWhatIsNotACode() {
            #expect(ReferralCode(normalizing: "014SC0PU") == nil)  // U is not in the alphabet
            #expect(ReferralCode(normalizing: "014SC0P!") == nil)
            #expect(ReferralCode(normalizing: "014SC0P") == nil)
            #expect(ReferralCode(normalizing: "014SC0PJK") == nil)
            #expect(ReferralCode(normalizing: "") == nil)
            #expect(ReferralCode(normalizing: "014SC0PÉ") == nil)
            #expect(ReferralCode(normalizing: "ABC", length: 3) == nil)
        }
    }
}
