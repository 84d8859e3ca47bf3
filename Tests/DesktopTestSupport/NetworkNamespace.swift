import Foundation
import Glibc

/// A private network namespace for one test: its own loopback interface (brought up) and
/// nothing else, so a test can drop packets with nftables without touching the machine's own
/// network. Processes join it through `nsenter --net`; the filesystem (and so D-Bus sockets on a
/// path) is shared with the test.
///
/// Needs root (or CAP_SYS_ADMIN and CAP_NET_ADMIN) and `unshare`, `nsenter`, `ip`, `nft`;
/// ``probe()`` says whether this machine can.
public final class NetworkNamespace: Sendable {
    /// The `sh` that holds the namespace open (it sleeps; killing it does not end the namespace
    /// while other processes are in it).
    private let holder: SpawnedProcess
    /// `ip` and `nft`, as found on this machine.
    private let tools: Tools

    struct Tools: Sendable {
        let unshare: String
        let nsenter: String
        let ip: String
        let nft: String

        static func find() -> Tools? {
            func first(_ name: String) -> String? {
                ["/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"].map { $0 + name }.first { access($0, X_OK) == 0 }
            }
            guard let unshare = first("unshare"), let nsenter = first("nsenter"), let ip = first("ip"), let nft = first("nft") else {
                return nil
            }
            return Tools(unshare: unshare, nsenter: nsenter, ip: ip, nft: nft)
        }
    }

    private init(holder: SpawnedProcess, tools: Tools) {
        self.holder = holder
        self.tools = tools
    }

    deinit { holder.kill() }

    /// The namespace's handle for `nsenter --net=`.
    public var path: String { "/proc/\(holder.pid)/ns/net" }

    /// Creates the namespace and brings its loopback up.
    public static func create() async throws -> NetworkNamespace {
        guard let tools = Tools.find() else {
            throw SpawnedProcess.SpawnError(description: "unshare, nsenter, ip and nft are needed (util-linux, iproute2, nftables)")
        }
        let holder = try await SpawnedProcess.spawn(
            tools.unshare, arguments: ["--net", "--", "/bin/sh", "-c", "\(tools.ip) link set lo up && echo up && exec sleep 3600"],
            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], stdout: .pipe)
        let line = try await holder.readLine(timeout: .seconds(10))
        guard line == "up" else { throw SpawnedProcess.SpawnError(description: "the namespace's loopback did not come up: \(line)") }
        return NetworkNamespace(holder: holder, tools: tools)
    }

    /// Whether this machine can make a namespace and filter packets in it (nil), or why not.
    public static func probe() async -> String? {
        guard geteuid() == 0 else { return "not root" }
        do {
            let namespace = try await create()
            let listed = try await namespace.run(namespace.tools.nft, ["list", "ruleset"])
            return listed.succeeded ? nil : "nft does not work in a network namespace: \(listed)"
        } catch {
            return "\(error)"
        }
    }

    /// Starts `executable` inside the namespace.
    public func spawn(
        _ executable: String, arguments: [String], environment: [String: String],
        stdout: SpawnedProcess.Output = .discard, stderr: SpawnedProcess.Output = .discard
    ) async throws -> SpawnedProcess {
        try await SpawnedProcess.spawn(
            tools.nsenter, arguments: ["--net=\(path)", "--", executable] + arguments,
            environment: environment, stdout: stdout, stderr: stderr)
    }

    /// Runs `executable` inside the namespace to its end (`input` on its standard input).
    public func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        input: String? = nil
    ) async throws -> ToolRun {
        try await ToolRun.run(tools.nsenter, ["--net=\(path)", "--", executable] + arguments, environment: environment, input: input)
    }

    /// Loads an nftables ruleset (`nft -f -`, from standard input) into the namespace.
    public func loadRules(_ ruleset: String) async throws {
        let result = try await run(tools.nft, ["-f", "-"], input: ruleset)
        guard result.succeeded else { throw SpawnedProcess.SpawnError(description: "nft -f refused the rules: \(result)") }
    }

    /// Deletes an nftables table from the namespace.
    public func deleteTable(_ family: String, _ name: String) async throws {
        let result = try await run(tools.nft, ["delete", "table", family, name])
        guard result.succeeded else { throw SpawnedProcess.SpawnError(description: "nft delete table: \(result)") }
    }

    /// Ends the namespace's holder (the namespace ends with its last process).
    public func stop() { holder.kill() }
}
