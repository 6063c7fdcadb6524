import NIOCore
import NIOPosix

/// A TCP server that accepts connections and then says nothing more (or only its greeting), for
/// timeout tests. Also hands out ports where nothing listens.
struct StallingServer {
    let channel: any Channel
    var port: Int { channel.localAddress!.port! }

    /// - Parameter greeting: sent on every new connection (e.g. `"220 slow\r\n"`); nothing when nil.
    static func start(greeting: String?) async throws -> StallingServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Greeter(greeting: greeting))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return StallingServer(channel: channel)
    }

    func stop() async throws {
        try await channel.close()
    }

    /// A port on 127.0.0.1 that nothing listens on (bound, then released).
    static func unusedPort() async throws -> Int {
        let server = try await start(greeting: nil)
        let port = server.port
        try await server.stop()
        return port
    }

    private final class Greeter: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let greeting: String?
        init(greeting: String?) { self.greeting = greeting }

        func channelActive(context: ChannelHandlerContext) {
            if let greeting {
                context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: greeting)), promise: nil)
            }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
    }
}
