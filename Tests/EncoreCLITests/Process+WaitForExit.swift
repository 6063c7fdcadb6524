import Foundation

extension Process {
    /// Waits until the process has ended by polling `isRunning`. `waitUntilExit()` spins the
    /// calling thread's run loop, which off the main thread can miss the child's end and park
    /// the thread for good (a Swift Testing worker, under load: the whole run then hangs).
    func waitForExit() {
        while isRunning { usleep(5_000) }
    }
}
