import Testing

@testable import EncoreCore

extension CustomerCare {
    @Suite struct FeedbackTests {
        @Test func scoreRanges() throws {
            for score in 0...10 { try SurveyKind.nps.validate(score: score) }
            for score in 1...5 { try SurveyKind.csat.validate(score: score) }
            #expect(throws: InputError(field: "score", reason: "an NPS score is a whole number from 0 to 10, got 11")) {
                try SurveyKind.nps.validate(score: 11)
            }
            #expect(throws: InputError(field: "score", reason: "an NPS score is a whole number from 0 to 10, got -1")) {
                try SurveyKind.nps.validate(score: -1)
            }
            #expect(throws: InputError(field: "score", reason: "a CSAT score is a whole number from 1 to 5, got 0")) {
                try SurveyKind.csat.validate(score: 0)
            }
            #expect(throws: InputError.self) { try SurveyKind.csat.validate(score: 6) }
            #expect(throws: InputError.self) { try SurveyKind.csat.validate(score: .min) }
            #expect(throws: InputError.self) { try SurveyKind.nps.validate(score: .max) }
        }

        @Test func rawValuesMatchStorage() {
            #expect(SurveyKind.allCases.map(\.rawValue) == ["nps", "csat"])
            #expect(Touchpoint.allCases.map(\.rawValue) == ["order", "delivery", "ticket"])
            #expect(SurveyKind(rawValue: "NPS") == nil)
        }

        @Test func npsCategories() throws {
            let expected: [NPSCategory] =
                Array(repeating: .detractor, count: 7) + [.passive, .passive, .promoter, .promoter]
            #expect(try (0...10).map { try NPSCategory(score: $0) } == expected)
            #expect(throws: InputError.self) { try NPSCategory(score: 11) }
            #expect(throws: InputError.self) { try NPSCategory(score: -1) }
        }

        @Test func unhappyAnswersOpenTickets() throws {
            #expect(try (0...10).filter { try CloseTheLoop.opensTicket(kind: .nps, score: $0) } == Array(0...6))
            #expect(try (1...5).filter { try CloseTheLoop.opensTicket(kind: .csat, score: $0) } == [1, 2])
            #expect(throws: InputError.self) { try CloseTheLoop.opensTicket(kind: .csat, score: 0) }
            #expect(throws: InputError.self) { try CloseTheLoop.opensTicket(kind: .nps, score: 12) }
        }

        @Test func lowStarReviewsOpenTickets() throws {
            #expect(try (1...5).filter { try CloseTheLoop.reviewOpensTicket(stars: $0) } == [1, 2])
            #expect(throws: InputError(field: "stars", reason: "stars are a whole number from 1 to 5, got 0")) {
                try CloseTheLoop.reviewOpensTicket(stars: 0)
            }
            #expect(throws: InputError(field: "stars", reason: "stars are a whole number from 1 to 5, got 6")) {
                try CloseTheLoop.reviewOpensTicket(stars: 6)
            }
        }
    }
}
