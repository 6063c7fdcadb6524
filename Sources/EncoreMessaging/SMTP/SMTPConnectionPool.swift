import NIOCore
import NIOSSL

/// At most ``SMTPConfiguration/maximumConnections`` SMTP connections, lent to one delivery at a
/// time and kept open between deliveries.
///
/// Deliveries wait for a free slot in arrival order. A lent connection comes back either to be
/// kept (it worked) or discarded (it failed, timed out or reached its message limit); an idle
/// connection that died meanwhile is found out by the RSET that starts its next use.
actor SMTPConnectionPool {
    struct Lease: Sendable {
        var connection: SMTPConnection?
        var messagesSent = 0
    }

    let configuration: SMTPConfiguration
    let eventLoopGroup: any EventLoopGroup
    let tlsContext: NIOSSLContext?

    private var idle: [Lease] = []
    private var freeSlots: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isShutDown = false
    /// Connections opened since the pool was created, for tests and statistics.
    private(set) var openedConnections = 0

    init(configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup, tlsContext: NIOSSLContext?) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.tlsContext = tlsContext
        self.freeSlots = max(1, configuration.maximumConnections)
    }

    /// Waits for a slot; returns the most recently used idle connection, if any (its
    /// `connection` is nil when a new one must be opened). Throws after ``shutdown()``.
    func acquire() async throws -> Lease {
        guard !isShutDown else { throw SMTPPoolShutDown() }
        if freeSlots > 0 {
            freeSlots -= 1
        } else {
            await withCheckedContinuation { waiters.append($0) }
            guard !isShutDown else {
                releaseSlot()
                throw SMTPPoolShutDown()
            }
        }
        return idle.popLast() ?? Lease()
    }

    /// Opens a connection for a lease that has none.
    func open() async throws -> SMTPConnection {
        openedConnections += 1
        return try await SMTPConnection.open(
            configuration: configuration, eventLoopGroup: eventLoopGroup, tlsContext: tlsContext)
    }

    /// What becomes of a lent connection.
    enum Return {
        /// It works: keep it for the next delivery (unless it reached its message limit).
        case keep
        /// It is broken or mid-transaction: close it without a word.
        case discard
    }

    /// Returns a lease's slot and its connection: kept idle, retired with QUIT (message limit
    /// reached, or the pool shut down meanwhile) or closed.
    func release(_ lease: Lease, _ disposition: Return) async {
        releaseSlot()
        guard let connection = lease.connection else { return }
        switch disposition {
        case .keep where !isShutDown && lease.messagesSent < configuration.maximumMessagesPerConnection:
            idle.append(lease)
        case .keep:
            await connection.quit()
        case .discard:
            connection.close()
        }
    }

    /// Closes idle connections with QUIT; deliveries in progress finish, later ones fail.
    func shutdown() async {
        isShutDown = true
        let closing = idle
        idle.removeAll()
        while !waiters.isEmpty { waiters.removeFirst().resume() }
        for lease in closing { await lease.connection?.quit() }
    }

    private func releaseSlot() {
        if waiters.isEmpty {
            freeSlots += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}

/// Thrown to deliveries that start after ``SMTPChannel/shutdown()``.
struct SMTPPoolShutDown: Error, CustomStringConvertible {
    var description: String { "the SMTP channel has been shut down" }
}
