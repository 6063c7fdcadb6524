extension DefaultJourney {
    /// Order placed, minutes: the confirmation with the itemised order and the smart receipt.
    static let orderConfirmation = DefaultJourney(
        id: "order-confirmation",
        yaml: #"""
            # Order confirmation: sent as soon as an order is placed, with a link to the smart receipt.
            id: order-confirmation
            name: Order confirmation
            category: transactional
            trigger:
              event: order.placed
            steps:
              - id: confirm
                send: { channel: email, template: order-confirmation }

            """#,
        templates: [
            .email(
                "order-confirmation",
                subject: #"Your {{store.name}} order {{order.number}} is confirmed"#,
                html: #"""
                    {{$preheader}}Thank you! Here's what you ordered ({{order.total}}) and your receipt.{{/preheader}}
                    <h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;font-weight:700;">Thank you for your order{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}</h1>
                    <p style="margin:0 0 16px 0;">Order {{order.number}} is confirmed and we're getting it ready. We'll email you again as soon as it ships.</p>
                    <p class="e-muted" style="margin:0 0 8px 0;font-size:14px;line-height:22px;color:#5d636b;">Placed {{order.placed_at}}</p>
                    {{> order-lines}}
                    {{<button}}{{$url}}{{links.receipt}}{{/url}}{{$label}}View your receipt{{/label}}{{/button}}
                    <p style="margin:0 0 16px 0;">Your receipt is a page that stays up to date: it shows where your order is, and it's where you can ask us a question about it.</p>
                    <p style="margin:0;">Thank you for shopping with us,<br>{{store.name}}</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    Thank you for your order. Order {{order.number}} is confirmed and we're getting it ready. We'll email you again as soon as it ships.

                    Placed {{order.placed_at}}

                    {{> order-lines-text}}

                    Your receipt (it stays up to date as your order moves): {{links.receipt}}

                    Thank you for shopping with us,
                    {{store.name}}

                    {{> footer-text}}
                    """#),
        ])
}
