extension DefaultJourney {
    /// A delay: `shipment.delayed` (sent by the shop or a tracking service). A proactive apology
    /// by email and SMS before the customer has to ask.
    static let deliveryDelayed = DefaultJourney(
        id: "delivery-delayed",
        yaml: #"""
            # A delayed parcel: apologise before the customer has to ask, by email and text message.
            id: delivery-delayed
            name: "Delivery problem: delayed"
            category: transactional
            trigger:
              event: shipment.delayed
            steps:
              - id: apology-email
                send: { channel: email, template: delivery-delayed }
              - id: apology-sms
                send: { channel: sms, template: delivery-delayed-sms, quiet_hours: defer }

            """#,
        templates: [
            .email(
                "delivery-delayed",
                subject: #"Sorry: your {{store.name}} order {{order.number}} is running late"#,
                html: #"""
                    {{$preheader}}We're sorry. Here's what we know and what happens next.{{/preheader}}
                    <h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;font-weight:700;">Your order is running late</h1>
                    <p style="margin:0 0 16px 0;">{{#customer.first_name}}{{customer.first_name}}, we're{{/customer.first_name}}{{^customer.first_name}}We're{{/customer.first_name}} sorry: {{#shipment.carrier}}{{shipment.carrier}} has told us{{/shipment.carrier}}{{^shipment.carrier}}we've learned{{/shipment.carrier}} that order {{order.number}} is delayed. We wanted you to hear it from us first.</p>
                    {{#shipment.estimated_delivery}}
                    <p style="margin:0 0 16px 0;">The new estimate is <strong>{{shipment.estimated_delivery}}</strong>.</p>
                    {{/shipment.estimated_delivery}}
                    <p style="margin:0 0 16px 0;">You don't need to do anything yet. If it doesn't arrive, we'll send a replacement or give you a refund, whichever you prefer: just write to us.</p>
                    {{#shipment.tracking_url}}
                    {{<button}}{{$url}}{{shipment.tracking_url}}{{/url}}{{$label}}Track your parcel{{/label}}{{/button}}
                    {{/shipment.tracking_url}}
                    <p style="margin:0 0 16px 0;">If the delay causes you a problem, write to <a class="e-link" href="mailto:{{store.support_email}}" style="color:{{store.brand_colour}};text-decoration:underline;">{{store.support_email}}</a> and tell us what would help.</p>
                    <p style="margin:0;">Sorry again,<br>{{> signature}}</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    We're sorry: {{#shipment.carrier}}{{shipment.carrier}} has told us{{/shipment.carrier}}{{^shipment.carrier}}we've learned{{/shipment.carrier}} that order {{order.number}} is delayed. We wanted you to hear it from us first.
                    {{#shipment.estimated_delivery}}

                    The new estimate is {{shipment.estimated_delivery}}.
                    {{/shipment.estimated_delivery}}

                    You don't need to do anything yet. If it doesn't arrive, we'll send a replacement or give you a refund, whichever you prefer: just write to us.
                    {{#shipment.tracking_url}}

                    Track it: {{shipment.tracking_url}}
                    {{/shipment.tracking_url}}

                    If the delay causes you a problem, write to {{store.support_email}} and tell us what would help.

                    Sorry again,
                    {{> signature}}

                    {{> footer-text}}
                    """#),
            .sms(
                "delivery-delayed-sms",
                text: #"""
                    {{store.name}}: sorry, order {{order.number}} is running late{{#shipment.estimated_delivery}}, now expected {{shipment.estimated_delivery}}{{/shipment.estimated_delivery}}. If it doesn't arrive, we'll replace or refund it.{{#shipment.tracking_url}} Track: {{shipment.tracking_url}}{{/shipment.tracking_url}}
                    """#),
        ])

    /// A carrier exception (damaged, held, address problem): wait two hours in case it clears
    /// by itself (delivered), then apologise by email and SMS.
    static let deliveryException = DefaultJourney(
        id: "delivery-exception",
        yaml: #"""
            # A carrier exception. Carriers often post one that clears within the hour, so wait two
            # hours for a delivery first; if none comes, apologise by email and text message.
            id: delivery-exception
            name: "Delivery problem: carrier exception"
            category: transactional
            trigger:
              event: shipment.exception
            steps:
              - id: settle
                wait_for: { event: shipment.delivered, about: order, timeout: 2h, on_timeout: apology-email }
              - exit
              - id: apology-email
                send: { channel: email, template: delivery-exception }
              - id: apology-sms
                send: { channel: sms, template: delivery-exception-sms, quiet_hours: defer }

            """#,
        templates: [
            .email(
                "delivery-exception",
                subject: #"A problem with the delivery of order {{order.number}}, and what we're doing"#,
                html: #"""
                    {{$preheader}}We're sorry. Here's what happens next, and what we'll do if it can't be delivered.{{/preheader}}
                    <h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;font-weight:700;">Your parcel has hit a problem</h1>
                    <p style="margin:0 0 16px 0;">{{#customer.first_name}}{{customer.first_name}}, we're{{/customer.first_name}}{{^customer.first_name}}We're{{/customer.first_name}} sorry: {{#shipment.carrier}}{{shipment.carrier}}{{/shipment.carrier}}{{^shipment.carrier}}the carrier{{/shipment.carrier}} has reported a problem delivering order {{order.number}}.</p>
                    <p style="margin:0 0 16px 0;">Often it's sorted out within a day or two and the parcel carries on. If it can't be delivered, we'll send a replacement or give you a refund, whichever you prefer.</p>
                    {{#shipment.tracking_url}}
                    {{<button}}{{$url}}{{shipment.tracking_url}}{{/url}}{{$label}}See the carrier's update{{/label}}{{/button}}
                    {{/shipment.tracking_url}}
                    <p style="margin:0 0 16px 0;">If the address needs correcting, or you'd rather we just send a new one, write to <a class="e-link" href="mailto:{{store.support_email}}" style="color:{{store.brand_colour}};text-decoration:underline;">{{store.support_email}}</a>.</p>
                    <p style="margin:0;">Sorry for the trouble,<br>{{> signature}}</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    We're sorry: {{#shipment.carrier}}{{shipment.carrier}}{{/shipment.carrier}}{{^shipment.carrier}}the carrier{{/shipment.carrier}} has reported a problem delivering order {{order.number}}.

                    Often it's sorted out within a day or two and the parcel carries on. If it can't be delivered, we'll send a replacement or give you a refund, whichever you prefer.
                    {{#shipment.tracking_url}}

                    The carrier's update: {{shipment.tracking_url}}
                    {{/shipment.tracking_url}}

                    If the address needs correcting, or you'd rather we just send a new one, write to {{store.support_email}}.

                    Sorry for the trouble,
                    {{> signature}}

                    {{> footer-text}}
                    """#),
            .sms(
                "delivery-exception-sms",
                text: #"""
                    {{store.name}}: sorry, the carrier reported a problem with order {{order.number}}. If it can't be delivered, we'll replace or refund it. Details by email; questions: {{store.support_email}}
                    """#),
        ])

    /// A failed delivery attempt: the customer may need to act (rebook, collect), so at once.
    static let deliveryFailedAttempt = DefaultJourney(
        id: "delivery-failed-attempt",
        yaml: #"""
            # A failed delivery attempt: tell the customer at once, since they may need to rebook or collect.
            id: delivery-failed-attempt
            name: "Delivery problem: missed delivery"
            category: transactional
            trigger:
              event: shipment.failed_attempt
            steps:
              - id: notice-email
                send: { channel: email, template: delivery-failed-attempt }
              - id: notice-sms
                send: { channel: sms, template: delivery-failed-attempt-sms, quiet_hours: defer }

            """#,
        templates: [
            .email(
                "delivery-failed-attempt",
                subject: #"We missed you: delivery of order {{order.number}}"#,
                html: #"""
                    {{$preheader}}The carrier couldn't deliver today. Here's how to get your parcel.{{/preheader}}
                    <h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;font-weight:700;">The carrier couldn't deliver</h1>
                    <p style="margin:0 0 16px 0;">{{#customer.first_name}}{{customer.first_name}}, {{/customer.first_name}}{{#shipment.carrier}}{{shipment.carrier}}{{/shipment.carrier}}{{^shipment.carrier}}the carrier{{/shipment.carrier}} tried to deliver order {{order.number}} but couldn't. Sorry for the bother.</p>
                    <p style="margin:0 0 16px 0;">Most carriers try again on the next working day. Their tracking page shows what happens next and usually lets you pick another day, a neighbour or a pick-up point.</p>
                    {{#shipment.tracking_url}}
                    {{<button}}{{$url}}{{shipment.tracking_url}}{{/url}}{{$label}}Rebook or collect{{/label}}{{/button}}
                    {{/shipment.tracking_url}}
                    {{#shipment.tracking_number}}
                    <p class="e-muted" style="margin:0 0 16px 0;font-size:14px;line-height:22px;color:#5d636b;">Tracking number: {{shipment.tracking_number}}</p>
                    {{/shipment.tracking_number}}
                    <p style="margin:0;">Stuck? Write to <a class="e-link" href="mailto:{{store.support_email}}" style="color:{{store.brand_colour}};text-decoration:underline;">{{store.support_email}}</a> and we'll sort it out with the carrier for you.</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    {{#shipment.carrier}}{{shipment.carrier}}{{/shipment.carrier}}{{^shipment.carrier}}The carrier{{/shipment.carrier}} tried to deliver order {{order.number}} but couldn't. Sorry for the bother.

                    Most carriers try again on the next working day. Their tracking page shows what happens next and usually lets you pick another day, a neighbour or a pick-up point.
                    {{#shipment.tracking_url}}

                    Rebook or collect: {{shipment.tracking_url}}
                    {{/shipment.tracking_url}}
                    {{#shipment.tracking_number}}
                    Tracking number: {{shipment.tracking_number}}
                    {{/shipment.tracking_number}}

                    Stuck? Write to {{store.support_email}} and we'll sort it out with the carrier for you.

                    {{> footer-text}}
                    """#),
            .sms(
                "delivery-failed-attempt-sms",
                text: #"""
                    {{store.name}}: the carrier couldn't deliver order {{order.number}} today.{{#shipment.tracking_url}} Rebook or collect: {{shipment.tracking_url}}{{/shipment.tracking_url}} Help: {{store.support_email}}
                    """#),
        ])
}
