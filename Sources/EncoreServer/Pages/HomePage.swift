import Hummingbird
import NIOCore
import EncoreCore

/// GET /: a small public page saying Encore is running and where its API is documented.
///
/// It shows no store data: it is unauthenticated, and one store's numbers are nobody else's
/// business. Per-store figures are behind an API key (`GET /v1/stats`) and, later, the admin login.
struct HomePage {
    func register(on router: Router<EncoreRequestContext>) {
        router.get("/") { _, _ in
            Response(status: .ok, headers: CustomerPage.pageHeaders, body: .init(byteBuffer: ByteBuffer(string: Self.html)))
        }
    }

    static let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Encore</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:40rem;padding:0 1rem;color:#1a1a1a}
        code{background:#f3f3f3;padding:.1rem .3rem}</style></head>
        <body><main><h1>Encore</h1><p>The post-purchase customer platform is running.</p>
        <ul><li>API reference: <a href="/openapi.json">/openapi.json</a> (authenticate with
        <code>Authorization: Bearer &lt;key&gt;</code>)</li><li>Health: <a href="/health">/health</a></li></ul>
        </main></body></html>
        """
}
