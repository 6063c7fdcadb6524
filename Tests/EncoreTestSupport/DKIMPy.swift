import Foundation

/// dkimpy (PyPI `dkimpy`), an independent DKIM implementation, through `scripts/dkim-verify.py`:
/// the verifier a receiving mail server would be. Suites that need it carry
/// `.enabled(if: DKIMPy.shouldRun)`: skipped without it, except under `CI=true`, where they run and fail.
public enum DKIMPy {
    static let script: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/dkim-verify.py").path
    }()

    public static let isAvailable: Bool = (try? run(["python3", "-c", "import dkim"]).status) == 0
    public static var shouldRun: Bool { isAvailable || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// What dkimpy says of the message's signature, the key's record served for `selector` and `domain`:
    /// "pass", or "fail: why".
    public static func verify(_ message: [UInt8], selector: String, domain: String, record: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dkim-\(UUID().uuidString).eml")
        try Data(message).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try run(["python3", script, file.path, selector, domain, record])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning { usleep(5_000) }  // waitUntilExit() can park a test worker for good
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
