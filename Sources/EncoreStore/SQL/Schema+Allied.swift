extension Schema {
    /// Version 7 (continued): allied-brand offers between the stores of one organisation.
    ///
    /// `allied_partners` are the organisation's funding partners: `partner_id` is numbered per
    /// organisation from 1 (the settlement's `partnerID`) and `partner_key` names the ledger
    /// account that funds their points (`partner:KEY`). `allied_offers` keep each offer's terms
    /// (threshold, currency, window, reward) as JSON next to the columns the worker filters on.
    /// `allied_rewards` holds one row per offer and source customer, at the target store
    /// (`store_id`), so the second qualification of the same customer (a replayed order, a later
    /// window) gives nothing: `waiting` until the target store knows a customer with the same
    /// normalised e-mail (`target_email`), then `granted` with the ledger lot (points) or the code
    /// issued (credit) and `granted_at`, the time settlement counts it at.
    static func allied(_ dialect: SQLDialect, clustered: String) -> [String] {
        [
            """
            CREATE TABLE allied_partners (
                organisation_id BIGINT NOT NULL,
                partner_id BIGINT NOT NULL,
                partner_key TEXT NOT NULL,
                name TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (organisation_id, partner_id))\(clustered)
            """,
            "CREATE UNIQUE INDEX allied_partners_by_key ON allied_partners (organisation_id, partner_key)",
            """
            CREATE TABLE allied_offers (
                organisation_id BIGINT NOT NULL,
                offer_key TEXT NOT NULL,
                source_store_id BIGINT NOT NULL,
                target_store_id BIGINT NOT NULL,
                partner_id BIGINT NOT NULL,
                definition TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (organisation_id, offer_key))\(clustered)
            """,
            "CREATE INDEX allied_offers_by_source ON allied_offers (source_store_id, ends_at)",
            """
            CREATE TABLE allied_rewards (
                store_id BIGINT NOT NULL,
                offer_key TEXT NOT NULL,
                source_customer_key TEXT NOT NULL,
                organisation_id BIGINT NOT NULL,
                partner_id BIGINT NOT NULL,
                source_store_id BIGINT NOT NULL,
                source_order_key TEXT NOT NULL,
                target_email TEXT NOT NULL,
                target_customer_key TEXT,
                unit TEXT NOT NULL,
                amount BIGINT NOT NULL,
                qualified_at BIGINT NOT NULL,
                status TEXT NOT NULL,
                lot_key TEXT,
                code TEXT,
                created_at BIGINT NOT NULL,
                granted_at BIGINT,
                PRIMARY KEY (store_id, offer_key, source_customer_key))\(clustered)
            """,
            "CREATE INDEX allied_rewards_waiting ON allied_rewards (store_id, target_email) WHERE status = 'waiting'",
            "CREATE INDEX allied_rewards_by_partner ON allied_rewards (organisation_id, partner_id, granted_at)",
            "CREATE UNIQUE INDEX allied_rewards_by_code ON allied_rewards (store_id, code)",
        ]
    }
}
