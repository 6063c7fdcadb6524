import EncoreCore
import EncoreLoyalty

extension SQLBackend {
    public func orderBaskets(storeID: StoreID, after: String?, limit: Int) async throws
        -> (baskets: [[String]], last: String?)
    {
        let rows = try await read([
            SQLStatement(
                """
                SELECT o.order_key, l.sku FROM (
                    SELECT order_key FROM orders WHERE store_id = ? AND order_key > ? AND cancelled_at IS NULL
                    ORDER BY order_key LIMIT ?) o
                JOIN line_items l ON l.store_id = ? AND l.order_key = o.order_key
                WHERE l.sku IS NOT NULL ORDER BY o.order_key
                """, [.int(storeID), .text(after ?? ""), .int(Int64(limit)), .int(storeID)]),
            SQLStatement(
                """
                SELECT MAX(order_key) FROM (
                    SELECT order_key FROM orders WHERE store_id = ? AND order_key > ? AND cancelled_at IS NULL
                    ORDER BY order_key LIMIT ?) o
                """, [.int(storeID), .text(after ?? ""), .int(Int64(limit))]),
        ])
        var baskets: [[String]] = []
        var current: String?
        for row in rows[0] {
            if row.text(0) != current {
                baskets.append([])
                current = row.text(0)
            }
            baskets[baskets.count - 1].append(row.text(1))
        }
        return (baskets, rows[1].first?.optionalText(0))
    }

    public func replaceNeighbours(
        storeID: StoreID, lists: [(sku: String, neighbours: [CoPurchaseScore])], now: Timestamp
    ) async throws {
        let titles = try await productTitles(storeID: storeID, skus: Array(Set(lists.flatMap { $0.neighbours.map(\.sku) })))
        var statements = [SQLStatement("DELETE FROM product_neighbours WHERE store_id = ?", [.int(storeID)])]
        for (sku, neighbours) in lists {
            for (rank, neighbour) in neighbours.enumerated() {
                statements.append(
                    SQLStatement(
                        """
                        INSERT INTO product_neighbours (store_id, sku, rank, neighbour_sku, neighbour_title, score, together,
                        computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                        [
                            .int(storeID), .text(sku), .int(Int64(rank)), .text(neighbour.sku),
                            .text(titles[neighbour.sku] ?? neighbour.sku), .real(neighbour.score),
                            .int(neighbour.together), .int(now.millisecondsSinceEpoch),
                        ]))
            }
        }
        _ = try await write(statements)
    }

    public func neighbours(storeID: StoreID, skus: [String]) async throws
        -> (lists: [String: [CoPurchaseScore]], titles: [String: String])
    {
        let wanted = Array(Set(skus)).sorted()
        guard !wanted.isEmpty else { return ([:], [:]) }
        let marks = Array(repeating: "?", count: wanted.count).joined(separator: ", ")
        let rows = try await read([
            SQLStatement(
                """
                SELECT sku, neighbour_sku, score, together, neighbour_title FROM product_neighbours
                WHERE store_id = ? AND sku IN (\(marks))
                ORDER BY sku, rank
                """, [.int(storeID)] + wanted.map { .text($0) })
        ])
        var lists: [String: [CoPurchaseScore]] = [:]
        var titles: [String: String] = [:]
        for row in rows[0] {
            lists[row.text(0), default: []].append(CoPurchaseScore(sku: row.text(1), score: row.double(2), together: row.int(3)))
            titles[row.text(1)] = row.text(4)
        }
        return (lists, titles)
    }

    public func purchasedSKUs(storeID: StoreID, customerKey: String) async throws -> Set<String> {
        let rows = try await read([
            SQLStatement(
                """
                SELECT DISTINCT l.sku FROM orders o JOIN line_items l ON l.store_id = o.store_id AND l.order_key = o.order_key
                WHERE o.store_id = ? AND o.customer_key = ? AND o.cancelled_at IS NULL AND l.sku IS NOT NULL
                """, [.int(storeID), .text(customerKey)])
        ])
        return Set(rows[0].map { $0.text(0) })
    }

    public func productTitles(storeID: StoreID, skus: [String]) async throws -> [String: String] {
        let wanted = Array(Set(skus)).sorted()
        guard !wanted.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: wanted.count).joined(separator: ", ")
        let rows = try await read([
            SQLStatement(
                "SELECT sku, title FROM products WHERE store_id = ? AND sku IN (\(marks))", [.int(storeID)] + wanted.map { .text($0) })
        ])
        var titles = Dictionary(rows[0].map { ($0.text(0), $0.text(1)) }, uniquingKeysWith: { first, _ in first })
        // SKUs the catalogue lacks: the title an order line gave them.
        let missing = wanted.filter { titles[$0] == nil }
        guard !missing.isEmpty else { return titles }
        let more = Array(repeating: "?", count: missing.count).joined(separator: ", ")
        let lines = try await read([
            SQLStatement(
                "SELECT sku, MAX(title) FROM line_items WHERE store_id = ? AND sku IN (\(more)) GROUP BY sku",
                [.int(storeID)] + missing.map { .text($0) })
        ])
        for row in lines[0] { titles[row.text(0)] = row.text(1) }
        return titles
    }
}
