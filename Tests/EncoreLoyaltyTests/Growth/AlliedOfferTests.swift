import EncoreCore
import Testing

@testable import EncoreLoyalty

extension GrowthTests {
    /// Spend 150.00 USD at store 1 within 30 days, from 1 March to 1 June 2024, get 25.00 at store 2.
    @Suite struct AlliedOfferTests {
        let offer = AlliedOffer(
            key: "a-to-b", sourceStoreID: 1, targetStoreID: 2, partnerID: 7, threshold: 15_000, currency: .usd,
            windowDays: 30, reward: .credit(amount: 2_500, currency: .usd),
            startsAt: GrowthTests.instant("2024-03-01T00:00:00Z"), endsAt: GrowthTests.instant("2024-06-01T00:00:00Z"))
        let now = GrowthTests.instant("2024-12-31T00:00:00Z")

        func at(_ iso: String) -> Timestamp { GrowthTests.instant(iso) }

        @Test func purchasesJustInsideTheWindowQualify() {
            // 30 days after 10 March 10:00 is 9 April 10:00; one millisecond before is inside.
            let purchases = [
                (at: at("2024-03-10T10:00:00Z"), amount: Int64(10_000)),
                (at: at("2024-04-09T09:59:59.999Z"), amount: 5_000),
            ]
            #expect(offer.qualification(purchases: purchases, now: now) == at("2024-04-09T09:59:59.999Z"))
            #expect(offer.windowMilliseconds == 2_592_000_000)
        }

        @Test func purchasesExactlyAWindowApartDoNot() {
            let purchases = [
                (at: at("2024-03-10T10:00:00Z"), amount: Int64(10_000)),
                (at: at("2024-04-09T10:00:00Z"), amount: 5_000),
            ]
            #expect(offer.qualification(purchases: purchases, now: now) == nil)
        }

        @Test func theWindowSlides() {
            // 6,000 on days 0, 20 and 40: any 30-day window holds 12,000 at most.
            let spread = [
                (at: at("2024-03-02T00:00:00Z"), amount: Int64(6_000)), (at: at("2024-04-11T00:00:00Z"), amount: 6_000),
                (at: at("2024-03-22T00:00:00Z"), amount: 6_000),
            ]
            #expect(offer.qualification(purchases: spread, now: now) == nil)
            // A fourth purchase on day 45 gives days 20 + 40 + 45 = 18,000, and not before.
            let more = spread + [(at: at("2024-04-16T00:00:00Z"), amount: Int64(6_000))]
            #expect(offer.qualification(purchases: more, now: now) == at("2024-04-16T00:00:00Z"))
            // Reaching the threshold exactly counts.
            let exact = [(at: at("2024-03-05T00:00:00Z"), amount: Int64(15_000))]
            #expect(offer.qualification(purchases: exact, now: now) == at("2024-03-05T00:00:00Z"))
        }

        @Test func onlyPurchasesInsideTheOfferDatesCount() {
            let beforeStart = [
                (at: at("2024-02-29T23:59:59.999Z"), amount: Int64(10_000)),
                (at: at("2024-03-01T00:00:00Z"), amount: 5_000),
            ]
            #expect(offer.qualification(purchases: beforeStart, now: now) == nil)
            let atEnd = [
                (at: at("2024-05-20T00:00:00Z"), amount: Int64(10_000)),
                (at: at("2024-06-01T00:00:00Z"), amount: 5_000),
            ]
            #expect(offer.qualification(purchases: atEnd, now: now) == nil)
            let lastMoment = [
                (at: at("2024-05-20T00:00:00Z"), amount: Int64(10_000)),
                (at: at("2024-05-31T23:59:59.999Z"), amount: 5_000),
            ]
            #expect(offer.qualification(purchases: lastMoment, now: now) == at("2024-05-31T23:59:59.999Z"))
            let atStart = [(at: at("2024-03-01T00:00:00Z"), amount: Int64(15_000))]
            #expect(offer.qualification(purchases: atStart, now: now) == at("2024-03-01T00:00:00Z"))
        }

        @Test func purchasesAfterNowAndNonPositiveAmountsAreIgnored() {
            let purchases = [
                (at: at("2024-03-10T00:00:00Z"), amount: Int64(10_000)),
                (at: at("2024-03-11T00:00:00Z"), amount: -5_000),
                (at: at("2024-03-12T00:00:00Z"), amount: 0), (at: at("2024-03-20T00:00:00Z"), amount: 5_000),
            ]
            #expect(offer.qualification(purchases: purchases, now: at("2024-03-19T00:00:00Z")) == nil)
            #expect(
                offer.qualification(purchases: purchases, now: at("2024-03-20T00:00:00Z")) == at("2024-03-20T00:00:00Z")
            )
            #expect(offer.qualification(purchases: [], now: now) == nil)
        }

        @Test func hugeAmountsDoNotOverflow() {
            let purchases = [
                (at: at("2024-03-10T00:00:00Z"), amount: Int64.max),
                (at: at("2024-03-11T00:00:00Z"), amount: Int64.max),
            ]
            #expect(offer.qualification(purchases: purchases, now: now) == at("2024-03-10T00:00:00Z"))
        }

        @Test func progressCountsTheWindowEndingNow() {
            let purchases = [
                (at: at("2024-02-20T00:00:00Z"), amount: Int64(9_000)),  // before the offer
                (at: at("2024-03-02T00:00:00Z"), amount: 4_000),  // 30 days before "now": outside the window
                (at: at("2024-03-10T00:00:00Z"), amount: 5_000),
                (at: at("2024-03-20T00:00:00Z"), amount: -2_000),  // a refund is not a purchase
                (at: at("2024-03-31T00:00:00Z"), amount: 3_000),
                (at: at("2024-04-02T00:00:00Z"), amount: 7_000),  // after "now"
            ]
            #expect(offer.progress(purchases: purchases, now: at("2024-04-01T00:00:00Z")) == 8_000)
            #expect(offer.progress(purchases: purchases, now: at("2024-04-01T00:00:00Z").adding(seconds: -1)) == 12_000)
            #expect(offer.progress(purchases: [], now: now) == 0)
            let huge = [(at: at("2024-03-10T00:00:00Z"), amount: Int64.max), (at: at("2024-03-11T00:00:00Z"), amount: Int64.max)]
            #expect(offer.progress(purchases: huge, now: at("2024-03-12T00:00:00Z")) == Int64.max)
            #expect(offer.isRunning(at: at("2024-03-01T00:00:00Z")) && !offer.isRunning(at: at("2024-06-01T00:00:00Z")))
        }

        @Test func validation() {
            #expect(offer.validate().isEmpty)
            let bad = AlliedOffer(
                key: "", sourceStoreID: 3, targetStoreID: 3, partnerID: 7, threshold: 0, currency: .eur, windowDays: 0,
                reward: .points(0), startsAt: at("2024-03-01T00:00:00Z"), endsAt: at("2024-03-01T00:00:00Z"))
            #expect(
                bad.validate().map(\.field) == ["key", "targetStoreID", "threshold", "windowDays", "reward", "endsAt"])
            #expect(AlliedReward.points(40).unit == .points)
            #expect(AlliedReward.credit(amount: 2_500, currency: .eur).unit == .money(.eur))
            #expect(AlliedReward.credit(amount: 2_500, currency: .eur).amount == 2_500)
        }
    }
}
