import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@Suite("Late and troubled shipments: the apology journey starts and a ticket opens, once")
struct ShipmentCareTests {
    @Test("a shipment past its estimate starts delivery-delayed and opens a ticket; an exception opens one too", arguments: Backend.enabled)
    func sweep(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await JourneyPublisher.installDefaults(storeID: store.id, storage: storage, now: Fixtures.t0)
            var orders = [Fixtures.order(store, key: "1001"), Fixtures.order(store, key: "1002"), Fixtures.order(store, key: "1003")]
            orders[2].customerKey = "c1"
            let late = Shipment(
                storeID: store.id, key: "late", orderKey: "1001", estimatedDelivery: Fixtures.t0.adding(seconds: 86_400),
                checkpoints: [ShipmentCheckpoint(status: .inTransit, at: Fixtures.t0.adding(seconds: 600))])
            let broken = Shipment(
                storeID: store.id, key: "broken", orderKey: "1002", estimatedDelivery: Fixtures.t0.adding(seconds: 9 * 86_400),
                checkpoints: [ShipmentCheckpoint(status: .exception, at: Fixtures.t0.adding(seconds: 900))])
            let fine = Shipment(
                storeID: store.id, key: "fine", orderKey: "1003", estimatedDelivery: Fixtures.t0.adding(seconds: 86_400),
                checkpoints: [ShipmentCheckpoint(status: .delivered, at: Fixtures.t0.adding(seconds: 3_600))])
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id, origin: .live, customers: [Fixtures.customer(store)], orders: orders,
                    shipments: [late, broken, fine]), now: Fixtures.t0)
            let service = ShipmentCareService(storage: storage)
            let now = Fixtures.t0.adding(seconds: 2 * 86_400)
            #expect(try await service.sweep(now: Fixtures.t0.adding(seconds: 3_600)) == 1, "before the estimate only the exception")
            #expect(try await service.sweep(now: now) == 1, "then the late one")
            #expect(try await service.sweep(now: now.adding(seconds: 60)) == 0, "each shipment once")
            let tickets = try await storage.tickets(storeID: store.id, statuses: [.open], limit: 10)
            #expect(Set(tickets.map(\.sourceRef)) == ["exception:broken", "delayed:late"])
            #expect(tickets.allSatisfy { $0.source == .shipment && $0.priority == .high && $0.email == "c1@example.com" })
            let links = JourneyLinks(baseURL: "http://encore.test", signer: LinkSigner(secret: "s"))
            _ = try await storage.runJourneys(now: now, limit: 100, runtime: links.runtime())
            let delayed = try await storage.journeyInstances(storeID: store.id, journeyID: "delivery-delayed", subject: nil, limit: 10)
            #expect(delayed.count == 1, "the apology journey started for the late shipment")
        }
    }
}
