import ArgumentParser
import EncoreServer
import Foundation
import Logging

/// How a serving command logs: plain text or one JSON object per line, and from which level.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log format: text or json, one object per line (default: $ENCORE_LOG_FORMAT, then text).")
    var logFormat: String?
    @Option(help: "Lowest level logged: trace, debug, info, notice, warning, error or critical (default: $ENCORE_LOG_LEVEL, then info).")
    var logLevel: String?

    /// The format and level, from the options, then the environment, then the defaults.
    func resolved(_ environment: [String: String]) throws -> (json: Bool, level: Logger.Level) {
        let format = logFormat ?? environment["ENCORE_LOG_FORMAT"].flatMap { $0.isEmpty ? nil : $0 } ?? "text"
        guard format == "text" || format == "json" else {
            throw ValidationError("--log-format (or ENCORE_LOG_FORMAT) must be text or json, not \"\(format)\"")
        }
        let levelName = logLevel ?? environment["ENCORE_LOG_LEVEL"].flatMap { $0.isEmpty ? nil : $0 } ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--log-level (or ENCORE_LOG_LEVEL) must be one of \(names), not \"\(levelName)\"")
        }
        return (format == "json", level)
    }

    /// Sets the process's log handler; call once, before any logger is made.
    func bootstrap(_ environment: [String: String]) throws -> Logger {
        let (json, level) = try resolved(environment)
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "encore")
        logger.logLevel = level
        return logger
    }
}
