import EncoreCore
import Testing

@Suite("Calibration/holdout validation: actual beside predicted, per frequency group and in total")
struct HoldoutValidationTests {
    @Test func groupsAndTotals() throws {
        let m = BGNBD(r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752)
        let customers: [(summary: CustomerSummary, holdoutPurchases: Int)] = [
            (CustomerSummary(id: "a", frequency: 0, recency: 0, age: 38.86), 0),
            (CustomerSummary(id: "b", frequency: 0, recency: 0, age: 38.86), 1),
            (CustomerSummary(id: "c", frequency: 2, recency: 30.43, age: 38.86), 2),
            (CustomerSummary(id: "d", frequency: 9, recency: 38, age: 38.86), 5),
            (CustomerSummary(id: "e", frequency: 12, recency: 37, age: 38.86), 9),
        ]
        let v = try #require(HoldoutValidation.compute(m, customers: customers, weeks: 39))
        #expect(v.groups.map(\.frequency) == [0, 2, 7] && v.groups.map(\.customers) == [2, 1, 2])
        #expect(v.groups.map(\.actual) == [1, 2, 14] && v.actual == 17 && v.customers == 5)
        #expect(abs(v.groups[0].predicted - 2 * 0.19478086) < 1e-6)
        #expect(abs(v.groups[1].predicted - 1.2259104) < 1e-6)
        let nine = try #require(m.expectedPurchases(t: 39, x: 9, tx: 38, T: 38.86))
        let twelve = try #require(m.expectedPurchases(t: 39, x: 12, tx: 37, T: 38.86))
        #expect(abs(v.groups[2].predicted - (nine + twelve)) < 1e-9)
        #expect(abs(v.predicted - v.groups.reduce(0) { $0 + $1.predicted }) < 1e-9 && v.weeks == 39)
    }
}
