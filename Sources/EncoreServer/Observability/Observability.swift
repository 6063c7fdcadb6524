/// What the server reports about itself: the metrics it records and serves at `/metrics`, who may
/// read them, and whether each request is logged.
public struct Observability: Sendable {
    /// Where requests and deliveries are counted; shared with the background services.
    public var metrics: ServerMetrics
    /// The bearer token `/metrics` requires; nil serves it to anyone who can reach the port.
    public var metricsToken: String?
    /// Logs one line per request (method, route pattern, status, duration, request id).
    public var accessLog: Bool
    /// How long a scrape waits for the queue figures; past it `encore_database_up` reads 0.
    public var databaseReadTimeout: Duration
    /// How long `/readyz` waits for its database read; past it the instance is not ready (503).
    public var readinessTimeout: Duration

    public init(
        metrics: ServerMetrics = ServerMetrics(), metricsToken: String? = nil, accessLog: Bool = false,
        databaseReadTimeout: Duration = .seconds(5), readinessTimeout: Duration = .seconds(2)
    ) {
        self.metrics = metrics
        self.metricsToken = metricsToken
        self.accessLog = accessLog
        self.databaseReadTimeout = databaseReadTimeout
        self.readinessTimeout = readinessTimeout
    }
}
