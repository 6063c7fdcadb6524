import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import EncoreCore
import EncoreStore

/// The JSON API under /v1. Every route sees only the store of its API key: records of another
/// store are simply not found (404), never shown.
struct V1Routes {
    let storage: any EncoreStorage
    let clock: any Clock
    let committer: EventCommitter

    /// Every operation under /v1, as (method, path below /v1). The OpenAPI test checks this
    /// table against the document in both directions.
    static let operations: [(method: HTTPRequest.Method, path: String)] = [
        (.post, "orders"), (.get, "orders/{id}"), (.post, "shipments"), (.post, "refunds"), (.post, "returns"),
        (.post, "events"), (.get, "customers/{id}"), (.get, "stats"), (.post, "tickets"),
    ]

    func register(on group: RouterGroup<EncoreRequestContext>) {
        let handlers: [String: @Sendable (Request, EncoreRequestContext) async throws -> Response] = [
            "POST orders": upsertOrder, "GET orders/{id}": getOrder, "POST shipments": upsertShipment,
            "POST refunds": recordRefund, "POST returns": upsertReturn, "POST events": appendEvents,
            "GET customers/{id}": getCustomer, "GET stats": getStats, "POST tickets": openTicket,
        ]
        for (method, path) in Self.operations {
            guard let handler = handlers["\(method.rawValue) \(path)"] else {
                preconditionFailure("no handler for \(method) \(path)")
            }
            group.on(RouterPath(path), method: method, use: method == .get ? handler : Self.bounded(handler))
        }
    }

    /// How long a write may wait for the database before the client is told to send it again.
    static let writeTimeout: Duration = .seconds(30)

    /// A write handler answered by `writeTimeout` even when the database never answers (a
    /// connection that died under its query): 503, and the client sends it again; the API's
    /// writes are idempotent, so a write that did land is found unchanged the second time.
    static func bounded(
        _ handler: @escaping @Sendable (Request, EncoreRequestContext) async throws -> Response,
        timeout: Duration = writeTimeout
    ) -> @Sendable (Request, EncoreRequestContext) async throws -> Response {
        { request, context in
            switch await withDeadline(timeout, { try await handler(request, context) }) {
            case .success(let response): return response
            case .failure(let error): throw error
            case nil:
                throw APIError(
                    .serviceUnavailable,
                    reason: "the database did not confirm the write within \(timeout.components.seconds) s; send the request again")
            }
        }
    }

    static func json(_ value: JSONText, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: value.rendered)))
    }

    /// Converts payload validation failures into 400/422 API errors.
    func validated<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FieldError {
            throw APIError(.unprocessableContent, field: error.field, reason: error.reason)
        }
    }

    @Sendable func upsertOrder(_ request: Request, context: EncoreRequestContext) async throws -> Response {
        let store = try context.requireStore()
        let payload = try await JSONInput.decode(OrderPayload.self, from: request, context: context)
        let now = clock.now()
        let (order, customer, products) = try validated { try payload.domain(store: store, now: now) }
        let batch = IngestBatch(
            storeID: store.id, customers: customer.map { [$0] } ?? [], products: products, orders: [order])
        let result = try await storage.ingest(batch, now: now)
        let outcome = result.orders[order.key] ?? .unchanged
        return Self.json(
            .object([("outcome", .string(outcome.rawValue)), ("order", Present.order(order))]),
            status: outcome == .created ? .created : .ok)
    }

    @Sendable func getOrder(_ request: Request, context: EncoreRequestContext) async throws -> Response {
        let store = try context.requireStore()
        let raw = try context.parameters.require("id")
        guard let id = PathID.decode(raw), let detail = try await storage.order(storeID: store.id, key: id) else {
            throw APIError(.notFound, field: "id", reason: "no order '\(raw)' in this store")
        }
        return Self.json(Present.orderDetail(detail))
    }

    @Sendable func upsertShipment(_ request: Request, context: EncoreRequestContext) async throws -> Response {
        let store = try context.requireStore()
        let payload = try await JSONInput.decode(ShipmentPayload.self, from: request, context: context)
        let shipment = try validated { try payload.domain(store: store) }
        let result = try await storage.ingest(IngestBatch(storeID: store.id, shipments: [shipment]), now: clock.now())
        let outcome = result.shipments[shipment.key] ?? .unchanged
        guard let detail = try await storage.order(storeID: store.id, key: shipment.orderKey),
            let stored = detail.shipments.first(where: { $0.key == shipment.key })
        else { throw APIError(.notFound, field: "order_id", reason: "no order '\(shipment.orderKey)' in this store") }
        return Self.json(
            .object([("outcome", .string(outcome.rawValue)), ("shipment", Present.shipment(stored))]),
            status: outcome == .created ? .created : .ok)
    }

    @Sendable func recordRefund(_ request: Request, context: EncoreRequestContext) async throws -> Response {
        let store = try context.requireStore()
        let payload = try await JSONInput.decode(RefundPayload.self, from: request, context: context)
        let refund = try validated { try payload.domain(store: store) }
        let result = try await storage.ingest(IngestBatch(storeID: store.id, refunds: [refund]), now: clock.now())
        let outcome = result.refunds[refund.key] ?? .unchanged
        guard let detail = try await storage.order(storeID: store.id, key: refund.orderKey),
            let stored = detail.refunds.first(where: { $0.key == refund.key })
        else { throw APIError(.notFound, field: "order_id", reason: "no order '\(refund.orderKey)' in this store") }
        return Self.json(
            .object([
                ("outcome", .string(outcome.rawValue)), ("refund", Present.refund(stored)),
                ("financial_status", .string(detail.order.financialStatus.rawValue)),
            ]), status: outcome == .created ? .created : .ok)
    }

    @Sendable func openTicket(_ request: Request, context: EncoreRequestContext) async throws -> Response {
        let store = try context.requireStore()
        let payload = try await JSONInput.decode(TicketPayload.self, from: request, context: context)
        let fields = try validated { try payload.validated() }
        var customer: Customer?
        if let id = payload.customer_id?.value {
            guard let found = try await storage.customer(storeID: store.id, key: id, eventLimit: 0)?.customer else {
                throw APIError(.unprocessableContent, field: "customer_id", reason: "no customer '\(id)' in this store")
            }
            customer = found
        }
        if let id = payload.order_id?.value, try await storage.order(storeID: store.id, key: id) == nil {
            throw APIError(.unprocessableContent, field: "order_id", reason: "no order '\(id)' in this store")
        }
        var ticket = CareService.newTicket(
            store: store, customer: customer, orderKey: payload.order_id?.value, subject: fields.subject,
            body: fields.message, author: fields.email ?? customer?.email ?? "api", priority: fields.priority, source: .api,
            sourceRef: payload.id.value, now: clock.now())
        ticket.email = fields.email ?? customer?.email
        let (stored, created) = try await storage.openTicket(ticket)
        return Self.json(
            .object([
                ("outcome", .string(created ? "created" : "unchanged")),
                (
                    "ticket",
                    .object([
                        ("id", .string(stored.sourceRef)), ("key", .string(stored.key)), ("number", .int(stored.number)),
                        ("status", .string(stored.status.rawValue)), ("priority", .string(stored.priority.rawValue)),
                        ("first_response_due", .string(stored.firstResponseDue.iso8601)),
                    ])
                ),
            ]), status: created ? .created : .ok)
    }

    @Sendable func upsertReturn(_ request: Request, context: EncoreRequestContext) async throws -> Response {
        let store = try context.requireStore()
        let payload = try await JSONInput.decode(ReturnPayload.self, from: request, context: context)
        let ret = try validated { try payload.domain(store: store) }
        let result = try await storage.ingest(IngestBatch(storeID: store.id, returns: [ret]), now: clock.now())
        let outcome = result.returns[ret.key] ?? .unchanged
        return Self.json(
            .object([("outcome", .string(outcome.rawValue)), ("return", Present.returnRecord(ret))]),
            status: outcome == .created ? .created : .ok)
    }

    @Sendable func appendEvents(_ request: Request, context: EncoreRequestContext) async throws -> Response {
        let store = try context.requireStore()
        let body = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        if body.isEmpty { throw APIError(.badRequest, field: "body", reason: "the body is empty; send a JSON object") }
        if !JSONInput.isValidUTF8(body) {
            throw APIError(.badRequest, field: "body", reason: "the body is not valid UTF-8")
        }
        let events: [NewEvent]
        do {
            events = try EventBatchPayload.events(from: body, store: store, now: clock.now())
        } catch {
            throw APIError(.init(code: error.status), field: error.field, reason: error.reason)
        }
        let result = try await committer.append(IngestBatch(storeID: store.id, events: events))
        // The same answer for a first delivery and a replay: ids and keys only.
        return Self.json(
            .object([
                (
                    "events",
                    .array(
                        zip(events, result.eventIDs).map { event, id in
                            .object([("id", .int(id)), ("idempotency_key", .string(event.idempotencyKey))])
                        })
                )
            ]))
    }

    @Sendable func getCustomer(_ request: Request, context: EncoreRequestContext) async throws -> Response {
        let store = try context.requireStore()
        let raw = try context.parameters.require("id")
        var limit = 100
        if let raw = request.uri.queryParameters.get("events") {
            guard let value = Int(raw), (0...1000).contains(value) else {
                throw APIError(.badRequest, field: "events", reason: "must be an integer from 0 to 1000")
            }
            limit = value
        }
        guard let id = PathID.decode(raw), let detail = try await storage.customer(storeID: store.id, key: id, eventLimit: limit)
        else {
            throw APIError(.notFound, field: "id", reason: "no customer '\(raw)' in this store")
        }
        return Self.json(Present.customer(detail))
    }

    @Sendable func getStats(_ request: Request, context: EncoreRequestContext) async throws -> Response {
        let store = try context.requireStore()
        let stats = try await storage.stats(storeID: store.id)
        return Self.json(stats.first.map(Present.stats) ?? .null)
    }
}
