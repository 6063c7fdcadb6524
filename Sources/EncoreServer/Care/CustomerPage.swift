import EncoreCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The frame of every page a shop's customers see: the store's name, logo and colours, one
/// readable column on a phone that widens on a desk, a print style sheet, and headers that allow
/// no script at all, nothing from elsewhere, no framing and no form posted away.
enum CustomerPage {
    static func securityHeaders(into headers: inout HTTPFields, framable: Bool = false) {
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if !framable { headers[HTTPField.Name("X-Frame-Options")!] = "DENY" }
        headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors \(framable ? "*" : "'none'")"
    }

    static func response(_ status: HTTPResponse.Status = .ok, _ page: HTML, framable: Bool = false) -> Response {
        var headers = HTTPFields()
        securityHeaders(into: &headers, framable: framable)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.raw)))
    }

    /// A page already rendered to bytes (see `PageCache`), with headers built once.
    static func response(_ status: HTTPResponse.Status = .ok, bytes: ByteBuffer) -> Response {
        Response(status: status, headers: pageHeaders, body: .init(byteBuffer: bytes))
    }

    /// `securityHeaders` of a page that may not be framed.
    static let pageHeaders: HTTPFields = {
        var headers = HTTPFields()
        securityHeaders(into: &headers)
        return headers
    }()

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func tooManyRequests(retryAfter seconds: Int, branding: Branding?) -> Response {
        var response = response(
            .tooManyRequests,
            page(
                title: "Too many requests", branding: branding,
                body: "<h1>Slow down a little</h1><p>Too many requests came from here. Please try again in \(seconds) seconds.</p>"))
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    /// A page with the store's header. `body` is already safe HTML.
    static func page(title: String, branding: Branding?, body: HTML) -> HTML {
        let name = branding?.name ?? "Encore"
        let accent = branding?.accent ?? "#1d4ed8"
        let button = branding?.button ?? "#1d4ed8"
        let buttonText = branding?.buttonText ?? "#ffffff"
        let logo: HTML =
            if let url = branding?.logoDataURL {
                "<img class=\"logo\" src=\"\(url)\" alt=\"\(name)\">"
            } else {
                "<span class=\"shop\">\(name)</span>"
            }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>\(title) · \(name)</title>
            <style>:root{--accent:\(accent);--button:\(button);--button-text:\(buttonText)}\(HTML(raw: css))</style></head>
            <body><a class="skip" href="#main">Skip to content</a><header class="top">\(logo)</header>
            <main id="main" tabindex="-1">\(body)</main>
            <footer class="foot"><p>\(name) · sent with care by Encore</p></footer></body></html>
            """
    }

    /// Mobile first; colours meet WCAG AA on white; focus always visible; targets at least 44px.
    static let css = """
        *{box-sizing:border-box}body{font:17px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1a1a1a;background:#f6f6f6}
        a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid #b45309;outline-offset:2px}
        .skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}.skip:focus{left:.5rem}
        .top{padding:.75rem 1rem;background:#fff;border-bottom:1px solid #ddd;text-align:center}.shop{font-weight:700;font-size:1.2rem;color:var(--accent)}.logo{max-height:48px;max-width:60%}
        main{max-width:40rem;margin:0 auto;padding:1rem}section,.card{background:#fff;border:1px solid #ddd;border-radius:10px;padding:1rem;margin:0 0 1rem}
        h1{font-size:1.5rem;margin:.25rem 0 .75rem;color:var(--accent)}h2{font-size:1.15rem;margin:0 0 .5rem}
        table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.35rem .25rem;border-bottom:1px solid #eee;vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tfoot th,tfoot td{border:0}tfoot tr.total th,tfoot tr.total td{font-weight:700;border-top:2px solid #1a1a1a}
        button,.button{display:inline-block;font:inherit;min-height:44px;padding:.55rem 1.1rem;border-radius:8px;border:1px solid var(--button);background:var(--button);color:var(--button-text);cursor:pointer;text-decoration:none}
        button.secondary{background:#fff;color:var(--accent);border-color:var(--accent)}
        label{display:block;font-weight:600;margin:.75rem 0 .25rem}input[type=text],input[type=email],input[type=number],select,textarea{width:100%;font:inherit;padding:.55rem;border:1px solid #767676;border-radius:6px;background:#fff}
        textarea{min-height:7rem}.hint{color:#555;font-size:.9rem;margin:.25rem 0}
        fieldset{border:0;padding:0;margin:0}legend{font-weight:600;margin-bottom:.5rem}
        .scale{display:grid;grid-template-columns:repeat(6,1fr);gap:.4rem}.scale button{padding:.5rem 0;min-width:44px}
        .scale-ends{display:flex;justify-content:space-between;color:#555;font-size:.85rem;margin-top:.25rem}
        .stars{display:flex;gap:.4rem;flex-wrap:wrap}.stars label{font-weight:400;margin:0;display:flex;align-items:center;gap:.25rem;min-height:44px}
        ol.timeline{list-style:none;margin:0;padding:0 0 0 1.25rem;border-left:3px solid #ddd}ol.timeline li{position:relative;margin:0 0 .75rem;padding-left:.5rem}
        ol.timeline li::before{content:"";position:absolute;left:-1.72rem;top:.45rem;width:.8rem;height:.8rem;border-radius:50%;background:#fff;border:3px solid #999}
        ol.timeline li.done::before{background:var(--accent);border-color:var(--accent)}ol.timeline li.bad::before{background:#b91c1c;border-color:#b91c1c}
        .muted{color:#555}.status{border-left:4px solid #15803d;background:#f0fdf4;padding:.5rem .75rem}.error{border-left:4px solid #b91c1c;background:#fef2f2;padding:.5rem .75rem}
        .badge{display:inline-block;font-size:.8rem;padding:0 .45rem;border:1px solid currentColor;border-radius:999px;color:#15803d}
        details{margin:.5rem 0}summary{cursor:pointer;font-weight:600;padding:.65rem 0;color:var(--accent)}
        input[type=checkbox],input[type=radio]{width:1.4rem;height:1.4rem;margin:0 .5rem 0 0;vertical-align:middle;accent-color:var(--accent)}fieldset>label{display:flex;align-items:center;min-height:44px;font-weight:400}ol.steps{padding-left:1.25rem}
        .sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
        .foot{text-align:center;color:#555;font-size:.85rem;padding:1rem}
        .slot:empty{display:none}ul.plain{list-style:none;padding:0;margin:0}ul.plain>li{margin:.5rem 0}
        @media (min-width:48rem){main{max-width:46rem;padding:2rem 1rem}.scale{grid-template-columns:repeat(11,1fr)}}
        @media print{body{background:#fff;font-size:12pt}.skip,form,details,.no-print,.foot{display:none !important}section,.card{border:0;padding:0;margin:0 0 1rem}a{color:#000;text-decoration:none}h1{color:#000}}
        """
}
