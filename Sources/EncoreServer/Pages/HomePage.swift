import Hummingbird
import NIOCore
import EncoreCore
import EncoreStore

/// GET /: a small HTML overview of the stores and what they hold, every value escaped.
struct HomePage {
    let storage: any EncoreStorage

    func register(on router: Router<EncoreRequestContext>) {
        router.get("/") { _, _ in
            let stats = try await storage.stats(storeID: nil)
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: Self.render(stats))))
        }
    }

    static func render(_ stats: [StoreStats]) -> String {
        var rows = ""
        for s in stats {
            let revenue = s.revenue.keys.sorted().map { code -> String in
                let exponent = Currency(code: code)?.exponent ?? 2
                return "\(Money.format(minorUnits: s.revenue[code]!, exponent: exponent)) \(code)"
            }.joined(separator: ", ")
            rows += "<tr><th scope=\"row\">\(HTML.escape(s.store))</th><td>\(s.customers)</td><td>\(s.orders)</td>"
            rows += "<td>\(s.lineItems)</td><td>\(s.shipments)</td><td>\(s.events)</td><td>\(HTML.escape(revenue))</td></tr>\n"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Encore</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd}
            td{font-variant-numeric:tabular-nums}code{background:#f3f3f3;padding:.1rem .3rem}</style></head>
            <body><h1>Encore</h1><p>The post-purchase customer platform. API: <a href="/openapi.json">/openapi.json</a></p>
            <table><caption>Stores</caption><thead><tr><th scope="col">Store</th><th scope="col">Customers</th>
            <th scope="col">Orders</th><th scope="col">Line items</th><th scope="col">Shipments</th><th scope="col">Events</th>
            <th scope="col">Revenue</th></tr></thead><tbody>
            \(rows)</tbody></table></body></html>
            """
    }
}

/// HTML escaping for text and attribute values.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
