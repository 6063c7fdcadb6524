import Foundation

/// Runs the built `encore` binary as a user would, capturing its output.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `encore` executable next to the test bundle (SwiftPM builds it because this target depends on it).
    static var binary: URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("encore")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/encore")
    }

    let database: String
    let directory: URL

    /// Runs `encore ARGS --database URL` and waits for it.
    func run(_ arguments: [String], database: Bool = true, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + (database ? ["--database", self.database] : [])
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ENCORE_DATABASE_URL")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitForExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts a long-running command (serve, demo) and returns the process; the caller terminates it.
    /// Its standard error goes to `errors` when given, else nowhere.
    func start(_ arguments: [String], database: Bool = true, errors: URL? = nil) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + (database ? ["--database", self.database] : [])
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        if let errors {
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errors)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return (process, out)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The stats JSON of every store, by store name.
    func stats() throws -> [String: [String: Any]] {
        let result = try run(["stats", "--json"])
        guard result.status == 0,
            let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            let stores = json["stores"] as? [[String: Any]]
        else { return [:] }
        var out: [String: [String: Any]] = [:]
        for store in stores { out[store["store"] as? String ?? ""] = store }
        return out
    }
}

/// A free TCP port on the loopback interface.
func freePort() -> Int {
    Int.random(in: 20_000...60_000)
}
