import EncoreStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EncoreServer

@Suite("Workers: a batch that never finishes is given up on, not waited for")
struct BoundedBatchTests {
    @Test("a hung batch fails as the database being unavailable by the bound; a quick one passes its result or error through")
    func bounds() async throws {
        let started = ContinuousClock.now
        await #expect {
            // What a query on a connection that died without failing its promise looks like.
            try await boundedBatch("test", timeout: .milliseconds(200)) { () async throws -> Int in
                try await Task.sleep(for: .seconds(3_600))
                return 1
            }
        } throws: { error in
            StorageError.isUnavailability(error) && "\(error)".contains("the test batch did not finish")
        }
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(try await boundedBatch("test", timeout: .seconds(60)) { 7 } == 7)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await boundedBatch("test", timeout: .seconds(60)) { () async throws -> Int in throw Refused() }
        }
    }

    @Test("an API write the database never confirms is answered 503 JSON by the bound; a quick one as usual")
    func boundedWrites() async throws {
        let router = Router(context: EncoreRequestContext.self)
        router.add(middleware: JSONErrorMiddleware())
        router.post(
            "hung",
            use: V1Routes.bounded({ _, _ in
                try await Task.sleep(for: .seconds(3_600))
                return Response(status: .created)
            }, timeout: .milliseconds(200)))
        router.post("quick", use: V1Routes.bounded({ _, _ in Response(status: .created) }, timeout: .seconds(60)))
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/hung", method: .post) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("did not confirm the write"))
            }
            try await client.execute(uri: "/quick", method: .post) { #expect($0.status == .created) }
        }
    }
}
