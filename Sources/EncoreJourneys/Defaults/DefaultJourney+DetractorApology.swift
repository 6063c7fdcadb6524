extension DefaultJourney {
    /// A detractor (NPS 0-6): alert the shop at once so a person can call back, then a personal
    /// apology that asks what went wrong.
    static let detractorApology = DefaultJourney(
        id: "detractor-apology",
        yaml: #"""
            # A detractor (score 0-6): alert the shop at once so someone can call back, then, an hour
            # later, a personal apology. Point the webhook at your own endpoint (a help desk, Slack, ...).
            id: detractor-apology
            name: Detractor follow-up
            category: transactional
            trigger:
              event: feedback.nps
              where:
                - event.payload.score <= 6
            steps:
              - id: alert-the-team
                webhook: { url: "https://shop.example/hooks/encore", event: journey.detractor }
              - id: not-instantly
                wait: 1h
              - id: apology
                send: { channel: email, template: detractor-apology }

            """#,
        templates: [
            .email(
                "detractor-apology",
                subject: #"I'm sorry we let you down{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}"#,
                html: #"""
                    {{$preheader}}Thank you for being honest with us. I'd like to put it right.{{/preheader}}
                    <p style="margin:0 0 16px 0;">Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},</p>
                    <p style="margin:0 0 16px 0;">Thank you for telling us honestly how we did. Your score tells me we fell short, and I'm sorry.</p>
                    {{#event.payload.comment}}
                    <p style="margin:0 0 8px 0;">You wrote:</p>
                    <blockquote class="e-rule" style="margin:0 0 16px 0;padding:8px 16px;border-left:4px solid #cfcac2;font-style:italic;">{{event.payload.comment}}</blockquote>
                    {{/event.payload.comment}}
                    <p style="margin:0 0 16px 0;">I've shared your answer with our team, and I'd like to hear more so we can put it right, for you first and then for everyone else. If you're happy to, write to <a class="e-link" href="mailto:{{store.support_email}}" style="color:{{store.brand_colour}};text-decoration:underline;">{{store.support_email}}</a> and tell us what happened{{#customer.phone}}, or let us know a good time to call you{{/customer.phone}}.</p>
                    <p style="margin:0 0 16px 0;">Whatever went wrong, we'll do what we can to make it better.</p>
                    <p style="margin:0;">Sincerely,<br>{{> signature}}</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    Thank you for telling us honestly how we did. Your score tells me we fell short, and I'm sorry.
                    {{#event.payload.comment}}

                    You wrote: "{{event.payload.comment}}"
                    {{/event.payload.comment}}

                    I've shared your answer with our team, and I'd like to hear more so we can put it right, for you first and then for everyone else. If you're happy to, write to {{store.support_email}} and tell us what happened{{#customer.phone}}, or let us know a good time to call you{{/customer.phone}}.

                    Whatever went wrong, we'll do what we can to make it better.

                    Sincerely,
                    {{> signature}}

                    {{> footer-text}}
                    """#),
        ])
}
