import EncoreCore
import EncoreStore
import Foundation
import Hummingbird
import Logging

/// The probes a load balancer or an orchestrator asks: `/health` and `/healthz` (liveness: the
/// process answers HTTP), and `/readyz` (readiness: the database answers a read within
/// `readinessTimeout`; 503 with the reason otherwise, so traffic moves to another instance while
/// this one's database is away).
struct HealthRoutes {
    let storage: any EncoreStorage
    var readinessTimeout: Duration = .seconds(2)

    func register(on router: Router<EncoreRequestContext>) {
        for path in ["health", "healthz"] {
            router.get(RouterPath(path)) { _, _ in V1Routes.json(.object([("status", .string("ok"))])) }
        }
        router.get("readyz") { _, context in
            let problem = await readiness()
            if let problem { context.logger.warning("not ready", metadata: ["reason": .string(problem)]) }
            guard let problem else { return V1Routes.json(.object([("status", .string("ready"))])) }
            // The database's own error text stays in the log: a probe is often reachable by anyone.
            let reason = problem.hasPrefix("the database did not answer within") ? problem : "the database did not answer a read"
            return V1Routes.json(
                .object([("status", .string("unavailable")), ("reason", .string(reason))]), status: .serviceUnavailable)
        }
    }

    /// Nil when the database answered a read in time; otherwise why not. The probe answers by
    /// the timeout even when the read hangs (the read is left to finish on its own).
    func readiness() async -> String? {
        guard let sql = storage as? any SQLBackend else { return nil }
        switch await withDeadline(readinessTimeout, { try await sql.read([SQLStatement("SELECT 1")]) }) {
        case .success: return nil
        case .failure(let error): return "the database did not answer: \(error)"
        case nil: return "the database did not answer within \(readinessTimeout)"
        }
    }
}
