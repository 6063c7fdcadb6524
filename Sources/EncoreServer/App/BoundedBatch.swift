import EncoreStore

/// How long one batch of a background worker may take before the worker gives up on it.
///
/// A batch normally takes well under a second. One that never finishes is a database connection
/// that died under a query (PostgreSQL restarted, the network cut) without the driver failing it:
/// the worker would wait forever. Past this bound the worker counts a failure and goes on; what
/// the batch had claimed is leased, so it is taken again when the lease lapses.
public let workerBatchTimeout: Duration = .seconds(60)

/// `body`'s result, or `StorageError.unavailable` when it has not finished within `timeout`
/// (`body` is then left to finish, or not, on its own).
func boundedBatch<T: Sendable>(
    _ worker: String, timeout: Duration = workerBatchTimeout, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    switch await withDeadline(timeout, body) {
    case .success(let value): return value
    case .failure(let error): throw error
    case nil:
        throw StorageError.unavailable(
            "the \(worker) batch did not finish within \(timeout): the database may have stopped answering")
    }
}
