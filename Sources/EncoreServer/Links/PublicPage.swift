/// The small, plain pages customers reach from links in messages: one column, readable on a
/// phone, no external assets. Every value is escaped by the caller through `PublicPage.escape`.
enum PublicPage {
    static func render(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>\(escape(title))</title>
        <style>body{font:17px/1.5 system-ui,-apple-system,sans-serif;margin:0;padding:2rem 1rem;color:#1a1a1a;background:#fafafa}
        main{max-width:32rem;margin:0 auto;background:#fff;border:1px solid #ddd;border-radius:8px;padding:1.5rem}
        button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}
        button:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
        label{display:block;margin:.5rem 0}</style></head>
        <body><main>\(body)</main></body></html>
        """
    }

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
