extension Schema {
    /// Version 8 (predictions): what the lifetime models say about each customer, the custom
    /// segments and who is in them.
    ///
    /// `customer_predictions` holds one row per customer of a store as of the last refresh
    /// (P(alive), expected purchases over 90 days, expected spend, discounted CLV and its decile,
    /// the expected next purchase day, RFM scores and segment): a refresh replaces a store's rows
    /// in the transaction that adds its events. `prediction_runs` records every refresh (fitted
    /// with the model's parameters, or failed with the reason). `prediction_schedule` is the
    /// per-store lease the server's refresher claims, so several instances refresh a store once.
    /// `customer_segments` the merchant's filters; `segment_members` who was in each at the last
    /// refresh (the difference makes `segment.entered` and `segment.left`).
    static func predictions(clustered: String) -> [String] {
        [
            """
            CREATE TABLE customer_predictions (
                store_id BIGINT NOT NULL,
                customer_key TEXT NOT NULL,
                p_alive DOUBLE PRECISION NOT NULL,
                expected_purchases DOUBLE PRECISION NOT NULL,
                expected_spend DOUBLE PRECISION,
                clv DOUBLE PRECISION,
                clv_decile INTEGER,
                next_purchase_day INTEGER NOT NULL,
                rfm_recency INTEGER NOT NULL,
                rfm_frequency INTEGER NOT NULL,
                rfm_monetary INTEGER NOT NULL,
                rfm_segment TEXT NOT NULL,
                refreshed_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, customer_key))\(clustered)
            """,
            """
            CREATE TABLE prediction_runs (
                store_id BIGINT NOT NULL,
                run_at BIGINT NOT NULL,
                status TEXT NOT NULL,
                reason TEXT,
                customers BIGINT NOT NULL,
                model TEXT,
                events TEXT,
                seconds DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (store_id, run_at))\(clustered)
            """,
            """
            CREATE TABLE prediction_schedule (
                store_id BIGINT NOT NULL,
                next_at BIGINT NOT NULL,
                lease_until BIGINT NOT NULL,
                PRIMARY KEY (store_id))\(clustered)
            """,
            """
            CREATE TABLE customer_segments (
                store_id BIGINT NOT NULL,
                segment_key TEXT NOT NULL,
                name TEXT NOT NULL,
                expression TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, segment_key))\(clustered)
            """,
            """
            CREATE TABLE segment_members (
                store_id BIGINT NOT NULL,
                segment_key TEXT NOT NULL,
                customer_key TEXT NOT NULL,
                since BIGINT NOT NULL,
                PRIMARY KEY (store_id, segment_key, customer_key))\(clustered)
            """,
            "CREATE INDEX segment_members_by_customer ON segment_members (store_id, customer_key)",
        ]
    }
}
