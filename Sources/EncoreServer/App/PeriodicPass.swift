import Logging
import ServiceLifecycle

/// Runs `pass` at once and then every `interval` until the task is cancelled or the service group
/// shuts down gracefully. A shutdown ends the wait at once, so the server stops without waiting
/// out an interval; a pass that fails is logged with `failure` and tried again after the interval.
func repeatUntilShutdown(every interval: Duration, logger: Logger, failure: String, _ pass: () async throws -> Void) async {
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
        do {
            try await pass()
        } catch is CancellationError {
            return
        } catch {
            logger.error("\(failure)", metadata: ["error": "\(error)"])
        }
        do {
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        } catch {
            return
        }
    }
}
