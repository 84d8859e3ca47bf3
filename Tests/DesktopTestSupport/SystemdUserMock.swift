import Foundation
import WellDBus

/// python-dbusmock's `systemd` template on a private *session* bus: a user manager
/// (`org.freedesktop.systemd1`) that accepts `StartTransientUnit` and records every call, so a
/// test can read what the agent asked systemd for (`/usr/bin/python3 -m dbusmock --session -t systemd`).
public final class SystemdUserMock: Sendable {
    public static let busName = "org.freedesktop.systemd1"
    public static let path = "/org/freedesktop/systemd1"

    private let process: SpawnedProcess
    private let connection: DBusConnection
    /// The mock's log (one line per call) and Python's stderr.
    public let logPath: String

    private init(process: SpawnedProcess, connection: DBusConnection, logPath: String) {
        self.process = process
        self.connection = connection
        self.logPath = logPath
    }

    /// Starts the mock on `busAddress` and waits until it owns `org.freedesktop.systemd1`.
    public static func start(busAddress: String) async throws -> SystemdUserMock {
        let directory = try makeTemporaryDirectory(prefix: "wellclient-systemd-mock-")
        let logPath = directory + "/systemd-mock.log"
        var environment = ProcessInfo.processInfo.environment
        environment["DBUS_SESSION_BUS_ADDRESS"] = busAddress
        environment.removeValue(forKey: "PYTHONPATH")
        let process = try await SpawnedProcess.spawn(
            "/usr/bin/python3", arguments: ["-m", "dbusmock", "--session", "-t", "systemd"],
            environment: environment, stdout: .file(logPath), stderr: .file(logPath))
        let connection = try await DBusConnection.connect(address: busAddress)
        do {
            try await eventually("the systemd mock owning \(busName)", timeout: .seconds(30), pollInterval: .milliseconds(50)) {
                try await connection.getNameOwner(busName) != nil
            }
        } catch {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            process.kill()
            await connection.close()
            throw SpawnedProcess.SpawnError(description: "the systemd mock did not come up: \(error); log:\n\(log.suffix(2000))")
        }
        return SystemdUserMock(process: process, connection: connection, logPath: logPath)
    }

    /// One recorded `StartTransientUnit`: the unit's name, its mode and its properties.
    public struct TransientUnit: Sendable, Equatable {
        public var name: String
        public var mode: String
        public var properties: [String: DBusValue]
    }

    /// Every `StartTransientUnit` the mock received, oldest first.
    public func transientUnits() async throws -> [TransientUnit] {
        let reply = try await connection.call(
            destination: Self.busName, path: Self.path, interface: "org.freedesktop.DBus.Mock", member: "GetMethodCalls",
            arguments: [.string("StartTransientUnit")])
        return (reply.first?.arrayElements ?? []).compactMap { record in
            guard let fields = record.structureFields, fields.count == 2, let arguments = fields[1].arrayElements, arguments.count >= 3
            else { return nil }
            let values = arguments.map { $0.variantValue ?? $0 }
            var properties: [String: DBusValue] = [:]
            for entry in values[2].arrayElements ?? [] {
                guard let pair = entry.structureFields, pair.count == 2, let key = pair[0].string else { continue }
                properties[key] = pair[1].variantValue ?? pair[1]
            }
            return TransientUnit(name: values[0].string ?? "", mode: values[1].string ?? "", properties: properties)
        }
    }

    /// Kills the mock (its name leaves the bus) and closes the test's connection.
    public func stop() async {
        process.kill()
        await connection.close()
    }
}
