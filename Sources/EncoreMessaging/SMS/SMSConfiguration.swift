import Foundation
public import NIOCore

/// A provider with Twilio's Messages API: `POST {baseURL}/2010-04-01/Accounts/{sid}/Messages.json`
/// with a form body (`To`, `From` or `MessagingServiceSid`, `Body`) and HTTP Basic auth `sid:token`.
public struct SMSConfiguration: Sendable, Hashable {
    /// Who the message comes from: a number (`From`) or a messaging service (`MessagingServiceSid`).
    public enum Sender: Sendable, Hashable {
        case number(String)
        case messagingService(String)
    }

    /// Scheme, host, optional port and path prefix, no trailing slash: `https://api.twilio.com`.
    public var baseURL: String
    public var accountSID: String
    public var authToken: String
    public var sender: Sender
    /// The whole request, connecting included.
    public var timeout: TimeAmount

    public init(
        baseURL: String = "https://api.twilio.com",
        accountSID: String,
        authToken: String,
        sender: Sender,
        timeout: TimeAmount = .seconds(15)
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.accountSID = accountSID
        self.authToken = authToken
        self.sender = sender
        self.timeout = timeout
    }

    /// Reads `sms+https://SID:TOKEN@host[:port][/prefix]?from=%2B15550001111` (or
    /// `messaging_service=MG…` instead of `from`; `timeout=SECONDS` optional). `sms+http` is
    /// accepted for local gateways and tests. The token is percent-decoded; a `+` in `from` must be
    /// written `%2B`.
    public init(url string: String) throws(SMSConfigurationError) {
        guard let components = URLComponents(string: string), let scheme = components.scheme?.lowercased(),
            scheme == "sms+https" || scheme == "sms+http", let host = components.host, !host.isEmpty
        else { throw SMSConfigurationError("expected sms+https://SID:TOKEN@host?from=NUMBER") }
        guard let sid = components.user, !sid.isEmpty, let token = components.password, !token.isEmpty else {
            throw SMSConfigurationError("the URL needs the account SID and auth token as user and password")
        }
        var sender: Sender?
        var timeout = TimeAmount.seconds(15)
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "from": sender = .number(value)
            case "messaging_service": sender = .messagingService(value)
            case "timeout":
                guard let seconds = Double(value), seconds > 0 else {
                    throw SMSConfigurationError("timeout must be seconds")
                }
                timeout = .nanoseconds(Int64(seconds * 1_000_000_000))
            default: throw SMSConfigurationError("unknown SMS URL option \(item.name)")
            }
        }
        guard let sender else { throw SMSConfigurationError("the URL needs from= or messaging_service=") }
        let port = components.port.map { ":\($0)" } ?? ""
        let hostPart = host.contains(":") ? "[\(host)]" : host
        self.init(
            baseURL: "\(scheme.dropFirst(4))://\(hostPart)\(port)\(components.path)",
            accountSID: sid.removingPercentEncoding ?? sid,
            authToken: token.removingPercentEncoding ?? token,
            sender: sender,
            timeout: timeout
        )
    }

    /// The endpoint messages are posted to.
    public var messagesURL: String {
        let sid = accountSID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? accountSID
        return "\(baseURL)/2010-04-01/Accounts/\(sid)/Messages.json"
    }
}

/// Why an SMS URL could not be read.
public struct SMSConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
