extension Schema {
    /// Version 2: published journey versions, their instances, the timers and event inbox that
    /// drive them, every step's record, the outbox of messages, suppressions and customer tags.
    ///
    /// `journey_timers` and `journey_inbox` are work queues served by workers of every store, so
    /// their due-time index does not start with `store_id` (the one exception to the sharding rule;
    /// on Citus they would be reference-partitioned by worker instead).
    static func journeys(_ dialect: SQLDialect, clustered: String) -> [String] {
        var statements = [
            "ALTER TABLE stores ADD COLUMN settings TEXT",
            """
            CREATE TABLE journey_versions (
                store_id BIGINT NOT NULL,
                journey_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                name TEXT NOT NULL,
                category TEXT NOT NULL,
                trigger_event TEXT NOT NULL,
                definition TEXT NOT NULL,
                templates TEXT NOT NULL,
                source TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                enabled INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, journey_id, version))\(clustered)
            """,
            """
            CREATE TABLE journey_instances (
                store_id BIGINT NOT NULL,
                instance_key TEXT NOT NULL,
                journey_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                customer_key TEXT NOT NULL,
                subject TEXT NOT NULL,
                order_key TEXT,
                status TEXT NOT NULL,
                holdout INTEGER NOT NULL,
                state TEXT NOT NULL,
                current_step TEXT,
                waiting_event TEXT,
                waiting_key TEXT,
                trigger_event_id BIGINT,
                log_seq BIGINT NOT NULL,
                started_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                finished_at BIGINT,
                finish_reason TEXT,
                converted_at BIGINT,
                conversion_order TEXT,
                conversion_revenue BIGINT,
                conversion_currency TEXT,
                PRIMARY KEY (store_id, instance_key))\(clustered)
            """,
            "CREATE INDEX journey_instances_by_customer ON journey_instances (store_id, customer_key, status)",
            "CREATE INDEX journey_instances_by_journey ON journey_instances (store_id, journey_id, version, status)",
            "CREATE INDEX journey_instances_waiting ON journey_instances (store_id, waiting_event, waiting_key)",
            """
            CREATE TABLE journey_timers (
                store_id BIGINT NOT NULL,
                instance_key TEXT NOT NULL,
                due_at BIGINT NOT NULL,
                claim TEXT,
                PRIMARY KEY (store_id, instance_key))\(clustered)
            """,
            "CREATE INDEX journey_timers_by_due ON journey_timers (due_at)",
            // The rows a worker's batch claimed, found without scanning the queue.
            "CREATE INDEX journey_timers_by_claim ON journey_timers (claim) WHERE claim IS NOT NULL",
            """
            CREATE TABLE journey_inbox (
                store_id BIGINT NOT NULL,
                event_id BIGINT NOT NULL,
                enqueued_at BIGINT NOT NULL,
                claim TEXT,
                PRIMARY KEY (store_id, event_id))\(clustered)
            """,
            "CREATE INDEX journey_inbox_by_time ON journey_inbox (enqueued_at)",
            "CREATE INDEX journey_inbox_by_claim ON journey_inbox (claim) WHERE claim IS NOT NULL",
            """
            CREATE TABLE journey_log (
                store_id BIGINT NOT NULL,
                instance_key TEXT NOT NULL,
                seq BIGINT NOT NULL,
                at BIGINT NOT NULL,
                step_id TEXT,
                kind TEXT NOT NULL,
                channel TEXT,
                template TEXT,
                reason TEXT,
                message_id TEXT,
                PRIMARY KEY (store_id, instance_key, seq))\(clustered)
            """,
            """
            CREATE TABLE outbox (
                store_id BIGINT NOT NULL,
                message_id TEXT NOT NULL,
                instance_key TEXT,
                journey_id TEXT,
                step_id TEXT,
                customer_key TEXT,
                channel TEXT NOT NULL,
                category TEXT NOT NULL,
                recipient TEXT NOT NULL,
                subject TEXT,
                body_text TEXT NOT NULL,
                body_html TEXT,
                headers TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                lease_until BIGINT,
                last_error TEXT,
                provider_reply TEXT,
                created_at BIGINT NOT NULL,
                delivered_at BIGINT,
                PRIMARY KEY (store_id, message_id))\(clustered)
            """,
            "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
            "CREATE INDEX outbox_by_customer ON outbox (store_id, customer_key, category, created_at)",
            """
            CREATE TABLE suppressions (
                store_id BIGINT NOT NULL,
                channel TEXT NOT NULL,
                address TEXT NOT NULL,
                reason TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, channel, address))\(clustered)
            """,
            """
            CREATE TABLE message_engagements (
                store_id BIGINT NOT NULL,
                message_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                at BIGINT NOT NULL,
                detail TEXT,
                PRIMARY KEY (store_id, message_id, kind))\(clustered)
            """,
            """
            CREATE TABLE customer_tags (
                store_id BIGINT NOT NULL,
                customer_key TEXT NOT NULL,
                tag TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (store_id, customer_key, tag))\(clustered)
            """,
        ]
        // The event types some published journey version reacts to (trigger, goal, wait_for), per
        // store; only ever added to, so instances of older versions keep receiving theirs.
        statements.append(
            """
            CREATE TABLE journey_event_types (
                store_id BIGINT NOT NULL,
                type TEXT NOT NULL,
                PRIMARY KEY (store_id, type))\(clustered)
            """)
        // Every live event of such a type lands in the inbox in the transaction that stores it, so
        // the journey worker sees exactly the events that were inserted (a replay inserts none),
        // and events no journey reads cost nothing more than their own row.
        switch dialect {
        case .sqlite:
            statements.append(
                """
                CREATE TRIGGER events_to_journey_inbox AFTER INSERT ON events
                WHEN NEW.origin = 'live' AND EXISTS (
                    SELECT 1 FROM journey_event_types t WHERE t.store_id = NEW.store_id AND t.type = NEW.type)
                BEGIN
                    INSERT INTO journey_inbox (store_id, event_id, enqueued_at) VALUES (NEW.store_id, NEW.id, NEW.received_at);
                END
                """)
        case .postgres:
            statements.append(
                """
                CREATE FUNCTION encore_events_to_journey_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM journey_event_types t WHERE t.store_id = NEW.store_id AND t.type = NEW.type) THEN
                        INSERT INTO journey_inbox (store_id, event_id, enqueued_at) VALUES (NEW.store_id, NEW.id, NEW.received_at);
                    END IF;
                    RETURN NULL;
                END $$
                """)
            statements.append(
                """
                CREATE TRIGGER events_to_journey_inbox AFTER INSERT ON events FOR EACH ROW
                WHEN (NEW.origin = 'live') EXECUTE FUNCTION encore_events_to_journey_inbox()
                """)
        }
        return statements
    }
}
