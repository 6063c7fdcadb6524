import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import EncoreCore
import EncoreStore

/// Settings of the HTTP server.
public struct ServerConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    /// Name shown in logs and on the home page.
    public var serverName: String

    public init(hostname: String = "127.0.0.1", port: Int = 8080, serverName: String = "Encore") {
        self.hostname = hostname
        self.port = port
        self.serverName = serverName
    }
}

/// Memory for rendered receipts unless told otherwise: 32 MiB, some two thousand pages.
public let defaultPageCacheBytes = 32 << 20

/// Builds the router with every route: the JSON API under /v1 (API key), Shopify webhooks,
/// /openapi.json, the probes (/health, /healthz, /readyz), /metrics and the home page. Tests drive
/// it directly. `links` verifies the signed links in messages (unsubscribe, preferences, tracked
/// clicks). `pageCacheBytes` bounds the rendered receipts kept in memory (0 renders every
/// request). Every request is given an id, counted and timed in `observability`. A request from
/// one of the `trustedProxies` has the client address its `X-Forwarded-For` names.
public func buildRouter(
    storage: any EncoreStorage, clock: any Clock = SystemClock(),
    links: LinkSigner = LinkSigner(secret: LinkSigner.generateSecret()), baseURL: String = "http://localhost:8080",
    pageCacheBytes: Int = defaultPageCacheBytes, observability: Observability = Observability(),
    trustedProxies: TrustedProxies = TrustedProxies()
) -> Router<EncoreRequestContext> {
    let router = Router(context: EncoreRequestContext.self)
    router.add(middleware: ClientAddressMiddleware(trusted: trustedProxies))
    router.add(middleware: RequestObservationMiddleware(metrics: observability.metrics, accessLog: observability.accessLog))
    router.add(middleware: JSONErrorMiddleware())
    HealthRoutes(storage: storage, readinessTimeout: observability.readinessTimeout).register(on: router)
    router.get("openapi.json") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    HomePage().register(on: router)
    ShopifyWebhookRoute(storage: storage, clock: clock).register(on: router)
    AdminRoutes.register(on: router, storage: storage, clock: clock, links: JourneyLinks(baseURL: baseURL, signer: links))
    LinkRoutes(storage: storage, signer: links, clock: clock).register(on: router)
    let pageCache = CareRoutes.register(
        on: router, storage: storage, clock: clock, signer: links, baseURL: baseURL, pageCacheBytes: pageCacheBytes)
    MetricsRoute(
        storage: storage, pageCache: pageCache, metrics: observability.metrics, token: observability.metricsToken,
        clock: clock, readTimeout: observability.databaseReadTimeout)
        .register(on: router)
    let v1 = router.group("v1").add(middleware: APIKeyMiddleware(storage: storage))
    V1Routes(storage: storage, clock: clock, committer: EventCommitter(storage: storage, clock: clock))
        .register(on: v1)
    // Last, once every route is known: it wraps only the not-found answer.
    router.add(middleware: MethodNotAllowedMiddleware(routes: RouteMethods(router.routes)))
    return router
}

/// Builds the whole application: the router on a server bound to `configuration`, with the
/// background `services` (journey worker, outbox sender) running beside it until shutdown.
public func buildApplication(
    storage: any EncoreStorage, configuration: ServerConfiguration, clock: any Clock = SystemClock(),
    links: LinkSigner = LinkSigner(secret: LinkSigner.generateSecret()), baseURL: String = "http://localhost:8080",
    services: [any Service] = [], pageCacheBytes: Int = defaultPageCacheBytes,
    observability: Observability = Observability(), trustedProxies: TrustedProxies = TrustedProxies(),
    logger: Logger = Logger(label: "encore")
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(
            storage: storage, clock: clock, links: links, baseURL: baseURL, pageCacheBytes: pageCacheBytes,
            observability: observability, trustedProxies: trustedProxies),
        configuration: .init(
            address: .hostname(configuration.hostname, port: configuration.port), serverName: configuration.serverName),
        services: services,
        logger: logger)
}
