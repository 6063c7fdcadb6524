import EncoreMessaging
import NIOCore
import Testing

@Suite struct ConfigurationTests {
    @Test func smtpURLs() throws {
        let plain = try SMTPConfiguration(url: "smtp://mail.example.com")
        #expect(plain.host == "mail.example.com" && plain.port == 25 && plain.tls == .startTLSIfOffered)
        #expect(plain.credentials == nil && plain.trust == .system)

        let full = try SMTPConfiguration(
            url:
                "smtp://user%40shop:p%3Ass@mail.example.com:2525?tls=required&ca=/etc/ca.pem&helo=shop.example&pool=8&timeout=2.5"
        )
        #expect(full.port == 2525 && full.tls == .startTLSRequired && full.trust == .pemFile("/etc/ca.pem"))
        #expect(full.credentials?.username == "user@shop" && full.credentials?.password == "p:ss")
        #expect(full.heloName == "shop.example" && full.maximumConnections == 8)
        #expect(full.commandTimeout == .milliseconds(2500))

        let implicit = try SMTPConfiguration(url: "smtps://u:p@smtp.example.com?insecure=true")
        #expect(implicit.port == 465 && implicit.tls == .implicit && implicit.trust == .insecureSkipVerify)
        #expect(try SMTPConfiguration(url: "smtp://h?tls=none").tls == SMTPConfiguration.TLSMode.none)
    }

    @Test func badSMTPURLsAreRefused() {
        #expect(throws: SMTPError.self) { try SMTPConfiguration(url: "http://mail.example.com") }
        #expect(throws: SMTPError.self) { try SMTPConfiguration(url: "smtp://h?tls=maybe") }
        #expect(throws: SMTPError.self) { try SMTPConfiguration(url: "smtp://h?insecur=true") }
        #expect(throws: SMTPError.self) { try SMTPConfiguration(url: "smtps://h?tls=none") }
        #expect(throws: SMTPError.self) { try SMTPConfiguration(url: "smtp://h?pool=0") }
        #expect(throws: SMTPError.self) { try SMTPConfiguration(url: "smtp:///nohost") }
    }

    @Test func smsURLs() throws {
        let twilio = try SMSConfiguration(url: "sms+https://AC123:tok%2Fen@api.twilio.com?from=%2B15550001111")
        #expect(twilio.baseURL == "https://api.twilio.com")
        #expect(twilio.messagesURL == "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json")
        #expect(twilio.authToken == "tok/en" && twilio.sender == .number("+15550001111"))
        let local = try SMSConfiguration(url: "sms+http://AC1:t@127.0.0.1:8080/fake?messaging_service=MG9&timeout=2")
        #expect(local.messagesURL == "http://127.0.0.1:8080/fake/2010-04-01/Accounts/AC1/Messages.json")
        #expect(local.sender == .messagingService("MG9") && local.timeout == .seconds(2))
        #expect(throws: SMSConfigurationError.self) { try SMSConfiguration(url: "sms+https://AC1:t@host") }
        #expect(throws: SMSConfigurationError.self) { try SMSConfiguration(url: "https://AC1:t@host?from=1") }
        #expect(throws: SMSConfigurationError.self) { try SMSConfiguration(url: "sms+https://host?from=1") }
    }
}
