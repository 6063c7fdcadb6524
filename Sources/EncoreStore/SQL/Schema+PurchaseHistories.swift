extension Schema {
    /// Version 10 (SQLite): `purchase_histories`, one row per store, currency and customer, whose
    /// `history` packs the customer's counted orders (not cancelled, in that currency) in time
    /// then key order, each as its time, its total less its refunds and whether a return of it
    /// stands (`PurchaseHistory`). `encore metrics` reads a store through these rows, one per
    /// customer, instead of stepping through every order.
    ///
    /// A NULL `history` is stale. The triggers below set it NULL, in the writing transaction,
    /// whenever an order, refund or return that can change it is written, so a reader never sees
    /// a history that disagrees with the orders: it reads a stale customer's orders instead, and
    /// `refreshPurchaseHistories` rebuilds stale rows in the background. The migration marks
    /// every customer with orders stale.
    ///
    /// PostgreSQL keeps no such table: its fold pages through `orders_by_customer`.
    static func purchaseHistories(_ dialect: SQLDialect) -> [String] {
        guard dialect == .sqlite else { return [] }
        // Marks (store, currency, customer) stale, creating the row if it is new; a row already
        // stale is not written again (an import's later orders of a customer cost one look-up).
        func stale(_ store: String, _ currency: String, _ customer: String, when: String? = nil) -> String {
            """
            INSERT INTO purchase_histories (store_id, currency, customer_key, history)
            SELECT \(store), \(currency), \(customer), NULL WHERE \(customer) IS NOT NULL\(when.map { " AND \($0)" } ?? "")
            ON CONFLICT (store_id, currency, customer_key) DO UPDATE SET history = NULL WHERE history IS NOT NULL;
            """
        }
        // Marks the customer of the order `key` of `store` stale.
        func staleOrder(_ store: String, _ key: String) -> String {
            """
            INSERT INTO purchase_histories (store_id, currency, customer_key, history)
            SELECT o.store_id, o.currency, o.customer_key, NULL FROM orders o
            WHERE o.store_id = \(store) AND o.order_key = \(key) AND o.customer_key IS NOT NULL
            ON CONFLICT (store_id, currency, customer_key) DO UPDATE SET history = NULL WHERE history IS NOT NULL;
            """
        }
        let orderChanged = """
            OLD.customer_key IS NOT NEW.customer_key OR OLD.currency IS NOT NEW.currency OR OLD.placed_at IS NOT NEW.placed_at
            OR OLD.total IS NOT NEW.total OR OLD.cancelled_at IS NOT NEW.cancelled_at OR OLD.order_key IS NOT NEW.order_key
            OR OLD.store_id IS NOT NEW.store_id
            """
        var statements = [
            """
            CREATE TABLE purchase_histories (
                store_id BIGINT NOT NULL,
                currency TEXT NOT NULL,
                customer_key TEXT NOT NULL,
                history BLOB,
                PRIMARY KEY (store_id, currency, customer_key)) WITHOUT ROWID
            """,
            "CREATE INDEX purchase_histories_stale ON purchase_histories (store_id) WHERE history IS NULL",
            """
            INSERT INTO purchase_histories (store_id, currency, customer_key, history)
            SELECT DISTINCT store_id, currency, customer_key, NULL FROM orders WHERE customer_key IS NOT NULL
            """,
            """
            CREATE TRIGGER orders_purchase_history_insert AFTER INSERT ON orders BEGIN
            \(stale("NEW.store_id", "NEW.currency", "NEW.customer_key"))
            END
            """,
            """
            CREATE TRIGGER orders_purchase_history_update AFTER UPDATE ON orders WHEN \(orderChanged) BEGIN
            \(stale("OLD.store_id", "OLD.currency", "OLD.customer_key"))
            \(stale("NEW.store_id", "NEW.currency", "NEW.customer_key"))
            END
            """,
            """
            CREATE TRIGGER orders_purchase_history_delete AFTER DELETE ON orders BEGIN
            \(stale("OLD.store_id", "OLD.currency", "OLD.customer_key"))
            END
            """,
        ]
        for (table, changed) in [
            ("refunds", "OLD.order_key IS NOT NEW.order_key OR OLD.amount IS NOT NEW.amount OR OLD.store_id IS NOT NEW.store_id"),
            ("returns", "OLD.order_key IS NOT NEW.order_key OR OLD.status IS NOT NEW.status OR OLD.store_id IS NOT NEW.store_id"),
        ] {
            statements += [
                """
                CREATE TRIGGER \(table)_purchase_history_insert AFTER INSERT ON \(table) BEGIN
                \(staleOrder("NEW.store_id", "NEW.order_key"))
                END
                """,
                """
                CREATE TRIGGER \(table)_purchase_history_update AFTER UPDATE ON \(table) WHEN \(changed) BEGIN
                \(staleOrder("OLD.store_id", "OLD.order_key"))
                \(staleOrder("NEW.store_id", "NEW.order_key"))
                END
                """,
                """
                CREATE TRIGGER \(table)_purchase_history_delete AFTER DELETE ON \(table) BEGIN
                \(staleOrder("OLD.store_id", "OLD.order_key"))
                END
                """,
            ]
        }
        return statements
    }
}
