import EncoreCore
import Testing

@testable import EncoreLoyalty

extension GrowthTests {
    /// The hand-computed example. Baskets: {A,B} {A,B,C} {A,C} {B,D} {A}, so N = 5,
    /// n_A = 4, n_B = 3, n_C = 2, n_D = 1; n_AB = 2, n_AC = 2, n_BC = 1, n_BD = 1.
    /// lift   AB = 2*5/(4*3) = 5/6   AC = 2*5/(4*2) = 5/4   BC = 1*5/(3*2) = 5/6   BD = 1*5/(3*1) = 5/3
    /// cosine AB = 2/sqrt(12) = 1/sqrt(3)   AC = 2/sqrt(8) = 1/sqrt(2)   BC = 1/sqrt(6)   BD = 1/sqrt(3)
    @Suite struct CoPurchaseRankingTests {
        static let baskets = [["A", "B"], ["A", "B", "C"], ["A", "C"], ["B", "D"], ["A"]]
        let counts = CoPurchaseCounts(baskets: CoPurchaseRankingTests.baskets)

        func ranking(_ metric: CoPurchaseMetric, minSupport: Int64 = 1, minItems: Int64 = 1) -> CoPurchaseRanking {
            CoPurchaseRanking(
                counts: counts,
                options: CoPurchaseOptions(
                    metric: metric, neighbours: 10, minSupport: minSupport, minItemCount: minItems))
        }

        func skus(_ scores: [CoPurchaseScore]) -> [String] { scores.map(\.sku) }

        @Test func liftMatchesTheHandComputedValues() {
            let lift = ranking(.lift)
            // A: C (5/4) before B (5/6).
            #expect(
                lift.neighbours(of: "A") == [
                    CoPurchaseScore(sku: "C", score: 5.0 / 4.0, together: 2),
                    CoPurchaseScore(sku: "B", score: 5.0 / 6.0, together: 2),
                ])
            // B: D (5/3), then A and C tied at 5/6, A first by SKU.
            #expect(
                lift.neighbours(of: "B") == [
                    CoPurchaseScore(sku: "D", score: 5.0 / 3.0, together: 1),
                    CoPurchaseScore(sku: "A", score: 5.0 / 6.0, together: 2),
                    CoPurchaseScore(sku: "C", score: 5.0 / 6.0, together: 1),
                ])
            #expect(skus(lift.neighbours(of: "D")) == ["B"])
            #expect(lift.neighbours(of: "unknown").isEmpty)
            #expect(lift.productsWithNeighbours == 4)
        }

        @Test func cosineMatchesTheHandComputedValues() {
            let cosine = ranking(.cosine)
            let a = cosine.neighbours(of: "A")
            #expect(skus(a) == ["C", "B"])
            #expect(abs(a[0].score - 1 / 2.0.squareRoot()) < 1e-15)
            #expect(abs(a[1].score - 1 / 3.0.squareRoot()) < 1e-15)
            // B: A (2/sqrt 12) and D (1/sqrt 3) are the same number: an exact tie, A first; then C.
            let b = cosine.neighbours(of: "B")
            #expect(skus(b) == ["A", "D", "C"])
            #expect(b[0].score == b[1].score)
            #expect(abs(b[2].score - 1 / 6.0.squareRoot()) < 1e-15)
            #expect(CoPurchaseMetric.cosine.score(pair: 3, first: 3, second: 3, baskets: 9) == 1)
        }

        @Test func minimumSupportDropsRarePairs() {
            let lift = ranking(.lift, minSupport: 2)
            // Only AB and AC were bought together twice.
            #expect(skus(lift.neighbours(of: "A")) == ["C", "B"])
            #expect(skus(lift.neighbours(of: "B")) == ["A"])
            #expect(skus(lift.neighbours(of: "C")) == ["A"])
            #expect(lift.neighbours(of: "D").isEmpty)
            #expect(lift.productsWithNeighbours == 3)
        }

        @Test func minimumItemCountDropsRareProducts() {
            let lift = ranking(.lift, minItems: 2)
            // D is in one basket only: it neither has nor is a neighbour.
            #expect(skus(lift.neighbours(of: "B")) == ["A", "C"])
            #expect(lift.neighbours(of: "D").isEmpty)
        }

        @Test func listsKeepTheTopN() {
            let top1 = CoPurchaseRanking(counts: counts, options: CoPurchaseOptions(neighbours: 1, minSupport: 1))
            #expect(skus(top1.neighbours(of: "B")) == ["D"])
            #expect(CoPurchaseOptions(neighbours: 0, minSupport: -3).neighbours == 1)
            #expect(CoPurchaseOptions(neighbours: 0, minSupport: -3).minSupport == 1)
        }

        @Test func customerRecommendationsSumScoresAndLeaveOutWhatWasBought() {
            let lift = ranking(.lift)
            #expect(skus(lift.recommendations(forPurchased: ["A"], limit: 5)) == ["C", "B"])
            // Bought B and C: A = 5/6 (from B) + 5/4 (from C) = 25/12, together n_AB + n_AC = 4;
            // D = 5/3 (from B).
            let both = lift.recommendations(forPurchased: ["C", "B", "B", "nope"], limit: 5)
            #expect(skus(both) == ["A", "D"])
            #expect(abs(both[0].score - 25.0 / 12.0) < 1e-15)
            #expect(both[0].together == 4)
            #expect(both[1].score == 5.0 / 3.0)
            #expect(skus(lift.recommendations(forPurchased: ["B", "C"], limit: 1)) == ["A"])
            #expect(lift.recommendations(forPurchased: ["A"], limit: 0).isEmpty)
            #expect(lift.recommendations(forPurchased: ["A", "B", "C", "D"], limit: 5).isEmpty)
            #expect(lift.recommendations(forPurchased: ["nope"], limit: 5).isEmpty)
        }

        @Test func addingBasketsEqualsBuildingFromScratch() {
            var random = DemoRandom(seed: 42)
            let baskets: [[String]] = (0..<2_000).map { _ in
                (0..<random.int(in: 1...5)).map { _ in "P\(random.int(below: 60))" }
            }
            var incremental = CoPurchaseCounts(baskets: baskets.prefix(700))
            let options = CoPurchaseOptions(metric: .cosine, neighbours: 5, minSupport: 2)
            let early = CoPurchaseRanking(counts: incremental, options: options)
            incremental.add(baskets: baskets.dropFirst(700))
            let scratch = CoPurchaseCounts(baskets: baskets)
            #expect(incremental == scratch)
            let later = CoPurchaseRanking(counts: incremental, options: options)
            let fresh = CoPurchaseRanking(counts: scratch, options: options)
            let shuffled = CoPurchaseRanking(counts: CoPurchaseCounts(baskets: baskets.reversed()), options: options)
            var changed = 0
            for id in 0..<60 {
                let sku = "P\(id)"
                #expect(later.neighbours(of: sku) == fresh.neighbours(of: sku))
                #expect(shuffled.neighbours(of: sku) == fresh.neighbours(of: sku))
                if early.neighbours(of: sku) != later.neighbours(of: sku) { changed += 1 }
            }
            #expect(changed > 0)  // the recomputed lists do reflect the added baskets
            let customer = ["P3", "P17", "P41"]
            #expect(
                later.recommendations(forPurchased: customer, limit: 8)
                    == fresh.recommendations(forPurchased: customer.reversed(), limit: 8))
        }

        @Test func tiesBreakBySKUWhateverTheArrivalOrder() {
            // X goes with each of Q, M, Z, B exactly once; all four are otherwise alone: equal scores.
            let baskets = [["X", "Q"], ["X", "M"], ["X", "Z"], ["X", "B"]]
            for order in [baskets, baskets.reversed(), [baskets[2], baskets[0], baskets[3], baskets[1]]] {
                for metric in CoPurchaseMetric.allCases {
                    let ranking = CoPurchaseRanking(
                        counts: CoPurchaseCounts(baskets: order),
                        options: CoPurchaseOptions(metric: metric, neighbours: 3, minSupport: 1))
                    #expect(skus(ranking.neighbours(of: "X")) == ["B", "M", "Q"])
                }
            }
        }
    }
}
