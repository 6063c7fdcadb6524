extension DefaultJourney {
    /// A week after delivery: one NPS question (0-10, one click) and a review request to
    /// everyone, whatever their score: reviews are never filtered.
    static let sevenDayFollowUp = DefaultJourney(
        id: "seven-day-follow-up",
        yaml: #"""
            # The 7-day follow-up: a week after delivery, one question (how likely are you to recommend
            # us, 0-10, one click) and a review request sent to everyone. Never filtered by score.
            id: seven-day-follow-up
            name: 7-day follow-up
            category: transactional
            trigger:
              event: shipment.delivered
            steps:
              - id: a-week-of-use
                wait: 7d
              - id: morning
                wait: { until: "10:00-12:00" }
              - id: ask
                send: { channel: email, template: follow-up, survey: true }

            """#,
        templates: [
            .email(
                "follow-up",
                subject: #"One quick question about your {{store.name}} order"#,
                html: #"""
                    {{$preheader}}One click: how likely are you to recommend us? And a review, if you have a minute.{{/preheader}}
                    <p style="margin:0 0 16px 0;">Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},</p>
                    <p style="margin:0 0 16px 0;">You've had your order for about a week. We'd really like to know how it's going, good or bad.</p>
                    <p style="margin:0 0 12px 0;font-weight:700;">How likely are you to recommend {{store.name}} to a friend?</p>
                    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 4px 0;table-layout:fixed;">
                    <tr>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=0" aria-label="0, not at all likely" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">0</a></td>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=1" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">1</a></td>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=2" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">2</a></td>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=3" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">3</a></td>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=4" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">4</a></td>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=5" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">5</a></td>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=6" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">6</a></td>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=7" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">7</a></td>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=8" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">8</a></td>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=9" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">9</a></td>
                    <td align="center" style="padding:2px;"><a href="{{links.nps}}?score=10" aria-label="10, extremely likely" style="display:block;padding:10px 0;border:1px solid #cfcac2;border-radius:4px;color:#22252a;font-weight:600;text-decoration:none;" class="e-rule e-name">10</a></td>
                    </tr>
                    </table>
                    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px 0;">
                    <tr>
                    <td class="e-muted" style="font-size:13px;line-height:18px;color:#5d636b;">Not at all likely</td>
                    <td class="e-muted" align="right" style="font-size:13px;line-height:18px;color:#5d636b;">Extremely likely</td>
                    </tr>
                    </table>
                    <p style="margin:0 0 16px 0;">One click is all it takes. You can add a comment on the next page if you like.</p>
                    <p style="margin:0 0 16px 0;">And if you have two more minutes, an honest review helps other people decide, whatever you thought of it.</p>
                    {{<button}}{{$url}}{{links.review}}{{/url}}{{$label}}Write a review{{/label}}{{/button}}
                    <p style="margin:0;">Thank you,<br>{{store.name}}</p>
                    """#,
                text: #"""
                    Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}},

                    You've had your order for about a week. We'd really like to know how it's going, good or bad.

                    How likely are you to recommend {{store.name}} to a friend, from 0 to 10? One click:
                    {{links.nps}}

                    And if you have two more minutes, an honest review helps other people decide, whatever you thought of it:
                    {{links.review}}

                    Thank you,
                    {{store.name}}

                    {{> footer-text}}
                    """#),
        ])
}
