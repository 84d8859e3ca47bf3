import Foundation
import Glibc
import STOMP
import Synchronization

/// A private RabbitMQ broker with the Web-STOMP plugin (Debian's `rabbitmq-server`), for tests
/// of the client's STOMP layer against the kind of broker production uses (docs/protocol.md §7.8).
/// The node runs as the `rabbitmq` user (the server script drops to it) with `loopback_users = none`,
/// so the default `guest` user may connect over loopback.
///
/// Each broker gets its own temporary data directory, its own node name and free loopback
/// ports for Web-STOMP, AMQP, Erlang distribution and a private `epmd`, so parallel runs do not
/// clash. Every process it starts (the server script, `su`, `beam.smp`, `epmd`, helpers)
/// carries a marker variable in its environment; ``stop()`` ends the node with `rabbitmqctl stop`
/// and then SIGKILLs whatever still carries the marker, so nothing is left running.
///
/// ```swift
/// let broker = try await RabbitMQBroker.start()
/// let url = broker.webSocketURL          // ws://127.0.0.1:<port>/ws
/// …
/// await broker.stop()
/// ```
public final class RabbitMQBroker: Sendable {
    /// Why the broker could not be started.
    public struct BrokerError: Error, CustomStringConvertible {
        /// What went wrong (with the tail of the broker's log when there is one).
        public let description: String
    }

    /// The Web-STOMP port (`ws://127.0.0.1:<port>/ws`).
    public let webStompPort: Int
    /// The AMQP listener port.
    public let amqpPort: Int
    /// The Erlang distribution port.
    public let distributionPort: Int
    /// The private `epmd` port.
    public let epmdPort: Int
    /// The Erlang node name (`wctest-<random>@localhost`).
    public let nodeName: String
    /// The private data directory (config, mnesia, logs); removed by ``stop()``.
    public let directory: URL

    /// `ws://127.0.0.1:<webStompPort>/ws`.
    public var webSocketURL: URL { URL(string: "ws://127.0.0.1:\(self.webStompPort)/ws")! }

    static let serverScript = "/usr/sbin/rabbitmq-server"
    static let controlScript = "/usr/sbin/rabbitmqctl"
    static let markerName = "WELLCLIENT_TEST_BROKER"

    /// The server script of the current run (our child; reaped by ``halt()``).
    private let server = Mutex<SpawnedProcess?>(nil)

    private init(webStompPort: Int, amqpPort: Int, distributionPort: Int, epmdPort: Int, nodeName: String, directory: URL) {
        self.webStompPort = webStompPort
        self.amqpPort = amqpPort
        self.distributionPort = distributionPort
        self.epmdPort = epmdPort
        self.nodeName = nodeName
        self.directory = directory
    }

    // MARK: - lifecycle

    /// Creates the data directory, starts the broker and waits until Web-STOMP accepts connections.
    ///
    /// - Parameter timeout: the bound on the wait (the broker takes ~10 s to start).
    /// - Throws: ``BrokerError`` when `rabbitmq-server` is not installed, the data directory
    ///   cannot be prepared, the broker exits early or does not listen within `timeout`.
    public static func start(timeout: Duration = .seconds(90)) async throws -> RabbitMQBroker {
        guard FileManager.default.isExecutableFile(atPath: Self.serverScript) else {
            throw BrokerError(description: "\(Self.serverScript) is missing: install the Debian package rabbitmq-server (`make deps-test` does)")
        }
        guard getuid() == 0 else {
            throw BrokerError(description: "the RabbitMQ tests must run as root (the server script drops to the rabbitmq user)")
        }
        let ports = try Self.freePorts(4)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wellclient-rabbitmq-\(UUID().uuidString.prefix(8))")
        let suffix = directory.lastPathComponent.split(separator: "-").last.map(String.init) ?? "0"
        let broker = RabbitMQBroker(
            webStompPort: ports[0], amqpPort: ports[1], distributionPort: ports[2], epmdPort: ports[3],
            nodeName: "wctest-\(suffix)@localhost", directory: directory)
        try broker.prepareDirectory()
        do {
            try await broker.launch(timeout: timeout)
        } catch {
            await broker.stop()
            throw error
        }
        return broker
    }

    /// Stops the node and starts it again on the same ports and data directory (a broker restart
    /// as clients see it: every connection drops, then the port accepts connections again).
    /// - Throws: ``BrokerError`` when it does not come back within `timeout`.
    public func restart(timeout: Duration = .seconds(90)) async throws {
        await self.halt()
        try await self.launch(timeout: timeout)
    }

    /// Stops the broker (`rabbitmqctl stop`, then SIGKILL of every process it started, `epmd`
    /// included) and removes its data directory. Idempotent.
    public func stop() async {
        await self.halt()
        try? FileManager.default.removeItem(at: self.directory)
    }

    /// The last `lines` lines of the broker's logs (for failure messages).
    public func logTail(lines: Int = 30) -> String {
        var text = ""
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: self.directory.appendingPathComponent("log").path)) ?? []
        for name in ["server.out"] + logs.sorted().map({ "log/\($0)" }) {
            guard let data = FileManager.default.contents(atPath: self.directory.appendingPathComponent(name).path) else { continue }
            let tail = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).suffix(lines)
            text += "== \(name)\n" + tail.joined(separator: "\n") + "\n"
        }
        return text
    }

    // MARK: - steps

    private var environment: [String: String] {
        let base = self.directory.path
        return [
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": base,
            "LANG": "C.UTF-8",
            Self.markerName: base,
            "ERL_EPMD_PORT": "\(self.epmdPort)",
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODENAME": self.nodeName,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": "\(self.amqpPort)",
            "RABBITMQ_DIST_PORT": "\(self.distributionPort)",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
            "RABBITMQ_CONFIG_FILE": "\(base)/rabbitmq",
            "RABBITMQ_ENABLED_PLUGINS_FILE": "\(base)/enabled_plugins",
            "RABBITMQ_MNESIA_BASE": "\(base)/mnesia",
            "RABBITMQ_LOG_BASE": "\(base)/log",
            "RABBITMQ_FEATURE_FLAGS_FILE": "\(base)/feature_flags",
            "RABBITMQ_PLUGINS_EXPAND_DIR": "\(base)/expand",
        ]
    }

    private func prepareDirectory() throws {
        let manager = FileManager.default
        do {
            for sub in ["log", "mnesia", "expand"] {
                try manager.createDirectory(at: self.directory.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
            try Data("[rabbitmq_web_stomp].\n".utf8).write(to: self.directory.appendingPathComponent("enabled_plugins"))
            let config = """
                web_stomp.tcp.port = \(self.webStompPort)
                web_stomp.tcp.ip = 127.0.0.1
                listeners.tcp.default = 127.0.0.1:\(self.amqpPort)
                stomp.listeners.tcp = none
                loopback_users = none
                log.console = false
                log.file.level = info

                """
            try Data(config.utf8).write(to: self.directory.appendingPathComponent("rabbitmq.conf"))
        } catch {
            throw BrokerError(description: "cannot prepare \(self.directory.path): \(error)")
        }
        guard let user = getpwnam("rabbitmq") else {
            throw BrokerError(description: "no rabbitmq user: is the Debian package rabbitmq-server installed?")
        }
        let (uid, gid) = (user.pointee.pw_uid, user.pointee.pw_gid)
        let paths =
            [self.directory.path]
            + ((try? manager.subpathsOfDirectory(atPath: self.directory.path)) ?? [])
            .map { self.directory.appendingPathComponent($0).path }
        for path in paths where chown(path, uid, gid) != 0 {
            throw BrokerError(description: "chown \(path) to rabbitmq failed: errno \(errno)")
        }
    }

    private func launch(timeout: Duration) async throws {
        let server = try await SpawnedProcess.spawn(
            Self.serverScript, arguments: [], environment: self.environment,
            stdout: .file(self.directory.appendingPathComponent("server.out").path),
            stderr: .file(self.directory.appendingPathComponent("server.out").path))
        self.server.withLock { $0 = server }
        do {
            try await eventually("RabbitMQ answering STOMP on Web-STOMP", timeout: timeout, pollInterval: .milliseconds(200)) {
                if await Self.isRabbitMQ(at: self.webSocketURL) { return true }
                if let exit = server.exit {
                    throw BrokerError(description: "rabbitmq-server \(exit) before Web-STOMP listened on \(self.webStompPort)\n\(self.logTail())")
                }
                return false
            }
        } catch is EventuallyTimedOut {
            throw BrokerError(description: "RabbitMQ Web-STOMP did not accept connections on 127.0.0.1:\(self.webStompPort) within \(timeout)\n\(self.logTail())")
        }
    }

    /// `rabbitmqctl stop` (bounded), then SIGKILL every leftover process carrying the marker.
    private func halt() async {
        let control = try? await SpawnedProcess.spawn(
            Self.controlScript, arguments: ["-n", self.nodeName, "stop"], environment: self.environment,
            stdout: .file(self.directory.appendingPathComponent("server.out").path),
            stderr: .file(self.directory.appendingPathComponent("server.out").path))
        if let control, await control.waitForExit(timeout: .seconds(30)) == nil {
            await control.stop()
        }
        // Give the node's processes a moment to exit and be reaped by their parents (epmd
        // never exits by itself), then whatever is left (a hung node, epmd) gets SIGKILL.
        _ = try? await eventually("the node's processes to exit", timeout: .seconds(5), pollInterval: .milliseconds(100)) {
            !Self.processes(marked: self.directory.path).contains(where: { Self.command($0) != "epmd" })
        }
        for _ in 0..<50 {
            let leftovers = Self.processes(marked: self.directory.path)
            if leftovers.isEmpty { break }
            for pid in leftovers { _ = Glibc.kill(pid, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        // Our own child, the server script: SIGKILL (a no-op when it has exited) and reap.
        await self.server.withLock { $0 }?.stop()
        self.server.withLock { $0 = nil }
    }

    // MARK: - helpers

    /// Live (non-zombie) processes whose environment holds `marker=<value>`.
    static func processes(marked value: String) -> [pid_t] {
        let needle = Array("\(Self.markerName)=\(value)".utf8) + [0]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var found: [pid_t] = []
        for entry in entries {
            guard let pid = pid_t(entry), pid != getpid() else { continue }
            guard let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ"), !environ.isEmpty else { continue }
            let bytes = [UInt8](environ) + [0]
            guard Self.contains(bytes, needle) else { continue }
            if let stat = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
                let close = stat.lastIndex(of: UInt8(ascii: ")")), close + 2 < stat.count, stat[close + 2] == UInt8(ascii: "Z")
            {
                continue
            }
            found.append(pid)
        }
        return found
    }

    /// The command name of `pid` (`/proc/<pid>/comm`).
    static func command(_ pid: pid_t) -> String {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/comm") ?? Data()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        // Entries are NUL-separated; match whole entries only.
        var start = 0
        while start < haystack.count {
            let end = haystack[start...].firstIndex(of: 0) ?? haystack.count
            if end - start + 1 == needle.count, haystack[start..<end].elementsEqual(needle.dropLast()) { return true }
            start = end + 1
        }
        return false
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = Self.loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }

    /// Whether RabbitMQ's Web-STOMP answers at `url` (a loopback `ws://` URL): a STOMP CONNECT
    /// gets a CONNECTED frame naming a RabbitMQ server. A listener on the port is not enough:
    /// another test's server may hold it.
    public static func isRabbitMQ(at url: URL) async -> Bool {
        guard let port = url.port, Self.accepts(port: port),
            let client = try? await StompTestClient.connect(to: url, acceptVersion: "1.2", heartBeat: "0,0", timeout: .seconds(5))
        else {
            return false
        }
        let server = client.frames.first?.headers["server"]
        await client.close()
        return server?.hasPrefix("RabbitMQ/") == true
    }

    /// `count` distinct loopback ports, free right now, chosen *below* the kernel's ephemeral
    /// range (`net.ipv4.ip_local_port_range`). A port the kernel hands out for `bind(port: 0)`
    /// could be given to another test's server between this choice and the broker's bind (the
    /// whole suite runs in parallel); ports outside that range are only taken by name.
    public static func freePorts(_ count: Int) throws -> [Int] {
        let ephemeralLow = Self.ephemeralRange().lowerBound
        let candidates = Array(max(1024, ephemeralLow - 12_000)..<ephemeralLow).shuffled()
        var sockets: [Int32] = []
        defer { for fd in sockets { close(fd) } }
        var ports: [Int] = []
        for port in candidates where ports.count < count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw BrokerError(description: "socket() failed: errno \(errno)") }
            var address = Self.loopback(port: port)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(fd)
                continue
            }
            sockets.append(fd)
            ports.append(port)
        }
        guard ports.count == count else {
            throw BrokerError(description: "found only \(ports.count) free loopback ports below \(ephemeralLow)")
        }
        return ports
    }

    /// The kernel's ephemeral port range (32768...60999 when it cannot be read).
    public static func ephemeralRange() -> ClosedRange<Int> {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        guard numbers.count == 2, numbers[0] > 1024, numbers[0] <= numbers[1] else { return 32768...60999 }
        return numbers[0]...numbers[1]
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        return address
    }
}
