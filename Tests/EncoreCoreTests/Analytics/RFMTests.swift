import EncoreCore
import Testing

@Suite("RFM: quintile scores, named segments, CLV deciles")
struct RFMTests {
    @Test func segmentRulesCoverEveryPair() {
        var seen: Set<RFM.Segment> = []
        for r in 1...5 { for f in 1...5 { seen.insert(.of(recency: r, frequency: f)) } }
        #expect(seen == Set(RFM.Segment.allCases))
        #expect(RFM.Segment.of(recency: 5, frequency: 5) == .champions)
        #expect(RFM.Segment.of(recency: 3, frequency: 4) == .loyal)
        #expect(RFM.Segment.of(recency: 5, frequency: 1) == .new)
        #expect(RFM.Segment.of(recency: 4, frequency: 1) == .promising)
        #expect(RFM.Segment.of(recency: 1, frequency: 5) == .atRisk)
        #expect(RFM.Segment.of(recency: 1, frequency: 1) == .lost)
        #expect(RFM.Segment.of(recency: 3, frequency: 2) == .hibernating)
    }

    @Test func tenCustomersScored() {
        // Recency 1..10 days (1 is the most recent), frequency 10..1, spend 100, 200, ... 1,000.
        let customers = (1...10).map { RFM.Input(id: "c\($0)", recencyDays: $0, frequency: 11 - $0, monetary: Double($0) * 100) }
        let scores = RFM.score(customers)
        #expect(scores.map(\.recency) == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
        #expect(scores.map(\.frequency) == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
        #expect(scores.map(\.monetary) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        #expect(scores.map(\.segment) == [.champions, .champions, .champions, .champions, .loyal, .loyal, .hibernating, .hibernating, .lost, .lost])
        #expect(RFM.score([]).isEmpty)
    }

    @Test func tiesShareTheirScore() {
        // Eight of ten bought once: they all get the frequency score of the first place of their tie.
        let customers = (0..<10).map { RFM.Input(id: "\($0)", recencyDays: 5, frequency: $0 < 8 ? 1 : 3, monetary: 10) }
        let scores = RFM.score(customers)
        #expect(Set(scores.prefix(8).map(\.frequency)) == [1] && Set(scores.suffix(2).map(\.frequency)) == [5])
        #expect(Set(scores.map(\.recency)) == [1] && Set(scores.map(\.monetary)) == [1])
    }

    @Test func deciles() {
        #expect(RFM.deciles((1...20).map(Double.init)) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10])
        #expect(RFM.deciles([5, 5, 5]) == [1, 1, 1] && RFM.deciles([]).isEmpty)
    }
}
