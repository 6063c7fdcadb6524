import Foundation
@testable import EncoreStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A server that completes the TCP handshake (the kernel does, from the listen backlog) and then
/// never says a word: what a hung or half-dead PostgreSQL looks like to a client.
private struct SilentListener: ~Copyable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

@Suite("PostgreSQL: a server that never answers")
struct PostgresConnectTests {
    @Test("connecting fails by the connect timeout, with the reason, when the server accepts and stays silent")
    func silentServer() async throws {
        let listener = try SilentListener()
        let started = ContinuousClock.now
        await #expect {
            _ = try await PostgresBackend(
                url: "postgres://u:p@127.0.0.1:\(listener.port)/db", connectTimeout: .seconds(1))
        } throws: { error in
            "\(error)".contains("cannot connect to PostgreSQL")
        }
        // Well within what a hang would take; generous for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("the URL's connect_timeout (whole seconds) overrides the default; anything else is ignored")
    func connectTimeoutInTheURL() {
        #expect(PostgresBackend.connectTimeout(in: "postgres://u@h/db?connect_timeout=45") == .seconds(45))
        #expect(PostgresBackend.connectTimeout(in: "postgres://u@h/db?sslmode=require&connect_timeout=3") == .seconds(3))
        for ignored in ["postgres://u@h/db", "postgres://u@h/db?connect_timeout=0", "postgres://u@h/db?connect_timeout=x"] {
            #expect(PostgresBackend.connectTimeout(in: ignored) == nil)
        }
    }
}
