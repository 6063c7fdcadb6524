extension Schema {
    /// Version 4: published loyalty programs, versioned per store like journeys (a new version
    /// only when the content changes; earlier versions stay for the postings that name them).
    static func loyaltyPrograms(_ dialect: SQLDialect, clustered: String) -> [String] {
        [
            """
            CREATE TABLE loyalty_programs (
                store_id BIGINT NOT NULL,
                version BIGINT NOT NULL,
                definition TEXT NOT NULL,
                source TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                published_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, version))\(clustered)
            """
        ]
    }

    /// Version 5: the points ledger. Postings are append-only (one row per movement, UNIQUE on its
    /// key); lots carry the counters the postings add up to; `loyalty_applied` records every event
    /// key applied, so a replay that would move no point is still recognised; `loyalty_accounts`
    /// caches each customer's balance and debt with running totals, so a balance read touches
    /// only the open lots, never the history.
    static func loyaltyLedger(_ dialect: SQLDialect, clustered: String) -> [String] {
        [
            """
            CREATE TABLE loyalty_accounts (
                store_id BIGINT NOT NULL,
                customer_key TEXT NOT NULL,
                balance BIGINT NOT NULL,
                debt BIGINT NOT NULL,
                spent BIGINT NOT NULL,
                expired BIGINT NOT NULL,
                reversed BIGINT NOT NULL,
                applied_to_debt BIGINT NOT NULL,
                shortfall BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, customer_key))\(clustered)
            """,
            """
            CREATE TABLE loyalty_lots (
                store_id BIGINT NOT NULL,
                lot_key TEXT NOT NULL,
                customer_key TEXT NOT NULL,
                source TEXT NOT NULL,
                funding TEXT NOT NULL,
                points BIGINT NOT NULL,
                spent BIGINT NOT NULL,
                expired BIGINT NOT NULL,
                reversed BIGINT NOT NULL,
                applied_to_debt BIGINT NOT NULL,
                clawed_back BIGINT NOT NULL,
                shortfall BIGINT NOT NULL,
                earned_at BIGINT NOT NULL,
                available_at BIGINT,
                expires_at BIGINT,
                open INTEGER NOT NULL,
                PRIMARY KEY (store_id, lot_key))\(clustered)
            """,
            "CREATE INDEX loyalty_lots_open ON loyalty_lots (store_id, customer_key) WHERE open = 1",
            "CREATE INDEX loyalty_lots_by_source ON loyalty_lots (store_id, source)",
            """
            CREATE TABLE loyalty_postings (
                store_id BIGINT NOT NULL,
                posting_key TEXT NOT NULL,
                event_key TEXT NOT NULL,
                kind TEXT NOT NULL,
                debit TEXT NOT NULL,
                credit TEXT NOT NULL,
                points BIGINT NOT NULL,
                lot_key TEXT NOT NULL,
                customer_key TEXT NOT NULL,
                reason TEXT NOT NULL,
                at BIGINT NOT NULL,
                PRIMARY KEY (store_id, posting_key))\(clustered)
            """,
            "CREATE INDEX loyalty_postings_by_customer ON loyalty_postings (store_id, customer_key, at)",
            """
            CREATE TABLE loyalty_applied (
                store_id BIGINT NOT NULL,
                event_key TEXT NOT NULL,
                customer_key TEXT NOT NULL,
                applied_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, event_key))\(clustered)
            """,
        ]
    }
}
