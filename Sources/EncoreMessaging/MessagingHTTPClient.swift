public import AsyncHTTPClient
import NIOCore
import NIOPosix

/// The HTTP client the SMS and webhook channels use unless given another.
///
/// Unlike `HTTPClient.shared` it never follows redirects: a signed webhook or a request carrying
/// provider credentials goes to the configured URL only, and a 3xx is reported (as a permanent
/// failure) instead of being chased. It lives for the whole process and is never shut down.
public enum MessagingHTTPClient {
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()
}
