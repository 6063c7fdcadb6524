extension Schema {
    /// Version 3: what customers do on Encore's own pages: feedback (NPS and CSAT answers, asks
    /// and dismissals), product reviews with their moderation and the merchant's reply, support
    /// tickets with their conversation and SLA times, revoked receipt links, and erasure requests.
    static func care(_ dialect: SQLDialect, clustered: String) -> [String] {
        [
            "CREATE INDEX orders_by_number ON orders (store_id, number)",
            // The sweep for late shipments (every store, by status and due date).
            "CREATE INDEX shipments_by_status ON shipments (status, estimated_delivery)",
            """
            CREATE TABLE feedback (
                store_id BIGINT NOT NULL,
                feedback_key TEXT NOT NULL,
                customer_key TEXT NOT NULL,
                kind TEXT NOT NULL,
                touchpoint TEXT NOT NULL,
                subject_key TEXT NOT NULL,
                order_key TEXT,
                status TEXT NOT NULL,
                score INTEGER,
                reason TEXT,
                asked_at BIGINT NOT NULL,
                answered_at BIGINT,
                PRIMARY KEY (store_id, feedback_key))\(clustered)
            """,
            "CREATE INDEX feedback_by_customer ON feedback (store_id, customer_key, asked_at)",
            """
            CREATE TABLE reviews (
                store_id BIGINT NOT NULL,
                review_key TEXT NOT NULL,
                order_key TEXT NOT NULL,
                customer_key TEXT NOT NULL,
                sku TEXT NOT NULL,
                author TEXT NOT NULL,
                stars INTEGER NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                status TEXT NOT NULL,
                flags TEXT NOT NULL,
                reply TEXT,
                replied_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, review_key))\(clustered)
            """,
            "CREATE INDEX reviews_by_product ON reviews (store_id, sku, status, created_at)",
            "CREATE INDEX reviews_by_status ON reviews (store_id, status, created_at)",
            """
            CREATE TABLE tickets (
                store_id BIGINT NOT NULL,
                ticket_key TEXT NOT NULL,
                number BIGINT NOT NULL,
                customer_key TEXT,
                email TEXT,
                order_key TEXT,
                subject TEXT NOT NULL,
                status TEXT NOT NULL,
                priority TEXT NOT NULL,
                assignee TEXT,
                source TEXT NOT NULL,
                source_ref TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                first_response_due BIGINT NOT NULL,
                first_response_at BIGINT,
                resolved_at BIGINT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, ticket_key))\(clustered)
            """,
            "CREATE UNIQUE INDEX tickets_by_number ON tickets (store_id, number)",
            "CREATE UNIQUE INDEX tickets_by_source ON tickets (store_id, source, source_ref)",
            "CREATE INDEX tickets_by_status ON tickets (store_id, status, created_at)",
            "CREATE INDEX tickets_by_customer ON tickets (store_id, customer_key)",
            """
            CREATE TABLE ticket_messages (
                store_id BIGINT NOT NULL,
                ticket_key TEXT NOT NULL,
                seq BIGINT NOT NULL,
                kind TEXT NOT NULL,
                author TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, ticket_key, seq))\(clustered)
            """,
            """
            CREATE TABLE link_revocations (
                store_id BIGINT NOT NULL,
                order_key TEXT NOT NULL,
                revoked_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, order_key))\(clustered)
            """,
            """
            CREATE TABLE erasures (
                store_id BIGINT NOT NULL,
                customer_key TEXT NOT NULL,
                requested_at BIGINT NOT NULL,
                erased_at BIGINT,
                PRIMARY KEY (store_id, customer_key))\(clustered)
            """,
        ]
    }
}
