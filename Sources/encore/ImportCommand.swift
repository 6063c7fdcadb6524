import ArgumentParser
import Foundation
import EncoreCore
import EncoreStore

extension ImportFormat: ExpressibleByArgument {}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import historical orders from a file (streaming, idempotent).",
        discussion: """
            Formats: shopify (Shopify's order export CSV), csv (Encore's generic CSV, see docs/IMPORT.md),
            cdnow (the CDNOW purchase log). Bad rows are reported with their line number and skipped;
            with --strict nothing is imported if any row is bad. Importing the same file again changes
            nothing, and re-running after a crash completes the import without duplicates.
            Exit status: 0 all rows imported; 3 some rows rejected (the rest imported); 1 failure.
            """)
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The file to import.") var file: String
    @Option(help: "shopify, csv or cdnow.") var format: ImportFormat
    @Option(help: "Store to import into (created if missing).") var store: String = "default"
    @Option(help: "Currency of a new store, and of rows that name none.") var currency: String = "USD"
    @Flag(help: "Import nothing if any row is bad.") var strict = false

    func validate() throws {
        if let problem = Store.validateName(store) { throw ValidationError("store name \(problem)") }
        if Currency(code: currency) == nil { throw ValidationError("'\(currency)' is not an ISO 4217 currency code") }
        if !FileManager.default.isReadableFile(atPath: file) { throw ValidationError("cannot read '\(file)'") }
    }

    func run() async throws {
        let storage = try await db.open()
        var target = try await storage.store(named: store)
        if target == nil {
            target = try await storage.createStore(
                name: store, organisation: nil, currency: Currency(code: currency)!, timeZone: "UTC", webhookSecret: nil,
                now: SystemClock().now())
            printError("created store \(store)")
        }
        let started = ContinuousClock.now
        let bar = ProgressBar(interactive: isatty(STDERR_FILENO) == 1)
        let report: ImportReport
        do {
            var importer = FileImporter()
            if let crash = ProcessInfo.processInfo.environment["ENCORE_IMPORT_CRASH_AFTER_BATCH"].flatMap(Int.init) {
                // Fault injection for the crash-recovery test: die hard after a committed batch.
                importer.afterBatch = { index in if index == crash { Foundation.exit(9) } }
            }
            report = try await importer.run(
                path: file, format: format, store: target!, storage: storage, strict: strict,
                progress: { bar.update($0) })
        } catch {
            bar.finish()
            try? await storage.close()
            throw ValidationError("import failed: \(error)")
        }
        bar.finish()
        try await storage.close()
        for error in report.errors.prefix(1000) { printError("\(file):\(error)") }
        if report.errors.count > 1000 { printError("... and \(report.errors.count - 1000) more rejected rows") }
        if report.aborted {
            printError("--strict: \(report.errors.count) bad row(s); nothing imported")
            throw ExitCode(3)
        }
        let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        let rate = seconds > 0 ? Int(Double(report.rows) / seconds) : 0
        print(
            "imported \(report.orders) orders from \(report.rows) rows into \(store): \(report.created) new, \(report.updated) updated, \(report.unchanged) unchanged, \(report.errors.count) rejected (\(rate) rows/s)"
        )
        if !report.errors.isEmpty { throw ExitCode(3) }
    }
}

/// Progress on standard error: a redrawn bar on a terminal; otherwise (a pipe, a log file) a plain
/// line each time another tenth of the file is done, so logs get at most about ten lines.
final class ProgressBar: @unchecked Sendable {
    private let interactive: Bool
    private let lock = NSLock()
    private var lastPrint = ContinuousClock.now
    private var drawn = false
    private var lastPlainPercent = 0

    init(interactive: Bool) { self.interactive = interactive }

    func update(_ progress: ImportProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        let fraction = progress.totalBytes > 0 ? Double(progress.bytesRead) / Double(progress.totalBytes) : 0
        let percent = Int(fraction * 100)
        if interactive {
            guard now - lastPrint > .milliseconds(100) || percent == 100 else { return }
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(
                Data("\r[\(bar)] \(percent)% \(progress.rows) rows, \(progress.rejected) rejected".utf8))
            drawn = true
        } else {
            guard percent >= lastPlainPercent + 10 else { return }
            lastPlainPercent = percent - percent % 10
            printError("progress: \(percent)% \(progress.rows) rows, \(progress.ordersWritten) orders, \(progress.rejected) rejected")
        }
        lastPrint = now
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if interactive && drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
