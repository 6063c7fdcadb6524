import EncoreCore
import Testing

@testable import EncoreLoyalty

extension GrowthTests {
    @Suite struct CoPurchaseCountsTests {
        @Test func countsItemsPairsAndBasketsWithDuplicatesOnce() {
            var counts = CoPurchaseCounts()
            #expect(counts.add(basket: ["A", "B", "A"]) == .counted)
            #expect(counts.add(basket: ["B", "C"]) == .counted)
            #expect(counts.add(basket: ["", ""]) == .empty)
            #expect(counts.add(basket: [String]()) == .empty)
            #expect(counts.basketCount == 2)
            #expect(counts.productCount == 3)
            #expect(counts.pairCount == 2)
            #expect(counts.itemCount("A") == 1)
            #expect(counts.itemCount("B") == 2)
            #expect(counts.itemCount("Z") == 0)
            #expect(counts.pairCount("A", "B") == 1)
            #expect(counts.pairCount("B", "A") == 1)
            #expect(counts.pairCount("A", "C") == 0)
            #expect(counts.pairCount("A", "A") == 0)
            #expect(counts.pairCount("A", "Z") == 0)
        }

        @Test func oversizeBasketsAreTruncatedToTheFirstDistinctSKUs() {
            var counts = CoPurchaseCounts(basketRule: CoPurchaseBasketRule(cap: 3, oversize: .truncate))
            // 5 lines, 4 distinct: keeps A, B, C (first three distinct in line order), drops D.
            #expect(counts.add(basket: ["A", "B", "A", "C", "D"]) == .truncated)
            #expect(counts.basketCount == 1)
            #expect(counts.truncatedBaskets == 1)
            #expect(counts.itemCount("D") == 0)
            #expect(counts.pairCount("A", "C") == 1)
            #expect(counts.pairCount("C", "D") == 0)
            #expect(counts.productCount == 3)
            // Four lines but three distinct: not over the cap.
            #expect(counts.add(basket: ["A", "A", "B", "C"]) == .counted)
            #expect(counts.pairCount("A", "B") == 2)
        }

        @Test func oversizeBasketsAreSkippedEntirelyByDefault() {
            #expect(CoPurchaseBasketRule() == CoPurchaseBasketRule(cap: 50, oversize: .skip))
            var counts = CoPurchaseCounts(basketRule: CoPurchaseBasketRule(cap: 2))
            #expect(counts.add(basket: ["A", "B", "C"]) == .skipped)
            #expect(counts.basketCount == 0)
            #expect(counts.skippedBaskets == 1)
            #expect(counts.productCount == 0)
            #expect(counts.add(basket: ["A", "B"]) == .counted)
            #expect(counts.pairCount("A", "B") == 1)
            #expect(CoPurchaseBasketRule(cap: 0).cap == 2)
        }

        @Test func aBigBasketAddsEveryPair() {
            let skus = (0..<50).map { "P\($0)" }
            let counts = CoPurchaseCounts(baskets: [skus])
            #expect(counts.pairCount == 50 * 49 / 2)
            #expect(counts.pairCount("P0", "P49") == 1)
        }

        @Test func theTableGrowsWithoutLosingCounts() {
            var counts = CoPurchaseCounts(expectedPairs: 1)
            for index in 0..<3_000 { counts.add(basket: ["X\(index)", "Y\(index)", "Z"]) }
            #expect(counts.pairCount == 9_000)  // X-Y, X-Z, Y-Z per basket, all distinct
            #expect(counts.pairCount("X7", "Y7") == 1)
            #expect(counts.pairCount("Y2999", "Z") == 1)
            #expect(counts.itemCount("Z") == 3_000)
        }

        @Test func orderBasketsUseSKUsAndSkipCancelledOrders() {
            let lines = [
                LineItem(key: "1", sku: "MUG", title: "Mug", quantity: 2, unitPrice: 900),
                LineItem(key: "2", sku: nil, title: "Gift wrap", quantity: 1, unitPrice: 200),
                LineItem(key: "3", sku: "", title: "Sample", quantity: 1, unitPrice: 0),
                LineItem(key: "4", sku: "TEA", title: "Tea", quantity: 1, unitPrice: 1200),
            ]
            var order = Order(
                storeID: 1, key: "o1", customerKey: "c1", placedAt: GrowthTests.instant("2024-05-01T10:00:00Z"),
                currency: .usd, subtotal: 3200, total: 3200, lines: lines)
            #expect(CoPurchaseCounts.basket(of: order) == ["MUG", "TEA"])
            order.cancelledAt = GrowthTests.instant("2024-05-01T11:00:00Z")
            #expect(CoPurchaseCounts.basket(of: order).isEmpty)
        }

        @Test func equalityIgnoresTheOrderProductsWereFirstSeen() {
            let baskets = [["A", "B"], ["B", "C"], ["C", "A", "D"]]
            let forward = CoPurchaseCounts(baskets: baskets)
            let backward = CoPurchaseCounts(baskets: baskets.reversed().map { $0.reversed() })
            #expect(forward == backward)
            #expect(forward != CoPurchaseCounts(baskets: baskets.dropLast()))
            #expect(forward != CoPurchaseCounts(baskets: baskets + [["A", "B"]]))
            #expect(forward.approximateMemoryBytes > 0)
            // Same sizes, different pairs.
            #expect(
                CoPurchaseCounts(baskets: [["A", "B"], ["C", "D"]])
                    != CoPurchaseCounts(baskets: [["A", "C"], ["B", "D"]]))
            // Same sizes, different item counts.
            #expect(
                CoPurchaseCounts(baskets: [["A", "B"], ["A", "C"]])
                    != CoPurchaseCounts(baskets: [["A", "B"], ["B", "C"]]))
        }
    }
}
