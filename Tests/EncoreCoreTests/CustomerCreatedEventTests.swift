import EncoreCore
import Testing

@Suite("Derived events: customer.created")
struct CustomerCreatedEventTests {
    let at = Timestamp(millisecondsSinceEpoch: 1_709_296_200_000)

    @Test("a new customer stored live is announced once, keyed by the customer; history and known customers are not")
    func created() {
        let events = DerivedEvents.forCustomer(key: "c1", storeID: 9, createdAt: at, isNew: true, origin: .live)
        #expect(events.count == 1)
        #expect(events.first?.type == "customer.created" && events.first?.idempotencyKey == "customer.created:c1")
        #expect(events.first?.customerKey == "c1" && events.first?.occurredAt == at)
        #expect(events.first?.payload == #"{"customer_id":"c1"}"#)
        #expect(DerivedEvents.forCustomer(key: "c1", storeID: 9, createdAt: at, isNew: false, origin: .live).isEmpty)
        #expect(DerivedEvents.forCustomer(key: "c1", storeID: 9, createdAt: at, isNew: true, origin: .historical).isEmpty)
    }
}
