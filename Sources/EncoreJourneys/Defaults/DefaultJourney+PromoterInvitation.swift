extension DefaultJourney {
    /// A promoter (NPS 9-10): thank them, invite a review and a recommendation to a friend.
    static let promoterInvitation = DefaultJourney(
        id: "promoter-invitation",
        yaml: #"""
            # A promoter (score 9-10): the next morning, a thank-you that invites a review and a
            # recommendation to a friend. Marketing: it needs consent and respects the frequency cap.
            id: promoter-invitation
            name: Promoter thank-you and invitation
            category: marketing
            trigger:
              event: feedback.nps
              where:
                - event.payload.score >= 9
            holdout: 10
            goal:
              event: order.placed
              within: 30d
            steps:
              - id: next-day
                wait: 1d
              - id: morning
                wait: { until: "09:00-11:00" }
              - id: invite
                send: { channel: email, template: promoter-invitation }

            """#,
        templates: [
            .email(
                "promoter-invitation",
                subject: #"Thank you{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}: that made our day"#,
                html: #"""
                    {{$preheader}}Your score made our day. Two small ways to pass it on, if you'd like to.{{/preheader}}
                    <h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;font-weight:700;">That made our day</h1>
                    <p style="margin:0 0 16px 0;">Thank you{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}. Hearing that you'd recommend {{store.name}} means a lot to us.</p>
                    <p style="margin:0 0 16px 0;">If you'd like to pass it on, a review helps other people find us and decide with confidence:</p>
                    {{<button}}{{$url}}{{links.review}}{{/url}}{{$label}}Write a review{{/label}}{{/button}}
                    <p style="margin:0 0 16px 0;">And if a friend would enjoy what you bought, send them our way: <a class="e-link" href="{{store.url}}" style="color:{{store.brand_colour}};text-decoration:underline;">{{store.url}}</a>. No codes, no catch: it's simply the nicest way anyone finds us.</p>
                    <p style="margin:0;">With thanks,<br>{{> signature}}</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    Thank you. Hearing that you'd recommend {{store.name}} means a lot to us.

                    If you'd like to pass it on, a review helps other people find us and decide with confidence:
                    {{links.review}}

                    And if a friend would enjoy what you bought, send them our way: {{store.url}}

                    With thanks,
                    {{> signature}}

                    {{> footer-text}}
                    """#),
        ])
}
