import EncoreCore
import EncoreLoyalty

/// A ledger batch cut into parts by customer, so a part can be planned while the rows of the
/// parts before it are written (`pipelinedTransaction`). Every request of a customer falls in
/// that customer's part, in batch order, so each book sees its operations in the order given.
struct LedgerParts: Sendable {
    /// Requests per part: about this many, never splitting a customer (small parts start the
    /// overlap early; a part costs a few statements more).
    static var requestsPerPart: Int { 250 }

    /// The customers of each part, in the order first named.
    let customers: [[String]]
    /// The batch positions of each part's requests, in batch order.
    private let positions: [[Int]]
    private let batch: [LedgerRequest]

    init(requests: [LedgerRequest], customers: [String]) {
        let count = max(1, min(customers.count, requests.count / Self.requestsPerPart))
        let size = (customers.count + count - 1) / count
        let groups = stride(from: 0, to: customers.count, by: size).map {
            Array(customers[$0..<min($0 + size, customers.count)])
        }
        var partOf: [String: Int] = [:]
        for (part, group) in groups.enumerated() {
            for customer in group { partOf[customer] = part }
        }
        var positions = Array(repeating: [Int](), count: groups.count)
        for (position, request) in requests.enumerated() {
            guard let part = partOf[request.customerKey] else { preconditionFailure("every request's customer is named") }
            positions[part].append(position)
        }
        self.customers = groups
        self.positions = positions
        self.batch = requests
    }

    /// The requests of `part`, in batch order.
    func requests(of part: Int) -> [LedgerRequest] {
        positions[part].map { batch[$0] }
    }

    /// The parts' results back in batch order.
    func merge(_ results: [[Result<LedgerChange, LedgerError>]]) -> [Result<LedgerChange, LedgerError>] {
        var merged = [Result<LedgerChange, LedgerError>?](repeating: nil, count: batch.count)
        for (part, partResults) in zip(positions, results) {
            for (position, result) in zip(part, partResults) { merged[position] = result }
        }
        return merged.map { result in
            guard let result else { preconditionFailure("every request has a result") }
            return result
        }
    }
}

/// One part of a ledger batch: its requests in order and what its customers' books are made of.
struct LedgerPart: Sendable {
    let requests: [LedgerRequest]
    let books: [String: LoadedBook]
}
