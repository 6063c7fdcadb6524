import EncoreCore
import EncoreStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The frame of every admin page: landmarks, a skip link, the navigation of the current store,
/// the sign-out form, and the style sheet (inline: no external assets, no build step).
enum AdminLayout {
    /// Headers of every admin response: no caching of private pages, no framing, no sniffing,
    /// and a policy that allows no script, no external style and no form target elsewhere.
    /// The message preview's `srcdoc` frame inherits it (so a mail's scripts never run).
    static func securityHeaders(into headers: inout HTTPFields) {
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    static func response(_ status: HTTPResponse.Status = .ok, _ page: HTML, cookies: [Cookie] = []) -> Response {
        var headers = HTTPFields()
        securityHeaders(into: &headers)
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie.description)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.raw)))
    }

    static func redirect(to location: String, cookies: [Cookie] = []) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie.description)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// Which page of a store's navigation is current.
    enum Section: String { case overview, allied, dashboard, journeys, customers, tickets, reviews, returns, loyalty, outbox, mailbox }

    static func page(
        title: String, session: AdminSession?, store: Store? = nil, section: Section? = nil, body: HTML
    ) -> HTML {
        var nav: HTML = .empty
        if let session {
            var links: [HTML] = [
                link("/admin", "Stores", current: section == .overview),
                link("/admin/allied", "Allied brands", current: section == .allied),
            ]
            if let store {
                let base = "/admin/stores/\(store.id)"
                links.append(link(base + "/overview", "Dashboard", current: section == .dashboard))
                links.append(link(base + "/journeys", "Journeys", current: section == .journeys))
                links.append(link(base + "/customers", "Customers", current: section == .customers))
                links.append(link(base + "/tickets", "Support", current: section == .tickets))
                links.append(link(base + "/reviews", "Reviews", current: section == .reviews))
                links.append(link(base + "/returns", "Returns", current: section == .returns))
                links.append(link(base + "/loyalty", "Loyalty", current: section == .loyalty))
                links.append(link(base + "/outbox", "Outbox", current: section == .outbox))
                links.append(link(base + "/mailbox", "Mailbox", current: section == .mailbox))
            }
            let storeName: HTML = store.map { "<span class=\"store\">\($0.name)</span>" } ?? .empty
            nav = """
                <header class="top"><nav aria-label="Main"><a class="brand" href="/admin">Encore</a>\(storeName)
                <ul>\(links)</ul></nav>
                <form class="signout" method="post" action="/admin/logout"><input type="hidden" name="csrf" value="\(session.csrfToken)">
                <span class="who">\(session.email) · \(session.organisationName)</span> <button type="submit">Sign out</button></form></header>
                """
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="same-origin"><title>\(title) · Encore admin</title><style>\(HTML(raw: css))</style></head>
            <body><a class="skip" href="#main">Skip to content</a>\(nav)
            <main id="main" tabindex="-1"><h1>\(title)</h1>
            \(body)
            </main></body></html>
            """
    }

    private static func link(_ href: String, _ text: String, current: Bool) -> HTML {
        current
            ? "<li><a href=\"\(href)\" aria-current=\"page\">\(text)</a></li>"
            : "<li><a href=\"\(href)\">\(text)</a></li>"
    }

    /// A table inside a scrolling region, so wide tables scroll on a phone instead of the page.
    static func table(caption: String, head: [String], rows: [HTML], empty: String) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(empty)</p>" }
        let headers: [HTML] = head.map { "<th scope=\"col\">\($0)</th>" }
        return """
            <div class="scroll" role="region" aria-label="\(caption)" tabindex="0"><table><caption>\(caption)</caption>
            <thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    /// Colours meet WCAG AA contrast (4.5:1 for text) on their backgrounds; focus is always visible.
    static let css = """
        :root{--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--bg:#fff;--accent:#0b57d0;--bad:#a50e0e;--badbg:#fdecea;--ok:#0d652d;--warnbg:#fff4e5}
        *{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:var(--bg)}
        a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,[tabindex]:focus-visible{outline:3px solid #f9ab00;outline-offset:2px}
        .skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}.skip:focus{left:.5rem}
        .top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.5rem 1rem;border-bottom:1px solid var(--line);background:#f7f7f7}
        .top nav{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem}.top ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
        .brand{font-weight:700;text-decoration:none;color:var(--fg)}.store{font-weight:600}[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
        .who{color:var(--muted);font-size:.9rem}.signout{margin:0}
        main{max-width:72rem;margin:0 auto;padding:1rem}h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.25rem;margin-top:2rem}
        .scroll{overflow-x:auto;margin:.5rem 0 1rem}table{border-collapse:collapse;width:100%;font-size:.95rem}caption{text-align:left;font-weight:600;padding:.25rem 0}
        th,td{border-bottom:1px solid var(--line);padding:.4rem .6rem;text-align:left;vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        tr.dead td{background:var(--badbg)}tr.holdout td{color:var(--muted)}.badge{display:inline-block;padding:0 .4rem;border-radius:.25rem;border:1px solid currentColor;font-size:.85rem}
        .bad{color:var(--bad)}.good{color:var(--ok)}.muted{color:var(--muted)}.empty{color:var(--muted);font-style:italic}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
        pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;border:1px solid var(--line);padding:.75rem;max-height:30rem;overflow:auto}
        iframe.mail{width:100%;height:36rem;border:1px solid var(--line);background:#fff}
        form.login{max-width:22rem}label{display:block;font-weight:600;margin-top:.75rem}input[type=email],input[type=password]{width:100%;padding:.5rem;font:inherit;border:1px solid #767676;border-radius:.25rem}
        button{font:inherit;padding:.4rem .9rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:.25rem;cursor:pointer}.signout button{background:#fff;color:var(--accent)}
        .error{border-left:4px solid var(--bad);background:var(--badbg);padding:.5rem .75rem}
        ol.flow{list-style:none;padding:0;margin:0;max-width:44rem}ol.flow>li{border:2px solid var(--line);border-radius:.5rem;padding:.5rem .75rem;margin:0 0 2rem;position:relative;background:#fff}
        ol.flow>li:not(:last-child)::after{content:"↓";position:absolute;left:1.5rem;bottom:-1.9rem;font-size:1.4rem;line-height:1.8rem;color:var(--muted)}
        ol.flow>li.ends::after{content:none}ol.flow>li:target{border-color:var(--accent)}
        .kind{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;font-weight:700;color:var(--muted)}.kind-send{border-color:#0b57d0 !important}.kind-wait,.kind-wait_for{border-style:dashed !important}
        ul.edges{margin:.25rem 0 0;padding-left:1.25rem}ul.edges li::marker{content:"→ "}
        .tabs{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}.tabs a{display:inline-block;padding:.25rem .6rem;border:1px solid var(--line);border-radius:.25rem;text-decoration:none}
        .inbox li{border-bottom:1px solid var(--line);padding:.5rem 0;list-style:none}.inbox{padding:0}.inbox a{font-weight:600}
        .filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}.filters label{margin:0}select,input[type=date],input[type=search]{font:inherit;padding:.3rem;border:1px solid #767676;border-radius:.25rem}
        ul.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.75rem;list-style:none;padding:0;margin:0}
        li.kpi{border:1px solid var(--line);border-radius:.5rem;padding:.6rem .75rem;display:flex;flex-direction:column;gap:.15rem}
        li.kpi .label{font-weight:600}li.kpi .value{font-size:1.5rem;font-variant-numeric:tabular-nums}.change{font-size:.9rem}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
        @media (max-width:40rem){main{padding:.5rem}th,td{padding:.3rem .4rem}}
        """
}
