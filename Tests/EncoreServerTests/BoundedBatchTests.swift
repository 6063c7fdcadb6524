import EncoreStore
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
}
