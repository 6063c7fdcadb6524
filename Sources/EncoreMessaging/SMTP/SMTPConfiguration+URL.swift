import Foundation
import NIOCore

extension SMTPConfiguration {
    /// Reads a configuration from a URL:
    ///
    /// ```
    /// smtp://user:password@host:port?tls=starttls|required|none
    /// smtps://user:password@host:port
    /// ```
    ///
    /// `smtp` defaults to port 25 and `tls=starttls` (STARTTLS if offered); `smtps` is implicit
    /// TLS on port 465. User and password are percent-decoded. Further query items: `ca=PATH`
    /// (trust only that PEM file), `insecure=true` (no certificate checks, tests only),
    /// `helo=NAME`, `pool=N` (maximum connections), `timeout=SECONDS` (per command),
    /// `connect_timeout=SECONDS`. Unknown items are refused, so a typo does not silently weaken TLS.
    public init(url string: String) throws(SMTPError) {
        guard let components = URLComponents(string: string), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw .invalidConfiguration("not a URL with a host: \(Self.redacted(string))") }
        let tls: TLSMode
        switch scheme {
        case "smtp": tls = .startTLSIfOffered
        case "smtps": tls = .implicit
        default: throw .invalidConfiguration("scheme must be smtp or smtps, not \(scheme)")
        }
        self.init(host: host, port: components.port ?? (tls == .implicit ? 465 : 25), tls: tls)
        if let user = components.user {
            credentials = (
                user.removingPercentEncoding ?? user,
                components.password.map { $0.removingPercentEncoding ?? $0 } ?? ""
            )
        }
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "tls":
                guard tls != .implicit else { throw .invalidConfiguration("smtps is always TLS; drop tls=") }
                switch value {
                case "starttls": self.tls = .startTLSIfOffered
                case "required": self.tls = .startTLSRequired
                case "none": self.tls = .none
                default: throw .invalidConfiguration("tls must be starttls, required or none, not \(value)")
                }
            case "ca": trust = .pemFile(value)
            case "insecure":
                if value == "true" || value == "1" { trust = .insecureSkipVerify }
            case "helo": heloName = value
            case "pool":
                guard let count = Int(value), count > 0 else {
                    throw .invalidConfiguration("pool must be a positive number")
                }
                maximumConnections = count
            case "timeout":
                commandTimeout = try Self.seconds(value, name: item.name)
            case "connect_timeout":
                connectTimeout = try Self.seconds(value, name: item.name)
            default:
                throw .invalidConfiguration("unknown SMTP URL option \(item.name)")
            }
        }
    }

    private static func seconds(_ value: String, name: String) throws(SMTPError) -> TimeAmount {
        guard let seconds = Double(value), seconds > 0, seconds < 86_400 else {
            throw .invalidConfiguration("\(name) must be a number of seconds")
        }
        return .nanoseconds(Int64(seconds * 1_000_000_000))
    }

    /// The URL with its password replaced by `***`, for error messages and logs.
    static func redacted(_ string: String) -> String {
        guard var components = URLComponents(string: string), components.password != nil else { return string }
        components.password = "***"
        return components.string ?? "(unprintable URL)"
    }
}
