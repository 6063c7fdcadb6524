import EncoreCore
import EncoreLoyalty

extension SQLBackend {
    /// Customers, event keys and lot keys per statement of a batch's reads: a few statements
    /// read thousands of customers' books (each statement costs a compile or a cache look-up, a
    /// bind and a step; each row only its values).
    static var ledgerReadChunk: Int { 250 }

    /// The reads of a ledger batch, in four groups: the customers' open lots, their debts, the
    /// batch's event keys already applied, and the used-up lots the requests name; each group
    /// in statements of up to `ledgerReadChunk` customers or keys. `books` reads the rows back.
    static func batchReads(
        storeID: StoreID, customers: [String], eventKeys: [String: [String]], named: [String: Set<String>]
    ) -> [SQLStatement] {
        func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
        func chunks(_ values: [String]) -> [[String]] {
            stride(from: 0, to: values.count, by: ledgerReadChunk).map {
                Array(values[$0..<min($0 + ledgerReadChunk, values.count)])
            }
        }
        let store: [SQLValue] = [.int(storeID)]
        var reads: [SQLStatement] = []
        for part in chunks(customers) {
            reads.append(
                SQLStatement(
                    "SELECT \(lotColumns), customer_key FROM loyalty_lots WHERE store_id = ? AND customer_key IN (\(marks(part.count))) AND open = 1",
                    store + part.map { .text($0) }))
        }
        for part in chunks(customers) {
            reads.append(
                SQLStatement(
                    "SELECT customer_key, debt FROM loyalty_accounts WHERE store_id = ? AND customer_key IN (\(marks(part.count)))",
                    store + part.map { .text($0) }))
        }
        for part in chunks(customers.flatMap { eventKeys[$0] ?? [] }) {
            reads.append(
                SQLStatement(
                    "SELECT event_key FROM loyalty_applied WHERE store_id = ? AND event_key IN (\(marks(part.count)))",
                    store + part.map { .text($0) }))
        }
        for part in chunks(customers.flatMap { (named[$0] ?? []).sorted() }) {
            reads.append(
                SQLStatement(
                    "SELECT \(lotColumns), customer_key FROM loyalty_lots WHERE store_id = ? AND open = 0 AND lot_key IN (\(marks(part.count)))",
                    store + part.map { .text($0) }))
        }
        return reads
    }

    /// What each customer's book is made of, from the rows of `batchReads`: their open lots and
    /// the used-up lots they named (a lot of another customer is never theirs), their debt, and
    /// which of their event keys were applied. The lots are decoded and the books made where
    /// they are used (`planLedger`), off the writer's thread when the batch is pipelined.
    static func loadedBooks(
        customers: [String], eventKeys: [String: [String]], named: [String: Set<String>], reads: Int,
        rows: [[SQLRow]]
    ) -> [String: LoadedBook] {
        var lots: [String: [SQLRow]] = [:]
        var debts: [String: Int64] = [:]
        var applied: Set<String> = []
        let customerChunks = (customers.count + ledgerReadChunk - 1) / ledgerReadChunk
        let keyCount = customers.reduce(0) { $0 + (eventKeys[$1]?.count ?? 0) }
        let keyChunks = (keyCount + ledgerReadChunk - 1) / ledgerReadChunk
        precondition(rows.count == reads, "one result per read")
        for (index, result) in rows.enumerated() {
            switch index {
            case ..<customerChunks, (customerChunks * 2 + keyChunks)...:
                for row in result {
                    let owner = row.text(lotColumnCount)
                    if index < customerChunks || named[owner]?.contains(row.text(0)) == true { lots[owner, default: []].append(row) }
                }
            case ..<(customerChunks * 2):
                for row in result { debts[row.text(0)] = row.int(1) }
            default:
                for row in result { applied.insert(row.text(0)) }
            }
        }
        var books: [String: LoadedBook] = [:]
        for customerKey in customers {
            books[customerKey] = LoadedBook(
                lotRows: lots[customerKey] ?? [], debt: debts[customerKey] ?? 0,
                appliedKeys: Set((eventKeys[customerKey] ?? []).filter { applied.contains($0) }))
        }
        return books
    }
}

/// One customer's lots (their rows, decoded where the book is made), debt and applied event keys
/// as read, before they become a `LotBook`.
struct LoadedBook: Sendable {
    let lotRows: [SQLRow]
    let debt: Int64
    let appliedKeys: Set<String>
}
