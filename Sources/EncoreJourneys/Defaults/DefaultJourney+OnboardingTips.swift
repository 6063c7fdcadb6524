extension DefaultJourney {
    /// Delivered + 2 days: a check-in from a person, with the guide for what was bought.
    static let onboardingTips = DefaultJourney(
        id: "onboarding-tips",
        yaml: #"""
            # Onboarding: two days after delivery, on a weekday morning in the customer's time zone,
            # a check-in signed by a person (override partials/signature with their name), with the
            # guide for what they bought. Help with a purchase, no offers: transactional.
            id: onboarding-tips
            name: Onboarding check-in
            category: transactional
            trigger:
              event: shipment.delivered
            steps:
              - id: settle-in
                wait: 2d
              - id: weekday-morning
                wait: { until: "09:00-11:00", weekdays: [mon, tue, wed, thu, fri] }
              - id: check-in
                send: { channel: email, template: onboarding-tips }

            """#,
        templates: [
            .email(
                "onboarding-tips",
                subject: #"How are you getting on{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}?"#,
                html: #"""
                    {{$preheader}}A quick check-in, and a few things that help you get the most out of your order.{{/preheader}}
                    <p style="margin:0 0 16px 0;">Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},</p>
                    <p style="margin:0 0 16px 0;">Your order arrived a couple of days ago, so I wanted to check in. How are you getting on with it?</p>
                    <p style="margin:0 0 8px 0;">A few things our customers find useful:</p>
                    <ul style="margin:0 0 16px 0;padding:0 0 0 20px;">
                    {{#resource.url}}
                    <li style="margin:0 0 8px 0;"><a class="e-link" href="{{resource.url}}" style="color:{{store.brand_colour}};text-decoration:underline;">{{resource.title}}</a>{{#resource.summary}}: {{resource.summary}}{{/resource.summary}}</li>
                    {{/resource.url}}
                    <li style="margin:0 0 8px 0;">Give it a week before you judge it. Most things get better once you've found how you like to use them.</li>
                    <li style="margin:0 0 8px 0;">Keep your <a class="e-link" href="{{links.receipt}}" style="color:{{store.brand_colour}};text-decoration:underline;">receipt page</a> handy: it has everything about your order in one place.</li>
                    <li style="margin:0 0 8px 0;">If something isn't working the way you expected, tell us before you give up on it. It's usually a quick fix.</li>
                    </ul>
                    <p style="margin:0 0 16px 0;">Questions, big or small, go to <a class="e-link" href="mailto:{{store.support_email}}" style="color:{{store.brand_colour}};text-decoration:underline;">{{store.support_email}}</a>, and a person answers every one.</p>
                    <p style="margin:0;">All the best,<br>{{> signature}}</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    Your order arrived a couple of days ago, so I wanted to check in. How are you getting on with it?

                    A few things our customers find useful:
                    {{#resource.url}}
                    - {{resource.title}}{{#resource.summary}}: {{resource.summary}}{{/resource.summary}} {{resource.url}}
                    {{/resource.url}}
                    - Give it a week before you judge it. Most things get better once you've found how you like to use them.
                    - Keep your receipt page handy, it has everything about your order in one place: {{links.receipt}}
                    - If something isn't working the way you expected, tell us before you give up on it. It's usually a quick fix.

                    Questions, big or small, go to {{store.support_email}}, and a person answers every one.

                    All the best,
                    {{> signature}}

                    {{> footer-text}}
                    """#),
        ])
}
