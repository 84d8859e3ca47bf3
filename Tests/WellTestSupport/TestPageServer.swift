import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A tiny web server on `127.0.0.1` and a port the system picks, serving fixed HTML pages, for
/// browser tests: each instance is its own origin (`http://127.0.0.1:<port>`).
///
/// ```swift
/// let server = try await TestPageServer.start(pages: ["/": "<p class='well-canBeCalled'>8001sd12</p>"])
/// defer { Task { await server.stop() } }
/// print(server.origin)
/// ```
public final class TestPageServer: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let origin: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(origin: String, group: ServiceGroup, task: Task<Void, any Error>) {
        self.origin = origin
        self.group = group
        self.task = task
    }

    /// Starts serving `pages` (path → HTML) and returns once the port is bound; any other path is 404.
    /// - Throws: when the server does not listen within 10 s.
    public static func start(pages: [String: String]) async throws -> TestPageServer {
        let router = Router()
        for (path, html) in pages {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
            }
        }
        var logger = Logger(label: "test-page-server")
        logger.logLevel = .error
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "test-pages"),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task.detached {
            defer { portSink.finish() }
            try await group.run()
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(10))
            portSink.finish()
        }
        defer { watchdog.cancel() }
        for await port in ports where port > 0 {
            return TestPageServer(origin: "http://127.0.0.1:\(port)", group: group, task: task)
        }
        await group.triggerGracefulShutdown()
        _ = await task.result
        throw HarnessError(description: "the test page server did not listen: \(String(describing: await task.result))")
    }

    /// Stops the server and waits until it has.
    public func stop() async {
        await self.group.triggerGracefulShutdown()
        _ = await self.task.result
    }
}
