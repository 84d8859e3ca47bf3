import Logging
import WellDBus

/// Gives a program the agent starts for the user (the panel's window, a screen pop's browser) a
/// systemd scope of its own, as desktop launchers do, through the user's systemd on the session
/// bus (`StartTransientUnit` with the child's pid).
///
/// The rule it relies on: under its systemd user unit, stopping or restarting the agent stops
/// every process left in the agent's cgroup, so a browser the agent started (when none was
/// running, the opener's child becomes the browser itself) would close with it. A process in
/// its own scope outlives the agent. Without a systemd user manager on the bus (a session
/// without systemd) the call fails and nothing else changes; it is only logged.
enum AppScope {
    static let busName = "org.freedesktop.systemd1"
    static let path = "/org/freedesktop/systemd1"
    static let interface = "org.freedesktop.systemd1.Manager"

    /// `app-wellclient-<role>-<pid>.scope`: the `app-` prefix files it with the session's apps.
    static func unitName(role: String, pid: Int32) -> String { "app-wellclient-\(role)-\(pid).scope" }

    /// The properties of the scope: the pid, collected once it ends (even when it failed), in
    /// the session's app slice.
    static func properties(pid: Int32, role: String) -> DBusValue {
        .array(
            elementSignature: "(sv)",
            [
                .structure([.string("PIDs"), .variant(.array(elementSignature: "u", [.uint32(UInt32(bitPattern: pid))]))]),
                .structure([.string("CollectMode"), .variant(.string("inactive-or-failed"))]),
                .structure([.string("Slice"), .variant(.string("app.slice"))]),
                .structure([.string("Description"), .variant(.string("WellClient \(role)"))]),
            ])
    }

    /// Moves `pid` into a new scope named for `role`.
    /// - Returns: whether systemd took it.
    @discardableResult
    static func adopt(pid: Int32, role: String, bus: DBusConnection?, logger: Logger) async -> Bool {
        guard let bus, pid > 0 else { return false }
        do {
            _ = try await bus.call(
                destination: busName, path: path, interface: interface, member: "StartTransientUnit",
                arguments: [
                    .string(unitName(role: role, pid: pid)), .string("fail"), properties(pid: pid, role: role),
                    .array(elementSignature: "(sa(sv))", []),
                ], timeout: .seconds(5))
            logger.debug("\(role): process \(pid) runs in its own scope \(unitName(role: role, pid: pid))")
            return true
        } catch {
            logger.debug("\(role): process \(pid) stays in the agent's cgroup (no systemd user manager: \(error))")
            return false
        }
    }
}
