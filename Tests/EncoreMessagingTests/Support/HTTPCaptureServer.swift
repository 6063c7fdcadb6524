import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A minimal HTTP/1.1 server for channel tests: it records each request (method, path, headers,
/// body) and answers with whatever `respond` decides, then closes the connection. Only
/// Content-Length bodies are understood, which is what AsyncHTTPClient sends for known-size bodies.
final class HTTPCaptureServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        /// Header names lower-cased.
        var headers: [String: String]
        var body: [UInt8]
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    struct Response: Sendable {
        var status: Int
        var body: String = ""
        /// Never answer (for timeout tests).
        var hang = false
    }

    private let recorded = Mutex<[Request]>([])
    private let respond: @Sendable (Request) -> Response
    private let channel = Mutex<(any Channel)?>(nil)

    init(respond: @escaping @Sendable (Request) -> Response) {
        self.respond = respond
    }

    var requests: [Request] { recorded.withLock { $0 } }
    var port: Int { channel.withLock { $0!.localAddress!.port! } }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    func start() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Connection(server: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        channel.withLock { $0 = server }
    }

    func stop() async throws {
        try await channel.withLock { $0 }?.close()
    }

    fileprivate func handle(_ request: Request) -> Response {
        recorded.withLock { $0.append(request) }
        return respond(request)
    }

    private final class Connection: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let server: HTTPCaptureServer
        var buffer: [UInt8] = []

        init(server: HTTPCaptureServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            buffer += bytes.readBytes(length: bytes.readableBytes) ?? []
            guard let request = parse() else { return }
            let response = server.handle(request)
            guard !response.hang else { return }
            let reason = response.status < 300 ? "OK" : "Error"
            let head =
                "HTTP/1.1 \(response.status) \(reason)\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(response.body.utf8.count)\r\nConnection: close\r\n\r\n"
            let out = context.channel.allocator.buffer(string: head + response.body)
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(NIOAny(out)).whenComplete { _ in bound.value.close(promise: nil) }
        }

        private func parse() -> Request? {
            let separator: [UInt8] = [13, 10, 13, 10]
            guard let end = buffer.indices.first(where: { buffer[$0...].starts(with: separator) }) else { return nil }
            let head = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let requestLine = head[0].split(separator: " ")
            var headers: [String: String] = [:]
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            let bodyStart = end + 4
            guard buffer.count >= bodyStart + length else { return nil }
            return Request(
                method: String(requestLine[0]), path: String(requestLine[1]), headers: headers,
                body: Array(buffer[bodyStart..<bodyStart + length]))
        }
    }
}
