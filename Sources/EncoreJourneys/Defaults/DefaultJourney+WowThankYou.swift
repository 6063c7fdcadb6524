extension DefaultJourney {
    /// The "WOW" window, 24-48 hours after the order: a personal thank-you with something
    /// genuinely useful for what was bought (`resource.*`, chosen by the order's main category).
    static let wowThankYou = DefaultJourney(
        id: "wow-thank-you",
        yaml: #"""
            # The WOW thank-you: a day after the order, the next morning in the customer's time zone
            # (so 24-48 hours later), a thank-you with a guide, video or tips for what they bought.
            id: wow-thank-you
            name: The WOW thank-you
            category: marketing
            trigger:
              event: order.placed
            holdout: 10
            goal:
              event: order.placed
              within: 30d
            steps:
              - id: wait-a-day
                wait: 1d
              - id: morning
                wait: { until: "09:00-11:00" }
              - id: thank-you
                send: { channel: email, template: wow-thank-you }

            """#,
        templates: [
            .email(
                "wow-thank-you",
                subject: #"{{#resource.title}}Thank you, and something for your order: {{resource.title}}{{/resource.title}}{{^resource.title}}A thank-you from {{store.name}}{{/resource.title}}"#,
                html: #"""
                    {{$preheader}}You chose us, and we don't take that for granted.{{/preheader}}
                    <h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;font-weight:700;">Thank you{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}</h1>
                    <p style="margin:0 0 16px 0;">There are plenty of places to shop, and you chose {{store.name}}. We don't take that for granted.</p>
                    {{#resource.url}}
                    <p style="margin:0 0 16px 0;">So here's something we think will help you get the most out of what you bought:</p>
                    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px 0;">
                    <tr><td class="e-rule" style="padding:16px 20px;border:1px solid #e6e3de;border-left:4px solid {{store.brand_colour}};border-radius:4px;">
                    <p style="margin:0 0 4px 0;font-weight:700;"><a class="e-link" href="{{resource.url}}" style="color:{{store.brand_colour}};text-decoration:none;">{{resource.title}}</a></p>
                    {{#resource.summary}}<p style="margin:0;font-size:15px;line-height:23px;">{{resource.summary}}</p>{{/resource.summary}}
                    </td></tr>
                    </table>
                    {{<button}}{{$url}}{{resource.url}}{{/url}}{{$label}}Take a look{{/label}}{{/button}}
                    {{/resource.url}}
                    <p style="margin:0 0 16px 0;">No need to reply, but if anything about your order isn't right, write to <a class="e-link" href="mailto:{{store.support_email}}" style="color:{{store.brand_colour}};text-decoration:underline;">{{store.support_email}}</a> and a person will sort it out.</p>
                    <p style="margin:0;">With thanks,<br>{{> signature}}</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    There are plenty of places to shop, and you chose {{store.name}}. We don't take that for granted: thank you.
                    {{#resource.url}}

                    Here's something we think will help you get the most out of what you bought:

                    {{resource.title}}
                    {{#resource.summary}}
                    {{resource.summary}}
                    {{/resource.summary}}
                    {{resource.url}}
                    {{/resource.url}}

                    If anything about your order isn't right, write to {{store.support_email}} and a person will sort it out.

                    With thanks,
                    {{> signature}}

                    {{> footer-text}}
                    """#),
        ])
}
