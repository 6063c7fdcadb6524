import Testing

@testable import EncoreCore

extension CustomerCare {
    @Suite struct TicketStatusTests {
        @Test func transitionMatrix() {
            let allowed: [TicketStatus: [TicketStatus]] = [
                .open: [.pending, .resolved, .closed],
                .pending: [.open, .resolved, .closed],
                .resolved: [.open, .closed],
                .closed: [.open],
            ]
            for from in TicketStatus.allCases {
                for to in TicketStatus.allCases {
                    #expect(from.canMove(to: to) == (allowed[from] ?? []).contains(to), "\(from) → \(to)")
                }
                #expect(!from.canMove(to: from))
            }
        }

        @Test func activeStatesAndRawValues() {
            #expect(TicketStatus.allCases.filter(\.isActive) == [.open, .pending])
            #expect(TicketStatus(rawValue: "resolved") == .resolved)
            #expect(TicketStatus(rawValue: "Open") == nil)
            #expect(
                TicketSource.allCases.map(\.rawValue) == ["receipt", "feedback", "review", "api", "admin", "shipment"])
            #expect(TicketSource(rawValue: "email") == nil)
        }

        @Test func prioritiesAreOrdered() {
            #expect(TicketPriority.allCases.map(\.rawValue) == ["low", "normal", "high", "urgent"])
            #expect(TicketPriority.allCases.sorted() == [.low, .normal, .high, .urgent])
            #expect(TicketPriority.urgent > .high && TicketPriority.low < .normal)
            #expect([TicketPriority.normal, .urgent, .low].max() == .urgent)
            #expect(TicketPriority(rawValue: "critical") == nil)
        }
    }
}
