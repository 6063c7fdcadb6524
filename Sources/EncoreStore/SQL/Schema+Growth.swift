extension Schema {
    /// Version 7 (growth): referrals, and what their fraud checks compare.
    ///
    /// `orders.shipping_address` keeps the order's shipping address on one line (as the source
    /// gave it), so a friend shipping to the referrer's address is caught. `referral_codes` holds
    /// each customer's code (unique per store). `referrals` one row per invitation accepted on the
    /// referral page or reported by the shop: the friend's normalised email and the address it came
    /// from (for the per-address velocity check), then the friend's first order once placed, and the
    /// outcome: `invited`, `ordered`, `credited`, or `rejected` with the reason kept.
    static func growth(_ dialect: SQLDialect, clustered: String) -> [String] {
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
