import EncoreCore
import EncoreStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The public routes behind the links in messages, each authorised by its signed token alone:
/// `/u/{token}` unsubscribe (a confirmation page, and POST for the one-click
/// List-Unsubscribe-Post of RFC 8058, exempt from CSRF tokens by that standard), `/c/{token}` a
/// tracked click (recorded, then redirected), `/o/{token}` the open-tracking image.
/// A bad or expired token gets a plain 404 page and reveals nothing.
struct LinkRoutes {
    let storage: any EncoreStorage
    let signer: LinkSigner
    let clock: any Clock

    func register(on router: Router<EncoreRequestContext>) {
        router.get("u/:token") { _, context in try await unsubscribePage(context, done: false) }
        router.post("u/:token") { _, context in try await unsubscribe(context) }
        router.get("c/:token") { _, context in try await click(context) }
        router.get("o/:token") { _, context in try await open(context) }
    }

    private func claims(_ context: EncoreRequestContext, purpose: String) -> LinkClaims? {
        guard let token = context.parameters.get("token") else { return nil }
        return signer.verify(token, purpose: purpose, now: clock.now())
    }

    /// A page with the customer pages' headers: no script, nothing from elsewhere, no framing.
    static func html(_ status: HTTPResponse.Status, _ page: String) -> Response {
        Response(status: status, headers: CustomerPage.pageHeaders, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static var notFound: Response {
        html(
            .notFound,
            PublicPage.render(
                title: "Link not valid",
                body: "<h1>This link is not valid</h1><p>It may have expired. The newest message from the shop has a fresh one.</p>"))
    }

    private func customer(_ claims: LinkClaims) async throws -> (Store, Customer)? {
        guard let store = try await storage.store(id: claims.storeID),
            let detail = try await storage.customer(storeID: claims.storeID, key: claims.customerKey, eventLimit: 0)
        else { return nil }
        return (store, detail.customer)
    }

    private func unsubscribePage(_ context: EncoreRequestContext, done: Bool) async throws -> Response {
        guard let claims = claims(context, purpose: "unsubscribe"), let (store, customer) = try await customer(claims),
            let email = customer.email, let token = context.parameters.get("token")
        else { return Self.notFound }
        let name = PublicPage.escape(store.settings.displayName ?? store.name)
        if done {
            return Self.html(
                .ok,
                PublicPage.render(
                    title: "Unsubscribed",
                    body: "<h1>You are unsubscribed</h1><p>\(name) will send no more marketing email to <strong>\(PublicPage.escape(email))</strong>. Order and delivery messages still arrive.</p>"))
        }
        return Self.html(
            .ok,
            PublicPage.render(
                title: "Unsubscribe",
                body: """
                    <h1>Unsubscribe from \(name)</h1>
                    <p>Stop marketing email to <strong>\(PublicPage.escape(email))</strong>? Order and delivery messages still arrive.</p>
                    <form method="post" action="/u/\(PublicPage.escape(token))"><button type="submit">Unsubscribe</button></form>
                    """))
    }

    private func unsubscribe(_ context: EncoreRequestContext) async throws -> Response {
        guard let claims = claims(context, purpose: "unsubscribe"), let (_, customer) = try await customer(claims),
            let email = customer.email
        else { return Self.notFound }
        try await storage.suppress(
            storeID: claims.storeID, channel: .email, address: email, reason: "unsubscribed", now: clock.now())
        return try await unsubscribePage(context, done: true)
    }

    private func click(_ context: EncoreRequestContext) async throws -> Response {
        guard let claims = claims(context, purpose: "click"), let target = claims.target,
            let url = URL(string: target), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return Self.notFound }
        if let messageID = claims.messageID {
            try await storage.recordEngagement(
                storeID: claims.storeID, messageID: messageID, kind: "clicked", detail: target, now: clock.now())
        }
        return Response(status: .found, headers: [.location: target, .cacheControl: "no-store"])
    }

    /// A transparent 1x1 GIF.
    static let pixel: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
        0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
        0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    private func open(_ context: EncoreRequestContext) async throws -> Response {
        if let claims = claims(context, purpose: "open"), let messageID = claims.messageID {
            try await storage.recordEngagement(
                storeID: claims.storeID, messageID: messageID, kind: "opened", detail: nil, now: clock.now())
        }
        return Response(
            status: .ok, headers: [.contentType: "image/gif", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: Self.pixel)))
    }
}
