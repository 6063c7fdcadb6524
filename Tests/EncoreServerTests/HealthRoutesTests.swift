import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Server: the liveness and readiness probes")
struct HealthRoutesTests {
    static func body(_ response: TestResponse) throws -> [String: String] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: String])
    }

    @Test("/health and /healthz answer ok; /readyz is ready while the database answers, 503 with the reason once it is gone", arguments: Backend.enabled)
    func probes(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, url in
            // A bound a database shared by the whole parallel suite meets (2 s is for production).
            let app = Application(
                router: buildRouter(storage: storage, observability: Observability(readinessTimeout: .seconds(120))))
            try await app.test(.router) { client in
                for path in ["/health", "/healthz"] {
                    try await client.execute(uri: path, method: .get) { response in
                        #expect(response.status == .ok)
                        let body = try Self.body(response)
                        #expect(body == ["status": "ok"])
                    }
                }
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .ok)
                    let body = try Self.body(response)
                    #expect(body == ["status": "ready"])
                }
            }
            // A second storage on the same database, closed: every read fails.
            let closed = try await openStorage(url: url)
            try await closed.close()
            let gone = Application(router: buildRouter(storage: closed))
            try await gone.test(.router) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    let body = try Self.body(response)
                    #expect(body == ["status": "unavailable", "reason": "the database did not answer a read"], "the error text stays in the log")
                }
                try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
            }
        }
    }
}
