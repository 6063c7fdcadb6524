extension DefaultJourney {
    /// Fulfilment: the parcel is on its way (the first `shipment.in_transit` of the order).
    static let shipmentShipped = DefaultJourney(
        id: "shipment-shipped",
        yaml: #"""
            # Shipped: the first time the carrier reports the parcel in transit (once per order).
            id: shipment-shipped
            name: "Shipping update: on its way"
            category: transactional
            trigger:
              event: shipment.in_transit
            steps:
              - id: on-its-way
                send: { channel: email, template: shipment-shipped }

            """#,
        templates: [
            .email(
                "shipment-shipped",
                subject: #"Your {{store.name}} order {{order.number}} is on its way"#,
                html: #"""
                    {{$preheader}}{{#shipment.estimated_delivery}}Expected {{shipment.estimated_delivery}}. {{/shipment.estimated_delivery}}Track it any time.{{/preheader}}
                    <h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;font-weight:700;">Your order is on its way</h1>
                    <p style="margin:0 0 16px 0;">Good news{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}: order {{order.number}} has left us{{#shipment.carrier}} and is with {{shipment.carrier}}{{/shipment.carrier}}.</p>
                    {{#shipment.estimated_delivery}}
                    <p style="margin:0 0 16px 0;font-size:18px;line-height:26px;">Expected: <strong>{{shipment.estimated_delivery}}</strong></p>
                    {{/shipment.estimated_delivery}}
                    {{#shipment.tracking_url}}
                    {{<button}}{{$url}}{{shipment.tracking_url}}{{/url}}{{$label}}Track your parcel{{/label}}{{/button}}
                    {{/shipment.tracking_url}}
                    {{^shipment.tracking_url}}
                    {{<button}}{{$url}}{{links.receipt}}{{/url}}{{$label}}See your order{{/label}}{{/button}}
                    {{/shipment.tracking_url}}
                    {{#shipment.tracking_number}}
                    <p class="e-muted" style="margin:0 0 16px 0;font-size:14px;line-height:22px;color:#5d636b;">Tracking number: {{shipment.tracking_number}}</p>
                    {{/shipment.tracking_number}}
                    <p style="margin:0 0 8px 0;">In the parcel:</p>
                    <ul style="margin:0 0 16px 0;padding:0 0 0 20px;">
                    {{#order.lines}}
                    <li style="margin:0 0 4px 0;">{{quantity}} &times; {{title}}</li>
                    {{/order.lines}}
                    </ul>
                    <p style="margin:0;">We'll let you know when it's delivered.</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    Good news: order {{order.number}} has left us{{#shipment.carrier}} and is with {{shipment.carrier}}{{/shipment.carrier}}.
                    {{#shipment.estimated_delivery}}
                    Expected: {{shipment.estimated_delivery}}
                    {{/shipment.estimated_delivery}}
                    {{#shipment.tracking_url}}
                    Track it: {{shipment.tracking_url}}
                    {{/shipment.tracking_url}}
                    {{#shipment.tracking_number}}
                    Tracking number: {{shipment.tracking_number}}
                    {{/shipment.tracking_number}}

                    In the parcel:
                    {{#order.lines}}
                    - {{quantity}} x {{title}}
                    {{/order.lines}}

                    Your order: {{links.receipt}}

                    We'll let you know when it's delivered.

                    {{> footer-text}}
                    """#),
        ])

    /// Fulfilment: the carrier has the parcel on the van today.
    static let shipmentOutForDelivery = DefaultJourney(
        id: "shipment-out-for-delivery",
        yaml: #"""
            # Out for delivery: the carrier expects to deliver today.
            id: shipment-out-for-delivery
            name: "Shipping update: out for delivery"
            category: transactional
            trigger:
              event: shipment.out_for_delivery
            steps:
              - id: arriving-today
                send: { channel: email, template: shipment-out-for-delivery }

            """#,
        templates: [
            .email(
                "shipment-out-for-delivery",
                subject: #"Arriving today: your {{store.name}} order {{order.number}}"#,
                html: #"""
                    {{$preheader}}{{#shipment.carrier}}{{shipment.carrier}} has it on the van. {{/shipment.carrier}}It should reach you today.{{/preheader}}
                    <h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;font-weight:700;">Arriving today</h1>
                    <p style="margin:0 0 16px 0;">{{#customer.first_name}}{{customer.first_name}}, your{{/customer.first_name}}{{^customer.first_name}}Your{{/customer.first_name}} order {{order.number}} is out for delivery{{#shipment.carrier}} with {{shipment.carrier}}{{/shipment.carrier}} and should reach you today.</p>
                    {{#shipment.tracking_url}}
                    {{<button}}{{$url}}{{shipment.tracking_url}}{{/url}}{{$label}}Follow it live{{/label}}{{/button}}
                    {{/shipment.tracking_url}}
                    <p style="margin:0;">If you won't be in, the carrier's tracking page usually lets you choose a safe place or another day.</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    Your order {{order.number}} is out for delivery{{#shipment.carrier}} with {{shipment.carrier}}{{/shipment.carrier}} and should reach you today.
                    {{#shipment.tracking_url}}

                    Follow it live: {{shipment.tracking_url}}
                    {{/shipment.tracking_url}}

                    If you won't be in, the carrier's tracking page usually lets you choose a safe place or another day.

                    {{> footer-text}}
                    """#),
        ])

    /// Fulfilment: delivered.
    static let shipmentDelivered = DefaultJourney(
        id: "shipment-delivered",
        yaml: #"""
            # Delivered: the carrier reports the parcel delivered.
            id: shipment-delivered
            name: "Shipping update: delivered"
            category: transactional
            trigger:
              event: shipment.delivered
            steps:
              - id: delivered
                send: { channel: email, template: shipment-delivered }

            """#,
        templates: [
            .email(
                "shipment-delivered",
                subject: #"Delivered: your {{store.name}} order {{order.number}}"#,
                html: #"""
                    {{$preheader}}It's arrived. If anything's missing or damaged, tell us and we'll fix it.{{/preheader}}
                    <h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;font-weight:700;">It's arrived</h1>
                    <p style="margin:0 0 16px 0;">{{#shipment.carrier}}{{shipment.carrier}} reports{{/shipment.carrier}}{{^shipment.carrier}}The carrier reports{{/shipment.carrier}} that order {{order.number}} was delivered. We hope you enjoy it{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}.</p>
                    <p style="margin:0 0 16px 0;">Can't find it, or something's damaged or missing? Write to <a class="e-link" href="mailto:{{store.support_email}}" style="color:{{store.brand_colour}};text-decoration:underline;">{{store.support_email}}</a> and we'll put it right.</p>
                    {{<button}}{{$url}}{{links.receipt}}{{/url}}{{$label}}See your order{{/label}}{{/button}}
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    {{#shipment.carrier}}{{shipment.carrier}} reports{{/shipment.carrier}}{{^shipment.carrier}}The carrier reports{{/shipment.carrier}} that order {{order.number}} was delivered. We hope you enjoy it.

                    Can't find it, or something's damaged or missing? Write to {{store.support_email}} and we'll put it right.

                    Your order: {{links.receipt}}

                    {{> footer-text}}
                    """#),
        ])
}
