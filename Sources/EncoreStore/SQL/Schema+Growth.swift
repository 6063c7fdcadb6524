extension Schema {
    /// Version 7 (growth): referrals, and what their fraud checks compare.
    ///
    /// `orders.shipping_address` keeps the order's shipping address on one line (as the source
    /// gave it), so a friend shipping to the referrer's address is caught. `referral_codes` holds
    /// each customer's code (unique per store). `referrals` one row per invitation accepted on the
    /// referral page or reported by the shop: the friend's normalised email and the address it came
    /// from (for the per-address velocity check), then the friend's first order once placed, and the
    /// outcome: `invited`, `ordered`, `credited`, or `rejected` with the reason kept.
    ///
    /// Customers gain a `birthday` ("MM-DD", no year) and `birthday_set_at` (epoch ms, moved when
    /// the birthday changes: the birthday's points wait 30 days after it), indexed per store and
    /// day for the daily birthday pass; and the loyalty inbox's trigger is made again with
    /// `loyaltyEventTypesV7`, which adds `customer.created` (points for signing up) and
    /// `review.published` (points for a review published after moderation held it).
    static func growth(_ dialect: SQLDialect, clustered: String) -> [String] {
        growthReferrals(clustered: clustered) + [
            "ALTER TABLE customers ADD COLUMN birthday TEXT",
            "ALTER TABLE customers ADD COLUMN birthday_set_at BIGINT",
            "CREATE INDEX customers_by_birthday ON customers (store_id, birthday) WHERE birthday IS NOT NULL",
        ] + loyaltyInboxTrigger(dialect, types: loyaltyEventTypesV7)
    }

    /// The event types the loyalty worker reads from version 7 on: version 6's, `customer.created`
    /// and `review.published`.
    static let loyaltyEventTypesV7 = loyaltyEventTypes + ["customer.created", "review.published"]

    /// Drops the loyalty inbox's trigger and creates it again for `types` (PostgreSQL keeps the
    /// trigger's function, `encore_events_to_loyalty_inbox`, which does not name the types).
    static func loyaltyInboxTrigger(_ dialect: SQLDialect, types: [String]) -> [String] {
        let list = types.map { "'\($0)'" }.joined(separator: ", ")
        switch dialect {
        case .sqlite:
            return [
                "DROP TRIGGER events_to_loyalty_inbox",
                """
                CREATE TRIGGER events_to_loyalty_inbox AFTER INSERT ON events
                WHEN NEW.origin = 'live' AND NEW.type IN (\(list)) AND EXISTS (
                    SELECT 1 FROM loyalty_programs p WHERE p.store_id = NEW.store_id)
                BEGIN
                    INSERT INTO loyalty_inbox (store_id, event_id, enqueued_at) VALUES (NEW.store_id, NEW.id, NEW.received_at);
                END
                """,
            ]
        case .postgres:
            return [
                "DROP TRIGGER events_to_loyalty_inbox ON events",
                """
                CREATE TRIGGER events_to_loyalty_inbox AFTER INSERT ON events FOR EACH ROW
                WHEN (NEW.origin = 'live' AND NEW.type IN (\(list))) EXECUTE FUNCTION encore_events_to_loyalty_inbox()
                """,
            ]
        }
    }

    /// Version 7's referral tables (and the orders' shipping address).
    private static func growthReferrals(clustered: String) -> [String] {
        [
            "ALTER TABLE orders ADD COLUMN shipping_address TEXT",
            """
            CREATE TABLE referral_codes (
                store_id BIGINT NOT NULL,
                customer_key TEXT NOT NULL,
                code TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, customer_key))\(clustered)
            """,
            "CREATE UNIQUE INDEX referral_codes_by_code ON referral_codes (store_id, code)",
            """
            CREATE TABLE referrals (
                store_id BIGINT NOT NULL,
                referral_id TEXT NOT NULL,
                referrer_key TEXT NOT NULL,
                code TEXT NOT NULL,
                friend_email TEXT NOT NULL,
                friend_key TEXT,
                friend_order_key TEXT,
                ip TEXT,
                status TEXT NOT NULL,
                reason TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                credit_due_at BIGINT,
                PRIMARY KEY (store_id, referral_id))\(clustered)
            """,
            "CREATE INDEX referrals_by_friend ON referrals (store_id, friend_email)",
            "CREATE INDEX referrals_by_ip ON referrals (store_id, ip, created_at)",
            "CREATE INDEX referrals_by_referrer ON referrals (store_id, referrer_key)",
            "CREATE INDEX referrals_due ON referrals (credit_due_at) WHERE status = 'ordered'",
        ]
    }
}
