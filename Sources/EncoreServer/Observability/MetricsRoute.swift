import EncoreCore
import EncoreStore
import Hummingbird
import NIOCore

/// `GET /metrics`: the Prometheus text exposition of `ServerMetrics`, with the queues read from
/// the database at each scrape (within `readTimeout`; `encore_database_up` is 0 when it did not
/// answer, and the queue gauges keep their last reading), and the memory the storage and the
/// receipt page cache hold.
///
/// When `token` is set the scrape must send `Authorization: Bearer <token>` (compared in constant
/// time); otherwise it answers 401. The figures carry no store or customer data either way.
struct MetricsRoute {
    let storage: any EncoreStorage
    let pageCache: PageCache?
    let metrics: ServerMetrics
    let token: String?
    let clock: any Clock
    let readTimeout: Duration

    func register(on router: Router<EncoreRequestContext>) {
        router.get("metrics") { request, _ in
            if let token, !Self.authorized(request.headers[.authorization], token: token) {
                throw APIError(.unauthorized, field: "Authorization", reason: "a metrics bearer token is required")
            }
            let storage = self.storage
            let now = clock.now()
            let health = try? await withDeadline(readTimeout, { try await storage.queueHealth(now: now) })?.get()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition(
                    queues: health,
                    memory: MemoryFigures(storageBytes: storage.memoryInUse, pageCache: pageCache?.footprint)))))
        }
    }

    /// Whether the header is `Bearer <token>`, compared in time that depends on the lengths only.
    static func authorized(_ header: String?, token: String) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        return AdminAuth.constantTimeEqual(String(header.dropFirst("Bearer ".count)), token)
    }
}
