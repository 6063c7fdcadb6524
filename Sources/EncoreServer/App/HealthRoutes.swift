import EncoreCore
import EncoreStore
import Foundation
import Hummingbird
import Synchronization

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
        router.get("readyz") { _, _ in
            let problem = await readiness()
            guard let problem else { return V1Routes.json(.object([("status", .string("ready"))])) }
            return V1Routes.json(
                .object([("status", .string("unavailable")), ("reason", .string(problem))]), status: .serviceUnavailable)
        }
    }

    /// Nil when the database answered a read in time; otherwise why not. The probe answers by
    /// the timeout even when the read hangs (the read is left to finish on its own).
    func readiness() async -> String? {
        guard let sql = storage as? any SQLBackend else { return nil }
        let timeout = readinessTimeout
        return await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            Task {
                do {
                    _ = try await sql.read([SQLStatement("SELECT 1")])
                    answer.give(nil)
                } catch {
                    answer.give("the database did not answer: \(error)")
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                answer.give("the database did not answer within \(timeout)")
            }
        }
    }
}

/// Resumes a continuation with the first answer given; later ones are dropped.
private final class FirstAnswer: Sendable {
    private let continuation: Mutex<CheckedContinuation<String?, Never>?>

    init(_ continuation: CheckedContinuation<String?, Never>) { self.continuation = Mutex(continuation) }

    func give(_ answer: String?) {
        continuation.withLock { pending in
            pending?.resume(returning: answer)
            pending = nil
        }
    }
}
