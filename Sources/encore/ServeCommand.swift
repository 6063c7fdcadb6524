import ArgumentParser
import Foundation
import Hummingbird
import Logging
import EncoreServer
import EncoreStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP server and its background workers.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "Address to bind.") var hostname: String = "127.0.0.1"

    func run() async throws {
        let storage = try await db.open()
        var logger = Logger(label: "encore")
        logger.logLevel = .info
        let app = buildApplication(
            storage: storage, configuration: ServerConfiguration(hostname: hostname, port: port), logger: logger)
        print("Encore listening on http://\(hostname):\(port) (database \(redacted(db.url)))")
        fflush(nil)  // all C streams; naming `stdout` is not concurrency-safe
        try await app.runService()
        try await storage.close()
    }
}
