import EncoreCore
import Foundation

/// Progress of an import, reported after each committed batch.
public struct ImportProgress: Sendable {
    public var bytesRead: Int64
    public var totalBytes: Int64
    public var rows: Int
    public var ordersWritten: Int
    public var rejected: Int
}

/// What an import did.
public struct ImportReport: Sendable {
    public var rows = 0
    public var orders = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var errors: [ImportRowError] = []
    /// True when `strict` found errors and nothing was written.
    public var aborted = false
}

/// Streams a file into a store: read in chunks, decode, write in batches of `batchSize` orders.
///
/// Each batch is one transaction, so a crash loses at most the batch in flight, and because
/// every write is an idempotent upsert keyed by the source's ids, running the same import again
/// finishes the job without duplicates. Memory is bounded by the chunk and batch sizes, not the
/// file. Imported orders are history (`origin: historical`): they never start journeys.
public struct FileImporter: Sendable {
    public var chunkSize = 64 << 10
    public var batchSize = 2_000
    /// Test hook: called after each committed batch with its index; throwing simulates a crash.
    public var afterBatch: (@Sendable (Int) throws -> Void)?

    public init() {}

    public func run(
        path: String, format: ImportFormat, store: Store, storage: any EncoreStorage, strict: Bool,
        clock: any Clock = SystemClock(), progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> ImportReport {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        let total = Int64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)??.int64Value ?? 0)
        var report = ImportReport()
        if strict {
            var decoder = makeImportDecoder(format: format, storeID: store.id, currency: store.currency)
            while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
                report.errors += decoder.feed(Array(chunk)).errors
            }
            report.errors += decoder.finish().errors
            if !report.errors.isEmpty {
                report.aborted = true
                return report
            }
            try handle.seek(toOffset: 0)
        }
        var decoder = makeImportDecoder(format: format, storeID: store.id, currency: store.currency)
        var pending: [ImportedOrder] = []
        var bytesRead: Int64 = 0
        var batchIndex = 0

        // One batch is written while the next is decoded and prepared: the database and the
        // decoder each get a core. A batch starts only after the previous one committed, so a crash
        // still loses at most the batch in flight.
        var inFlight: (task: Task<IngestResult, any Error>, count: Int)?

        func settle() async throws {
            guard let current = inFlight else { return }
            inFlight = nil
            let result = try await current.task.value
            for outcome in result.orders.values {
                switch outcome {
                case .created: report.created += 1
                case .updated: report.updated += 1
                case .unchanged: report.unchanged += 1
                }
            }
            report.orders += current.count
            try afterBatch?(batchIndex)
            batchIndex += 1
            progress?(
                ImportProgress(
                    bytesRead: bytesRead, totalBytes: total, rows: report.rows, ordersWritten: report.orders,
                    rejected: report.errors.count))
        }

        func write(_ items: ArraySlice<ImportedOrder>) async throws {
            guard !items.isEmpty else { return }
            var batch = IngestBatch(storeID: store.id, origin: .historical)
            batch.orders.reserveCapacity(items.count)
            batch.customers.reserveCapacity(items.count)
            for item in items {
                if let customer = item.customer { batch.customers.append(customer) }
                batch.products += item.products
                batch.orders.append(item.order)
            }
            try await settle()
            let ready = batch
            inFlight = (Task { try await storage.ingest(ready, now: clock.now()) }, items.count)
        }

        func absorb(_ output: ImportOutput) async throws {
            report.rows += output.rows
            report.errors += output.errors
            pending += output.orders
            var start = 0
            while pending.count - start >= batchSize {
                try await write(pending[start..<start + batchSize])
                start += batchSize
            }
            pending.removeFirst(start)
        }

        do {
            while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
                bytesRead += Int64(chunk.count)
                try await absorb(decoder.feed(Array(chunk)))
            }
            try await absorb(decoder.finish())
            try await write(pending[...])
            try await settle()
        } catch {
            // Never return while a write is still running.
            _ = try? await inFlight?.task.value
            throw error
        }
        progress?(
            ImportProgress(
                bytesRead: bytesRead, totalBytes: total, rows: report.rows, ordersWritten: report.orders,
                rejected: report.errors.count))
        return report
    }
}
