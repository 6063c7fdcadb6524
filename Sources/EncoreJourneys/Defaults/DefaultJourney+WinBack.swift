extension DefaultJourney {
    /// Win-back after a long silence (`customer.lapsing`): one honest note, with a holdout to
    /// measure whether it brings anyone back.
    static let winBack = DefaultJourney(
        id: "win-back",
        yaml: #"""
            # Win-back: when a customer is slipping away (the customer.lapsing event), one honest note
            # on a weekday morning. At most once in six months per customer; 10% held out to measure it.
            id: win-back
            name: Win-back
            category: marketing
            trigger:
              event: customer.lapsing
            reentry: { once_per_customer: 180d }
            holdout: 10
            goal:
              event: order.placed
              within: 30d
            steps:
              - id: weekday-morning
                wait: { until: "09:00-11:00", weekdays: [tue, wed, thu] }
              - id: hello-again
                send: { channel: email, template: win-back }

            """#,
        templates: [
            .email(
                "win-back",
                subject: #"It's been a while{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}"#,
                html: #"""
                    {{$preheader}}No hard sell: a quick hello, and what's new at {{store.name}}.{{/preheader}}
                    <p style="margin:0 0 16px 0;">Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},</p>
                    <p style="margin:0 0 16px 0;">It's been a while since we've seen you at {{store.name}}, and we wanted to say hello.</p>
                    <p style="margin:0 0 16px 0;">If something we did put you off, we'd genuinely like to know: write to <a class="e-link" href="mailto:{{store.support_email}}" style="color:{{store.brand_colour}};text-decoration:underline;">{{store.support_email}}</a> and a person will read it.</p>
                    <p style="margin:0 0 16px 0;">And if you've just been busy, have a look at what's new. We'd love to see you again.</p>
                    {{<button}}{{$url}}{{store.url}}{{/url}}{{$label}}See what's new{{/label}}{{/button}}
                    <p style="margin:0 0 16px 0;">Rather not hear from us? One click below and we'll stop, no questions asked.</p>
                    <p style="margin:0;">Warmly,<br>{{store.name}}</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    It's been a while since we've seen you at {{store.name}}, and we wanted to say hello.

                    If something we did put you off, we'd genuinely like to know: write to {{store.support_email}} and a person will read it.

                    And if you've just been busy, have a look at what's new: {{store.url}}

                    Rather not hear from us? The unsubscribe link below stops these emails, no questions asked.

                    Warmly,
                    {{store.name}}

                    {{> footer-text}}
                    """#),
        ])
}
