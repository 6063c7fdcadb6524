extension BuiltinTemplates {
    /// `partials/button`: a button that survives Outlook (padding on the link, a table cell with
    /// `bgcolor`). Its target and label are blocks:
    /// `{{<button}}{{$url}}{{links.receipt}}{{/url}}{{$label}}View your receipt{{/label}}{{/button}}`.
    static let button = #"""
        <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;">
        <tr>
        <td align="center" bgcolor="{{store.brand_colour}}" style="border-radius:6px;background-color:{{store.brand_colour}};">
        <a href="{{$url}}{{store.url}}{{/url}}" target="_blank" style="display:inline-block;padding:13px 26px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:20px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px;">{{$label}}Visit the shop{{/label}}</a>
        </td>
        </tr>
        </table>

        """#

    /// `partials/order-lines`: the order's items with quantities and line totals, then subtotal,
    /// discount (only when there is one), shipping, tax and total.
    static let orderLines = #"""
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;border-collapse:collapse;font-size:15px;line-height:22px;">
        {{#order.lines}}
        <tr>
        <td class="e-rule" style="padding:10px 0;border-bottom:1px solid #e6e3de;vertical-align:top;">{{title}}<br><span class="e-muted" style="font-size:13px;color:#5d636b;">{{quantity}} &times; {{unit_price}}</span></td>
        <td class="e-rule" align="right" style="padding:10px 0 10px 16px;border-bottom:1px solid #e6e3de;vertical-align:top;white-space:nowrap;">{{total}}</td>
        </tr>
        {{/order.lines}}
        <tr><td style="padding:10px 0 2px 0;">Subtotal</td><td align="right" style="padding:10px 0 2px 16px;white-space:nowrap;">{{order.subtotal}}</td></tr>
        {{#order.discount}}
        <tr><td style="padding:2px 0;">Discount</td><td align="right" style="padding:2px 0 2px 16px;white-space:nowrap;">&minus;{{order.discount}}</td></tr>
        {{/order.discount}}
        <tr><td style="padding:2px 0;">Shipping</td><td align="right" style="padding:2px 0 2px 16px;white-space:nowrap;">{{order.shipping}}</td></tr>
        {{#order.tax}}
        <tr><td style="padding:2px 0;">Tax</td><td align="right" style="padding:2px 0 2px 16px;white-space:nowrap;">{{order.tax}}</td></tr>
        {{/order.tax}}
        <tr><td style="padding:8px 0 0 0;font-weight:700;">Total</td><td align="right" style="padding:8px 0 0 16px;font-weight:700;white-space:nowrap;">{{order.total}}</td></tr>
        </table>

        """#

    /// `partials/order-lines-text`: the same, for plain text.
    static let orderLinesText = #"""
        {{#order.lines}}
        - {{quantity}} x {{title}}: {{total}}
        {{/order.lines}}

        Subtotal: {{order.subtotal}}
        {{#order.discount}}
        Discount: -{{order.discount}}
        {{/order.discount}}
        Shipping: {{order.shipping}}
        {{#order.tax}}
        Tax: {{order.tax}}
        {{/order.tax}}
        Total: {{order.total}}

        """#

    /// `partials/signature`: who signs the personal messages (the onboarding check-in, the
    /// detractor apology). Plain words, no markup, so html and text parts share it. A store
    /// overrides it with `partials/signature.mustache` naming a real person who reads replies,
    /// e.g. "Maya Ortiz, founder of {{store.name}}".
    static let signature = #"""
        {{$signer}}The {{store.name}} customer care team{{/signer}}

        """#

    /// `partials/footer-text`: the plain-text footer, with the unsubscribe link on marketing mail.
    static let footerText = #"""
        --
        {{store.name}}{{#store.url}} · {{store.url}}{{/store.url}}
        {{#store.support_email}}
        Questions? Write to {{store.support_email}}
        {{/store.support_email}}
        {{#message.marketing}}
        Unsubscribe: {{links.unsubscribe}}
        {{/message.marketing}}
        Email preferences: {{links.preferences}}

        """#
}
