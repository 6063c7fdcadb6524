import EncoreCore
import EncoreStore
import Hummingbird

/// Registers every customer-facing page: the smart receipt, one-click surveys, the preference
/// centre, tracking and the review widget. Public POSTs share one rate limiter: 10 at once and
/// 30 a minute per address and per link token. Receipts are kept rendered in up to
/// `pageCacheBytes` while the storage can tell that nothing changed (SQLite; see `PageCache`),
/// which is returned for /metrics to report.
enum CareRoutes {
    @discardableResult
    static func register(
        on router: Router<EncoreRequestContext>, storage: any EncoreStorage, clock: any Clock, signer: LinkSigner,
        baseURL: String, pageCacheBytes: Int, limiter: RateLimiter = RateLimiter(burst: 10, perMinute: 30)
    ) -> PageCache? {
        let care = CareService(storage: storage, links: JourneyLinks(baseURL: baseURL, signer: signer), clock: clock)
        let guardian = FormGuard(signer: signer)
        let pages = storage.commitWatch.flatMap { watch in
            pageCacheBytes > 0 ? PageCache(watch: watch, capacityBytes: pageCacheBytes) : nil
        }
        ReceiptRoutes(care: care, signer: signer, guardian: guardian, limiter: limiter, pages: pages).register(on: router)
        SurveyRoutes(care: care, signer: signer, guardian: guardian, limiter: limiter).register(on: router)
        PreferenceRoutes(care: care, signer: signer, guardian: guardian, limiter: limiter).register(on: router)
        LoyaltyRoutes(care: care, signer: signer, guardian: guardian, limiter: limiter).register(on: router)
        ReferralRoutes(care: care, guardian: guardian, limiter: limiter).register(on: router)
        TrackingRoutes(care: care, guardian: guardian, limiter: limiter).register(on: router)
        ReviewWidgetRoutes(storage: storage).register(on: router)
        return pages
    }
}
