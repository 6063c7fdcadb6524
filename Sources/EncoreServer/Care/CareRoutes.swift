import EncoreCore
import EncoreStore
import Hummingbird

/// Registers every customer-facing page: the smart receipt, one-click surveys, the preference
/// centre, tracking and the review widget. Public POSTs share one rate limiter: 10 at once and
/// 30 a minute per address and per link token.
enum CareRoutes {
    static func register(
        on router: Router<EncoreRequestContext>, storage: any EncoreStorage, clock: any Clock, signer: LinkSigner,
        baseURL: String, limiter: RateLimiter = RateLimiter(burst: 10, perMinute: 30)
    ) {
        let care = CareService(storage: storage, links: JourneyLinks(baseURL: baseURL, signer: signer), clock: clock)
        let guardian = FormGuard(signer: signer)
        ReceiptRoutes(care: care, signer: signer, guardian: guardian, limiter: limiter).register(on: router)
        SurveyRoutes(care: care, signer: signer, guardian: guardian, limiter: limiter).register(on: router)
        PreferenceRoutes(care: care, signer: signer, guardian: guardian, limiter: limiter).register(on: router)
        TrackingRoutes(care: care, guardian: guardian, limiter: limiter).register(on: router)
        ReviewWidgetRoutes(storage: storage).register(on: router)
    }
}
