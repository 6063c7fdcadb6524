import Foundation
import Testing

@testable import EncoreCore

extension CustomerCare {
    @Suite struct ReturnWindowTests {
        let window = ReturnWindow()
        let delivered = utc("2024-03-01T10:00:00Z")
        let lines: [ReturnWindow.Line] = [
            .init(lineKey: "mug", orderedQuantity: 3, alreadyReturnedQuantity: 1),
            .init(lineKey: "beans", orderedQuantity: 2),
            .init(lineKey: "filter", orderedQuantity: 1, alreadyReturnedQuantity: 1),
        ]

        @Test func windowOpensAtDeliveryForThirtyDays() {
            let closes = utc("2024-03-31T10:00:00Z")
            #expect(window.days == 30)
            #expect(window.closesAt(deliveredAt: delivered) == closes)
            #expect(window.closesAt(deliveredAt: nil) == nil)
            #expect(window.isOpen(deliveredAt: delivered, now: delivered))
            #expect(window.isOpen(deliveredAt: delivered, now: utc("2024-03-31T09:59:59.999Z")))
            #expect(!window.isOpen(deliveredAt: delivered, now: closes))
            #expect(!window.isOpen(deliveredAt: nil, now: delivered))
            #expect(ReturnWindow(days: 14).closesAt(deliveredAt: delivered) == utc("2024-03-15T10:00:00Z"))
            #expect(!ReturnWindow(days: 0).isOpen(deliveredAt: delivered, now: delivered))
            #expect(ReturnWindow(days: -5).closesAt(deliveredAt: delivered) == delivered)
            #expect(ReturnWindow(days: .max).isOpen(deliveredAt: delivered, now: utc("9999-01-01T00:00:00Z")))
        }

        @Test func lineStatusWhileOpen() {
            let status = window.status(of: lines, deliveredAt: delivered, now: utc("2024-03-10T00:00:00Z"))
            #expect(status.map(\.lineKey) == ["mug", "beans", "filter"])
            #expect(status.map(\.remainingQuantity) == [2, 2, 0])
            #expect(status.map(\.returnableQuantity) == [2, 2, 0])
            #expect(status.allSatisfy { $0.windowOpen && $0.closesAt == utc("2024-03-31T10:00:00Z") })
        }

        @Test func lineStatusWhenClosedOrNotDelivered() {
            let closed = window.status(of: lines, deliveredAt: delivered, now: utc("2024-04-01T00:00:00Z"))
            #expect(closed.map(\.returnableQuantity) == [0, 0, 0])
            #expect(closed.map(\.remainingQuantity) == [2, 2, 0])
            #expect(closed.allSatisfy { !$0.windowOpen && $0.closesAt != nil })
            let pending = window.status(of: lines, deliveredAt: nil, now: delivered)
            #expect(pending.allSatisfy { !$0.windowOpen && $0.closesAt == nil && $0.returnableQuantity == 0 })
        }

        @Test func inconsistentQuantitiesNeverGoNegative() {
            #expect(
                ReturnWindow.Line(lineKey: "a", orderedQuantity: 2, alreadyReturnedQuantity: 5).remainingQuantity == 0)
            #expect(
                ReturnWindow.Line(lineKey: "a", orderedQuantity: 2, alreadyReturnedQuantity: -5).remainingQuantity == 2)
            #expect(ReturnWindow.Line(lineKey: "a", orderedQuantity: -2).remainingQuantity == 0)
            #expect(
                ReturnWindow.Line(lineKey: "a", orderedQuantity: .min, alreadyReturnedQuantity: .max).remainingQuantity
                    == 0)
        }

        @Test func validRequestsPass() throws {
            let now = utc("2024-03-10T00:00:00Z")
            try window.validate(
                request: [.init(lineKey: "mug", quantity: 2)], lines: lines, deliveredAt: delivered, now: now)
            try window.validate(
                request: [.init(lineKey: "beans", quantity: 1), .init(lineKey: "mug", quantity: 1)], lines: lines,
                deliveredAt: delivered, now: now)
        }

        private func problems(_ request: [ReturnWindow.RequestLine], deliveredAt: Timestamp?, now: String)
            -> [ReturnRequestError.Problem]
        {
            do {
                try window.validate(request: request, lines: lines, deliveredAt: deliveredAt, now: utc(now))
                return []
            } catch let error as ReturnRequestError {
                return error.problems
            } catch {
                Issue.record("unexpected \(error)")
                return []
            }
        }

        @Test func everyBadLineIsReportedWithItsField() {
            let found = problems(
                [
                    .init(lineKey: "mug", quantity: 3), .init(lineKey: "teapot", quantity: 1),
                    .init(lineKey: "beans", quantity: 0), .init(lineKey: "filter", quantity: 1),
                    .init(lineKey: "mug", quantity: 1), .init(lineKey: "beans", quantity: -2),
                ], deliveredAt: delivered, now: "2024-03-10T00:00:00Z")
            #expect(
                found.map(\.inputError) == [
                    InputError(
                        field: "lines[0].quantity",
                        reason: "3 units of line 'mug' asked for, but only 2 can be returned"),
                    InputError(field: "lines[1].line_key", reason: "line 'teapot' is not part of this order"),
                    InputError(field: "lines[2].quantity", reason: "the quantity must be at least 1, got 0"),
                    InputError(
                        field: "lines[3].quantity",
                        reason: "every unit of line 'filter' has already been returned or asked for"),
                    InputError(field: "lines[4].line_key", reason: "line 'mug' is asked for more than once"),
                    InputError(field: "lines[5].line_key", reason: "line 'beans' is asked for more than once"),
                ])
            #expect(found.map(\.index) == [0, 1, 2, 3, 4, 5])
            #expect(found[0].kind == .moreThanReturnable(requested: 3, returnable: 2))
        }

        @Test func closedWindowAndUndeliveredOrders() {
            let closed = problems(
                [.init(lineKey: "mug", quantity: 1), .init(lineKey: "nope", quantity: 1)], deliveredAt: delivered,
                now: "2024-04-02T00:00:00Z")
            #expect(closed.map(\.kind) == [.windowClosed(closedAt: utc("2024-03-31T10:00:00Z")), .unknownLine])
            #expect(closed[0].reason == "the return window closed at 2024-03-31T10:00:00.000Z")
            let undelivered = problems(
                [.init(lineKey: "beans", quantity: 1)], deliveredAt: nil, now: "2024-03-02T00:00:00Z")
            #expect(
                undelivered.map(\.inputError) == [
                    InputError(field: "lines[0].quantity", reason: "the order has not been delivered yet")
                ])
        }

        @Test func emptyRequestAndErrorDescription() {
            #expect(throws: ReturnRequestError(problems: [.init(index: nil, lineKey: nil, kind: .empty)])) {
                try window.validate(request: [], lines: lines, deliveredAt: delivered, now: delivered)
            }
            let error = ReturnRequestError(problems: [
                .init(index: nil, lineKey: nil, kind: .empty), .init(index: 1, lineKey: "x", kind: .unknownLine),
            ])
            #expect(
                error.description
                    == "lines: choose at least one line to return; "
                    + "lines[1].line_key: line 'x' is not part of this order"
            )
        }

        @Test func duplicateOrderLinesKeepTheFirst() throws {
            let doubled = [
                ReturnWindow.Line(lineKey: "a", orderedQuantity: 1), .init(lineKey: "a", orderedQuantity: 5),
            ]
            #expect(throws: ReturnRequestError.self) {
                try window.validate(
                    request: [.init(lineKey: "a", quantity: 2)], lines: doubled, deliveredAt: delivered, now: delivered)
            }
        }

        @Test func codable() throws {
            let status = window.status(of: lines, deliveredAt: delivered, now: delivered)
            #expect(
                try JSONDecoder().decode([ReturnWindow.LineStatus].self, from: JSONEncoder().encode(status)) == status)
            #expect(
                try JSONDecoder().decode(ReturnWindow.self, from: JSONEncoder().encode(ReturnWindow(days: 14))).days
                    == 14)
        }
    }
}
