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
}
