import Synchronization

/// What `operation` came to, or nil when it had not finished after `timeout`. Returns by the
/// timeout even when the operation hangs; the operation is then left to finish on its own (a
/// database read cannot be taken back), and what it comes to is dropped.
///
/// Unlike a task group racing a sleep, which waits for every child before it returns, this
/// returns when the first answer comes, so an operation that never completes cannot hold it.
public func withDeadline<T: Sendable>(
    _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
) async -> Result<T, any Error>? {
    await withCheckedContinuation { continuation in
        let answer = FirstAnswer<Result<T, any Error>?>(continuation)
        Task {
            do {
                answer.give(.success(try await operation()))
            } catch {
                answer.give(.failure(error))
            }
        }
        Task {
            try? await Task.sleep(for: timeout)
            answer.give(nil)
        }
    }
}

/// Resumes a continuation with the first answer given; later ones are dropped.
private final class FirstAnswer<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, Never>?>

    init(_ continuation: CheckedContinuation<Value, Never>) { self.continuation = Mutex(continuation) }

    func give(_ answer: Value) {
        continuation.withLock { pending in
            pending?.resume(returning: answer)
            pending = nil
        }
    }
}
