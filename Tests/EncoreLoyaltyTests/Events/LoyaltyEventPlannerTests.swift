import EncoreCore
import EncoreLoyalty
import Testing

@Suite("Event planner: what the ledger does for each event of the log")
struct LoyaltyEventPlannerTests {
    let planner = LoyaltyEventPlanner(storeID: 1, returnWindowDays: 30)
    let program = LoyaltyProgram.defaults
    let order = ProgramFixtures.order([
        ProgramFixtures.line("a", unitPrice: 6_000), ProgramFixtures.line("b", unitPrice: 4_000),
    ])

    /// The lot the earning step makes, as the book would hold it.
    func lot(_ step: LoyaltyStep) throws -> PointLot {
        var book = try LotBook(store: 1, customerKey: "c1")
        let change = try step.apply(to: &book)
        return try #require(change.lots.first)
    }

    @Test("the version is the latest published when the event was received; none before the first")
    func versions() {
        let t = ProgramFixtures.utc("2025-03-01T10:00:00Z")
        let published = [(1, t), (2, t.adding(seconds: 100))]
        #expect(LoyaltyEventPlanner.version(publishedAt: published, receivedAt: t.adding(seconds: -1)) == nil)
        #expect(LoyaltyEventPlanner.version(publishedAt: published, receivedAt: t) == 1)
        #expect(LoyaltyEventPlanner.version(publishedAt: published, receivedAt: t.adding(seconds: 99)) == 1)
        #expect(LoyaltyEventPlanner.version(publishedAt: published, receivedAt: t.adding(seconds: 100)) == 2)
    }

    @Test("an order earns at the tier's multiplier under a key of order and version, pending until delivery is known")
    func earning() throws {
        let (step, earning) = try #require(try planner.orderPlaced(order, program: program, version: 3, tierKey: "gold", deliveredAt: nil))
        #expect(earning.points == 150)
        #expect(step.eventKey?.text == "1|order|1001|v3")
        let lot = try lot(step)
        #expect(lot.points == 150 && lot.availableAt == nil && lot.source == "order:1001")
        let delivered = ProgramFixtures.utc("2025-03-05T10:00:00Z")
        let known = try #require(try planner.orderPlaced(order, program: program, version: 3, tierKey: nil, deliveredAt: delivered))
        #expect(try self.lot(known.step).availableAt == delivered.adding(seconds: 30 * 86_400))
        var cancelled = order
        cancelled.cancelledAt = order.placedAt
        #expect(try planner.orderPlaced(cancelled, program: program, version: 3, tierKey: nil, deliveredAt: nil) == nil)
    }

    @Test("refunds take back in the lot's proportion: at gold ×1.5, half of line a takes 45 of 150; the rest of the order all of what is left")
    func refundsScaleWithTheLot() throws {
        let earned = try #require(try planner.orderPlaced(order, program: program, version: 1, tierKey: "gold", deliveredAt: nil))
        let lot = try lot(earned.step)
        let first = ProgramFixtures.refund("r1", amount: 3_000, lines: [RefundLine(lineKey: "a", quantity: 1, amount: 3_000)])
        let steps = try planner.refunded(first, order: order, earlierRefunds: [], lots: [lot], program: { _ in program })
        guard case .reverse(let key, _, let points, _, _, _) = try #require(steps.first) else { Issue.record("not a reversal"); return }
        #expect(points == 45 && key.text == "1|refund|r1|v1")
        let tooMuch = ProgramFixtures.refund("r2", amount: 1_000_000)
        let rest = try planner.refunded(tooMuch, order: order, earlierRefunds: [first], lots: [lot], program: { _ in program })
        guard case .reverse(_, _, let left, _, _, _) = try #require(rest.first) else { Issue.record("not a reversal"); return }
        #expect(left == 105, "150 in all, never more, however large the refund")
        #expect(try planner.refunded(first, order: order, earlierRefunds: [], lots: [lot], program: { _ in nil }).isEmpty, "unknown version")
    }

    @Test("a cancellation takes back what is left of each lot; a delivery moves availability once")
    func cancellationAndDelivery() throws {
        let earned = try #require(try planner.orderPlaced(order, program: program, version: 1, tierKey: nil, deliveredAt: nil))
        var lot = try lot(earned.step)
        lot.reversed = 30
        let steps = try planner.cancelled(orderKey: "1001", lots: [lot], program: { _ in program }, at: order.placedAt)
        guard case .reverse(_, _, let points, let policy, _, _) = try #require(steps.first) else { Issue.record("not a reversal"); return }
        #expect(points == 70 && policy == .negativeBalance)
        let delivered = ProgramFixtures.utc("2025-03-05T10:00:00Z")
        #expect(planner.delivered(lots: [lot], lastDeliveredAt: delivered, program: { _ in program }) == [.makeAvailable(lotKey: lot.key, at: delivered.adding(seconds: 30 * 86_400))])
        lot.availableAt = delivered.adding(seconds: 30 * 86_400)
        #expect(planner.delivered(lots: [lot], lastDeliveredAt: delivered, program: { _ in program }).isEmpty)
    }

    @Test("a program that does not keep points pending makes them spendable at once, and deliveries leave them so")
    func notPending() throws {
        var atOnce = program
        atOnce.purchase?.pendingUntilReturnWindowCloses = false
        let earned = try #require(try planner.orderPlaced(order, program: atOnce, version: 1, tierKey: nil, deliveredAt: nil))
        let lot = try lot(earned.step)
        #expect(lot.availableAt == order.placedAt)
        #expect(planner.delivered(lots: [lot], lastDeliveredAt: order.placedAt.adding(seconds: 86_400), program: { _ in atOnce }).isEmpty)
    }
}
