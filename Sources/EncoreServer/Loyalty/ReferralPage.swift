import EncoreCore
import EncoreLoyalty
import EncoreStore

/// `/ref/{store}/{code}`: the invitation a customer shared, with a form for the friend's e-mail
/// address, and what became of it. Works without script.
enum ReferralPage {
    static func invitation(
        store: Store, referrerName: String?, code: String, points: Int64?, csrf: String, email: String = "",
        error: String? = nil, status: Int = 200
    ) -> HTML {
        let from = referrerName.map { "\($0)" } ?? "A friend"
        let gift: HTML = points.map { "<p>Your first order earns you <strong>\($0) points</strong> once it has arrived and its return window has closed, and \(from) gets the same.</p>" } ?? .empty
        let problem: HTML = error.map { "<p class=\"error\" role=\"alert\" id=\"email-error\">\($0)</p>" } ?? .empty
        let described: HTML = error == nil ? .empty : " aria-describedby=\"email-error\" aria-invalid=\"true\""
        return CustomerPage.page(
            title: "An invitation", branding: Branding(store: store),
            body: """
                <h1>\(from) invites you to \(Branding(store: store).name)</h1>\(gift)
                <form method="post" action="/ref/\(store.name)/\(code)"><input type="hidden" name="csrf" value="\(csrf)">
                <label for="email">Your e-mail address</label>\(problem)
                <input id="email" name="email" type="email" autocomplete="email" required maxlength="320" value="\(email)"\(described)>
                <p class="hint">Use the address you will order with. We only use it to match your first order.</p>
                <button type="submit">Accept the invitation</button></form>
                """)
    }

    static func outcome(store: Store, record: ReferralRecord, existing: Bool) -> HTML {
        let shop: HTML =
            store.settings.url.map { "<p><a class=\"button\" href=\"\($0)\">Shop at \(Branding(store: store).name)</a></p>" }
            ?? .empty
        let body: HTML
        switch (record.status, existing) {
        case (.rejected, _):
            body = """
                <h1>This invitation cannot be used</h1><p>\(record.reason?.description ?? "It was refused.")</p>
                """
        case (_, true):
            body = "<h1>You were already invited</h1><p>Your first order with this address counts for the first invitation you accepted.</p>\(shop)"
        default:
            body = "<h1>You're in</h1><p>Your first order with this address counts. Points are credited once it has arrived and its return window has closed.</p>\(shop)"
        }
        return CustomerPage.page(title: "Your invitation", branding: Branding(store: store), body: body)
    }
}
