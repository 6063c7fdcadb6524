extension DefaultJourney {
    /// Replenishment and cross-sell at the product's repurchase interval: about three weeks for
    /// a consumable (the demo roastery's coffee), about six for everything else. Ends at once
    /// when the customer orders again.
    static let replenishment = DefaultJourney(
        id: "replenishment",
        yaml: #"""
            # Replenishment and cross-sell: when the order is likely to be running out. Consumables
            # (here the category "coffee": a 12 oz bag lasts two to three weeks) get a reminder after
            # 3 weeks, everything else a "what goes with it" note after 6. Edit the categories and
            # intervals to match your own products. The next order ends the journey at once. The
            # message lists up to four products often bought with the order ("You may also like",
            # from `encore recommendations`), none the customer already has.
            id: replenishment
            name: Replenishment and cross-sell
            category: marketing
            trigger:
              event: order.placed
            holdout: 10
            goal:
              event: order.placed
              within: 60d
            steps:
              - id: choose-interval
                branch:
                  - if: order.categories contains coffee
                    goto: consumable-interval
                  - else: other-interval
              - id: consumable-interval
                wait: 3w
              - id: skip-other-interval
                branch:
                  - else: morning
              - id: other-interval
                wait: 6w
              - id: morning
                wait: { until: "09:00-11:00" }
              - id: remind
                send: { channel: email, template: replenishment }

            """#,
        templates: [
            .email(
                "replenishment",
                subject: #"Running low{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}?"#,
                html: #"""
                    {{$preheader}}A gentle reminder, in case you're running low. No pressure.{{/preheader}}
                    <p style="margin:0 0 16px 0;">Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},</p>
                    <p style="margin:0 0 8px 0;">It's been a few weeks since your order of:</p>
                    <ul style="margin:0 0 16px 0;padding:0 0 0 20px;">
                    {{#order.lines}}
                    <li style="margin:0 0 4px 0;">{{title}}</li>
                    {{/order.lines}}
                    </ul>
                    <p style="margin:0 0 16px 0;">If you're running low, or you'd like something that goes well with it, everything's in the shop. If you're all set, ignore this: we won't keep asking.</p>
                    {{#first(recommendations)}}
                    <p style="margin:0 0 8px 0;font-weight:700;">You may also like</p>
                    <ul style="margin:0 0 16px 0;padding:0 0 0 20px;">
                    {{#recommendations}}
                    <li style="margin:0 0 4px 0;">{{title}}</li>
                    {{/recommendations}}
                    </ul>
                    {{/first(recommendations)}}
                    {{<button}}{{$url}}{{store.url}}{{/url}}{{$label}}Visit {{store.name}}{{/label}}{{/button}}
                    <p style="margin:0;">Thanks for being a customer,<br>{{store.name}}</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    It's been a few weeks since your order of:
                    {{#order.lines}}
                    - {{title}}
                    {{/order.lines}}

                    If you're running low, or you'd like something that goes well with it, everything's in the shop: {{store.url}}

                    {{#first(recommendations)}}
                    You may also like:
                    {{#recommendations}}
                    - {{title}}
                    {{/recommendations}}

                    {{/first(recommendations)}}
                    If you're all set, ignore this: we won't keep asking.

                    Thanks for being a customer,
                    {{store.name}}

                    {{> footer-text}}
                    """#),
        ])
}
