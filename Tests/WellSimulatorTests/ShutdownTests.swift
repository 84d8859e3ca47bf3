import Foundation
import Testing
import WellSimulator
import WellTestSupport

/// `stop()` ends the server even when a client holds a connection open and idle.
struct ShutdownTests {
    /// A graceful shutdown does not reach a connection that has not sent a request yet (the
    /// WebSocket-upgrade pipeline learns to quiesce only with the first request head), and
    /// `HTTPClient.shared` keeps such connections for 10 minutes: `stop()` used to wait that long.
    @Test(.timeLimit(.minutes(1))) func stopClosesAnIdleConnectionThatNeverSentARequest() async throws {
        let sim = try await SimulatorHarness.start()
        let port = try #require(sim.simulator.port)
        let socket = try IdleSocket(port: port)
        defer { socket.close() }
        do {
            try await eventually("the idle connection open at the server", timeout: .seconds(5), pollInterval: .milliseconds(10)) {
                sim.simulator.openConnections == 1
            }
        } catch {
            await sim.stop()
            throw error
        }

        await sim.stop()

        #expect(sim.simulator.openConnections == 0)
        #expect(await socket.readsEndOfStream(), "the server did not close the idle connection")
    }
}

/// A blocking TCP connection to 127.0.0.1 that sends nothing.
private struct IdleSocket {
    let fd: Int32

    init(port: Int) throws {
        self.fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard self.fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(self.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(self.fd)
            throw POSIXError(.init(rawValue: errno) ?? .ECONNREFUSED)
        }
    }

    /// `true` when the peer closed the connection (a read returns 0 bytes or a reset) within 5 s.
    /// Polls without blocking, so the test never holds one of the few cooperative threads.
    func readsEndOfStream() async -> Bool {
        let flags = fcntl(self.fd, F_GETFL)
        _ = fcntl(self.fd, F_SETFL, flags | O_NONBLOCK)
        var byte: UInt8 = 0
        do {
            try await eventually("the end of the stream", timeout: .seconds(5)) {
                let count = recv(self.fd, &byte, 1, 0)
                if count == 0 || (count < 0 && errno == ECONNRESET) { return true }
                if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
                return false
            }
            return true
        } catch {
            return false
        }
    }

    func close() { Glibc.close(self.fd) }
}
