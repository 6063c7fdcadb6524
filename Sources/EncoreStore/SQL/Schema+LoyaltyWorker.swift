extension Schema {
    /// The event types the loyalty worker read in version 6 (see `LoyaltyEventPlanner`); the
    /// current list is `loyaltyEventTypesV7`.
    static let loyaltyEventTypes = [
        "order.placed", "order.cancelled", "refund.created", "shipment.delivered", "feedback.nps", "review.submitted",
    ]

    /// `loyalty_inbox` is the loyalty worker's queue: every live event of a type it reads, of a
    /// store with a published program, lands there in the transaction that stores the event, so
    /// a replayed event (which inserts nothing) is never queued twice. `claimed_at` lets another
    /// worker take over a batch whose worker died. `loyalty_expiry_warnings` remembers which
    /// expiries were announced (`points.expiring`), so each is announced once. Rewards are
    /// redeemed into `loyalty_redemptions`, with codes from the imported `loyalty_reward_codes`
    /// (a code is taken by setting its `redemption_key`) or issued by Encore. `product_neighbours`
    /// holds each product's "bought together" list as last computed. `scratch_campaigns` keep
    /// their definition and the secret seed their cards are drawn from; `scratch_cards` one card
    /// per campaign and order, decided (and its roll kept for audit) before it is shown. `loyalty_tiers` holds each customer's tier, the
    /// time it was reached (the anniversary policy counts from it) and a merchant's manual floor.
    static func loyaltyWorker(_ dialect: SQLDialect, clustered: String) -> [String] {
        let types = loyaltyEventTypes.map { "'\($0)'" }.joined(separator: ", ")
        var statements = [
            """
            CREATE TABLE loyalty_inbox (
                store_id BIGINT NOT NULL,
                event_id BIGINT NOT NULL,
                enqueued_at BIGINT NOT NULL,
                claim TEXT,
                claimed_at BIGINT,
                PRIMARY KEY (store_id, event_id))\(clustered)
            """,
            "CREATE INDEX loyalty_inbox_by_time ON loyalty_inbox (enqueued_at)",
            "CREATE INDEX loyalty_lots_expiring ON loyalty_lots (expires_at) WHERE open = 1",
            """
            CREATE TABLE loyalty_expiry_warnings (
                store_id BIGINT NOT NULL,
                warning_key TEXT NOT NULL,
                warned_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, warning_key))\(clustered)
            """,
            """
            CREATE TABLE loyalty_reward_codes (
                store_id BIGINT NOT NULL,
                reward_key TEXT NOT NULL,
                code TEXT NOT NULL,
                imported_at BIGINT NOT NULL,
                redemption_key TEXT,
                PRIMARY KEY (store_id, reward_key, code))\(clustered)
            """,
            "CREATE INDEX loyalty_reward_codes_free ON loyalty_reward_codes (store_id, reward_key, code) WHERE redemption_key IS NULL",
            """
            CREATE TABLE loyalty_redemptions (
                store_id BIGINT NOT NULL,
                redemption_key TEXT NOT NULL,
                customer_key TEXT NOT NULL,
                reward_key TEXT NOT NULL,
                points BIGINT NOT NULL,
                code TEXT NOT NULL,
                fulfilment TEXT NOT NULL,
                program_version BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, redemption_key))\(clustered)
            """,
            "CREATE INDEX loyalty_redemptions_by_reward ON loyalty_redemptions (store_id, reward_key, customer_key)",
            """
            CREATE TABLE product_neighbours (
                store_id BIGINT NOT NULL,
                sku TEXT NOT NULL,
                rank INTEGER NOT NULL,
                neighbour_sku TEXT NOT NULL,
                neighbour_title TEXT NOT NULL,
                score DOUBLE PRECISION NOT NULL,
                together BIGINT NOT NULL,
                computed_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, sku, rank))\(clustered)
            """,
            """
            CREATE TABLE scratch_campaigns (
                store_id BIGINT NOT NULL,
                campaign_key TEXT NOT NULL,
                definition TEXT NOT NULL,
                seed TEXT NOT NULL,
                minimum_order BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, campaign_key))\(clustered)
            """,
            """
            CREATE TABLE scratch_cards (
                store_id BIGINT NOT NULL,
                campaign_key TEXT NOT NULL,
                order_key TEXT NOT NULL,
                customer_key TEXT NOT NULL,
                roll TEXT NOT NULL,
                ticket TEXT NOT NULL,
                prize_key TEXT,
                prize_label TEXT,
                reason TEXT,
                cost BIGINT NOT NULL,
                issued_at BIGINT NOT NULL,
                revealed_at BIGINT,
                PRIMARY KEY (store_id, campaign_key, order_key))\(clustered)
            """,
            "CREATE INDEX scratch_cards_by_customer ON scratch_cards (store_id, campaign_key, customer_key)",
            "CREATE INDEX scratch_cards_by_order ON scratch_cards (store_id, order_key)",
            """
            CREATE TABLE loyalty_tiers (
                store_id BIGINT NOT NULL,
                customer_key TEXT NOT NULL,
                tier_key TEXT,
                reached_at BIGINT,
                floor_key TEXT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, customer_key))\(clustered)
            """,
        ]
        switch dialect {
        case .sqlite:
            statements.append(
                """
                CREATE TRIGGER events_to_loyalty_inbox AFTER INSERT ON events
                WHEN NEW.origin = 'live' AND NEW.type IN (\(types)) AND EXISTS (
                    SELECT 1 FROM loyalty_programs p WHERE p.store_id = NEW.store_id)
                BEGIN
                    INSERT INTO loyalty_inbox (store_id, event_id, enqueued_at) VALUES (NEW.store_id, NEW.id, NEW.received_at);
                END
                """)
        case .postgres:
            statements.append(
                """
                CREATE FUNCTION encore_events_to_loyalty_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM loyalty_programs p WHERE p.store_id = NEW.store_id) THEN
                        INSERT INTO loyalty_inbox (store_id, event_id, enqueued_at) VALUES (NEW.store_id, NEW.id, NEW.received_at);
                    END IF;
                    RETURN NULL;
                END $$
                """)
            statements.append(
                """
                CREATE TRIGGER events_to_loyalty_inbox AFTER INSERT ON events FOR EACH ROW
                WHEN (NEW.origin = 'live' AND NEW.type IN (\(types))) EXECUTE FUNCTION encore_events_to_loyalty_inbox()
                """)
        }
        return statements
    }
}
