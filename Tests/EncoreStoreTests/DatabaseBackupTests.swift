import Testing

@testable import EncoreStore

@Suite("Backups: PostgreSQL tools get the password in their environment, not on their command line")
struct DatabaseBackupTests {
    @Test("the password leaves the URL, decoded; the rest of the URL is kept; a URL without one is unchanged")
    func passwordApart() {
        let (url, password) = DatabaseBackup.withoutPassword("postgres://encore:p%40ss%3Aword@db.example:5432/shop?sslmode=require")
        #expect(url == "postgres://encore@db.example:5432/shop?sslmode=require")
        #expect(password == "p@ss:word")
        let (plain, none) = DatabaseBackup.withoutPassword("postgres://encore@db.example/shop")
        #expect(plain == "postgres://encore@db.example/shop")
        #expect(none == nil)
    }
}
