import Foundation

/// A private session-type `dbus-daemon` for one test (`--config-file` with `<type>session</type>`;
/// dbus-daemon refuses `--session` together with `--config-file`): only a temporary service directory is
/// configured (no standard session service dirs, so no real notification daemon can be
/// activated), everyone may own any name. Stop it with ``stop()`` (SIGKILL), or let it deinit.
public final class PrivateBus: Sendable {
    /// The address to connect to (`DBUS_SESSION_BUS_ADDRESS`).
    public let address: String
    /// Temporary directory holding the config, the socket and the log; removed on stop.
    public let directory: String
    /// The only `<servicedir>`: drop `NAME.service` files here for activation tests.
    public let serviceDirectory: String
    /// Where the daemon's stderr goes.
    public var logPath: String { directory + "/dbus-daemon.log" }
    private let process: SpawnedProcess

    private init(address: String, directory: String, serviceDirectory: String, process: SpawnedProcess) {
        self.address = address
        self.directory = directory
        self.serviceDirectory = serviceDirectory
        self.process = process
    }

    deinit { stop() }

    /// Starts the daemon and waits for its address.
    public static func start() async throws -> PrivateBus {
        let directory = try makeTemporaryDirectory(prefix: "wellclient-bus-")
        let serviceDirectory = directory + "/services"
        try FileManager.default.createDirectory(atPath: serviceDirectory, withIntermediateDirectories: true)
        let config = """
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>unix:dir=\(directory)</listen>
              <auth>EXTERNAL</auth>
              <servicedir>\(serviceDirectory)</servicedir>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """
        let configPath = directory + "/session.conf"
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DBUS_SESSION_BUS_ADDRESS")
        let process = try await SpawnedProcess.spawn(
            "/usr/bin/dbus-daemon",
            arguments: ["--nofork", "--nopidfile", "--print-address=1", "--config-file=\(configPath)"],
            environment: environment, stdout: .pipe, stderr: .file(directory + "/dbus-daemon.log"))
        do {
            let address = try await process.readLine().trimmingCharacters(in: .whitespaces)
            guard !address.isEmpty else { throw SpawnedProcess.SpawnError(description: "dbus-daemon printed no address") }
            return PrivateBus(address: address, directory: directory, serviceDirectory: serviceDirectory, process: process)
        } catch {
            process.kill()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// Kills the daemon (SIGKILL): every connection sees the bus vanish. Idempotent.
    public func stop() {
        process.kill()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Writes `NAME.service` into the service directory (D-Bus activation).
    public func installService(name: String, exec: String) throws {
        let text = "[D-BUS Service]\nName=\(name)\nExec=\(exec)\n"
        try text.write(toFile: serviceDirectory + "/\(name).service", atomically: true, encoding: .utf8)
    }

    /// The current environment with `DBUS_SESSION_BUS_ADDRESS` pointing at this bus.
    public func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["DBUS_SESSION_BUS_ADDRESS"] = address
        environment.merge(extra) { $1 }
        return environment
    }
}

/// Creates a fresh private directory under $TMPDIR (or /tmp).
package func makeTemporaryDirectory(prefix: String) throws -> String {
    let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array((base + "/" + prefix + "XXXXXX").utf8CString)
    guard let result = mkdtemp(&template) else {
        throw SpawnedProcess.SpawnError(description: "mkdtemp failed: errno \(errno)")
    }
    return String(cString: result)
}
