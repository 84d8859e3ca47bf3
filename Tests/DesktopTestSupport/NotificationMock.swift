import Foundation
import Subprocess
import Synchronization

/// python-dbusmock's `notification_daemon` template on a given bus
/// (`/usr/bin/python3 -m dbusmock --session -t notification_daemon -p '{"capabilities": …}'`).
///
/// The mock records every call (`org.freedesktop.DBus.Mock.GetMethodCalls`) and emits
/// signals on request (`org.freedesktop.DBus.Mock.EmitSignal`) from its own connection, i.e.
/// as the real owner of `org.freedesktop.Notifications` (WellDesktopTests has typed helpers).
/// Note the template closes with reason 1 and broadcasts its signals.
public final class NotificationMock: Sendable {
    /// With `actions` (the template's default has none).
    public static let capabilitiesWithActions = "actions body body-markup persistence sound"
    /// The same without `actions`.
    public static let capabilitiesWithoutActions = "body body-markup persistence sound"

    public let busAddress: String
    /// Log of the mock (one line per call) and Python's stderr.
    public let logPath: String
    private let state: Mutex<(process: SpawnedProcess?, capabilities: String)>

    private init(busAddress: String, logPath: String, capabilities: String) {
        self.busAddress = busAddress
        self.logPath = logPath
        state = Mutex((nil, capabilities))
    }

    deinit { stop() }

    /// The capabilities the current (or last) process announces.
    public var capabilities: String { state.withLock { $0.capabilities } }

    /// Starts the mock on `busAddress` and waits until it answers `GetCapabilities`.
    public static func start(
        busAddress: String, capabilities: String = capabilitiesWithActions,
        logDirectory: String? = nil
    ) async throws -> NotificationMock {
        let directory = try logDirectory ?? makeTemporaryDirectory(prefix: "wellclient-mock-")
        let mock = NotificationMock(
            busAddress: busAddress, logPath: directory + "/notification-mock.log",
            capabilities: capabilities)
        try await mock.launch()
        return mock
    }

    /// Kills the mock (SIGKILL): its name vanishes from the bus. Idempotent.
    public func stop() {
        self.takeProcess()?.kill()
    }

    private func takeProcess() -> SpawnedProcess? {
        state.withLock { current in
            defer { current.process = nil }
            return current.process
        }
    }

    /// Stops the mock, waits until it is gone (so its name is free), and starts a new process
    /// (a new unique name; ids restart at 1), optionally with other capabilities.
    public func restart(capabilities: String? = nil) async throws {
        await self.takeProcess()?.stop()
        if let capabilities { state.withLock { $0.capabilities = capabilities } }
        try await launch()
    }

    private func launch() async throws {
        let capabilities = self.capabilities
        var environment = ProcessInfo.processInfo.environment
        environment["DBUS_SESSION_BUS_ADDRESS"] = busAddress
        environment.removeValue(forKey: "PYTHONPATH")
        let parameters = #"{"capabilities": "\#(capabilities)"}"#
        let process = try await SpawnedProcess.spawn(
            "/usr/bin/python3",
            arguments: ["-m", "dbusmock", "--session", "-t", "notification_daemon", "-p", parameters],
            environment: environment, stdout: .file(logPath), stderr: .file(logPath))
        state.withLock { $0.process = process }
        try await waitUntilServing(process: process)
    }

    private func waitUntilServing(process: SpawnedProcess) async throws {
        do {
            try await eventually("the notification mock answering GetCapabilities", timeout: .seconds(30), pollInterval: .milliseconds(50)) {
                let result = try await Subprocess.run(
                    .name("dbus-send"),
                    arguments: [
                        "--bus=\(busAddress)", "--print-reply", "--reply-timeout=2000",
                        "--dest=org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                        "org.freedesktop.Notifications.GetCapabilities",
                    ],
                    output: .discarded, error: .discarded)
                return result.terminationStatus.isSuccess
            }
        } catch is EventuallyTimedOut {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            process.kill()
            throw SpawnedProcess.SpawnError(description: "notification mock did not come up; log:\n\(log.suffix(2000))")
        }
    }
}
