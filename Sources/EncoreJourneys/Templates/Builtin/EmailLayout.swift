extension BuiltinTemplates {
    /// `layouts/email`: a 600px table layout with every style inline (Gmail, Outlook and Apple
    /// Mail all render it the same), light and dark colour schemes, the store's logo or name in
    /// its brand colour, a hidden preheader, and a footer with the support address, the
    /// preference centre and, on marketing mail only (`message.marketing`), the unsubscribe link.
    /// The one `<style>` block only adds dark-mode and small-screen refinements; without it the
    /// email still reads well.
    static let emailLayout = #"""
        <!DOCTYPE html>
        <html lang="en" xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="X-UA-Compatible" content="IE=edge">
        <meta name="x-apple-disable-message-reformatting">
        <meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no">
        <meta name="color-scheme" content="light dark">
        <meta name="supported-color-schemes" content="light dark">
        <title>{{store.name}}</title>
        <!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->
        <style>
        :root { color-scheme: light dark; supported-color-schemes: light dark; }
        body { margin: 0; padding: 0; -webkit-text-size-adjust: 100%; -ms-text-size-adjust: 100%; }
        @media (prefers-color-scheme: dark) {
          .e-bg { background-color: #15171a !important; }
          .e-card { background-color: #202327 !important; color: #ecebe8 !important; }
          .e-card a.e-link { color: #9cc3ff !important; }
          .e-muted, .e-muted a { color: #a9aeb5 !important; }
          .e-rule { border-color: #3a3f45 !important; }
          .e-name { color: #ecebe8 !important; }
        }
        [data-ogsc] .e-card { color: #ecebe8 !important; }
        [data-ogsb] .e-card { background-color: #202327 !important; }
        @media only screen and (max-width: 620px) {
          .e-container { width: 100% !important; }
          .e-pad { padding-left: 20px !important; padding-right: 20px !important; }
        }
        </style>
        </head>
        <body class="e-bg" style="margin:0;padding:0;background-color:#f4f2ee;">
        <div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">{{$preheader}}{{/preheader}}&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;</div>
        <table role="presentation" class="e-bg" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f2ee;">
        <tr>
        <td align="center" style="padding:24px 12px;">
        <!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" align="center"><tr><td><![endif]-->
        <table role="presentation" class="e-container" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:600px;margin:0 auto;">
        <tr>
        <td class="e-pad" style="padding:8px 40px 20px 40px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;">
        <a href="{{store.url}}" style="text-decoration:none;">{{#store.logo_url}}<img src="{{store.logo_url}}" alt="{{store.name}}" width="160" style="display:block;width:160px;max-width:160px;height:auto;border:0;outline:none;text-decoration:none;font-size:20px;font-weight:700;color:{{store.brand_colour}};">{{/store.logo_url}}{{^store.logo_url}}<span class="e-name" style="font-size:22px;line-height:28px;font-weight:700;color:{{store.brand_colour}};">{{store.name}}</span>{{/store.logo_url}}</a>
        </td>
        </tr>
        <tr>
        <td class="e-card e-pad" bgcolor="#ffffff" style="background-color:#ffffff;border-top:4px solid {{store.brand_colour}};border-radius:6px;padding:36px 40px 32px 40px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:26px;color:#22252a;text-align:left;">
        {{$body}}{{/body}}
        </td>
        </tr>
        <tr>
        <td class="e-pad e-muted" style="padding:24px 40px 8px 40px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:13px;line-height:20px;color:#5d636b;text-align:center;">
        <p style="margin:0 0 8px 0;">{{store.name}}{{#store.support_email}} &middot; Questions? Write to <a href="mailto:{{store.support_email}}" style="color:#5d636b;text-decoration:underline;">{{store.support_email}}</a>{{/store.support_email}}</p>
        <p style="margin:0 0 8px 0;">{{#message.marketing}}You get these emails because you said yes to news from {{store.name}}. <a href="{{links.unsubscribe}}" style="color:#5d636b;text-decoration:underline;">Unsubscribe</a> &middot; {{/message.marketing}}<a href="{{links.preferences}}" style="color:#5d636b;text-decoration:underline;">Email preferences</a></p>
        </td>
        </tr>
        </table>
        <!--[if mso]></td></tr></table><![endif]-->
        </td>
        </tr>
        </table>
        </body>
        </html>
        """#
}
