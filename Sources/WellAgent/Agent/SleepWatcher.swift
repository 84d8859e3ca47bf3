import Logging
import WellDBus

/// Watches logind's `PrepareForSleep(b)` on the system bus, so the agent can check its link as
/// soon as the machine resumes (a connection that slept through a network change is often dead
/// without any close having arrived; the heart-beat watchdog would take two periods to notice).
///
/// A missing system bus (containers, CI) or a missing logind is no error: nothing is watched.
struct SleepWatcher: Sendable {
    /// logind's name, object and interface.
    static let logindName = "org.freedesktop.login1"
    static let logindPath = "/org/freedesktop/login1"
    static let logindInterface = "org.freedesktop.login1.Manager"
    /// Where the system bus lives when `DBUS_SYSTEM_BUS_ADDRESS` is unset.
    static let defaultSystemBusAddress = "unix:path=/var/run/dbus/system_bus_socket"

    /// The system bus address for `environment`.
    static func systemBusAddress(environment: [String: String]) -> String {
        if let address = environment["DBUS_SYSTEM_BUS_ADDRESS"], !address.isEmpty { return address }
        return defaultSystemBusAddress
    }

    let environment: [String: String]
    let logger: Logger

    /// Connects to the system bus and calls `onChange(true)` before a suspend and
    /// `onChange(false)` after the resume, until the task is cancelled or the system bus goes.
    /// Only signals sent by the current owner of `org.freedesktop.login1` count.
    func run(_ onChange: @escaping @Sendable (_ sleeping: Bool) async -> Void) async {
        let address = Self.systemBusAddress(environment: environment)
        let connection: DBusConnection
        do {
            connection = try await DBusConnection.connect(address: address)
        } catch {
            logger.info("no system bus at \(address) (\(error)); suspend/resume is not watched")
            return
        }
        let signals = connection.signals()
        do {
            try await connection.addMatch(
                "type='signal',sender='\(Self.logindName)',path='\(Self.logindPath)',interface='\(Self.logindInterface)',member='PrepareForSleep'")
            try await connection.addMatch(
                "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='\(Self.logindName)'")
        } catch {
            logger.info("cannot watch logind on the system bus (\(error)); suspend/resume is not watched")
            await connection.close()
            return
        }
        var owner = try? await connection.getNameOwner(Self.logindName)
        logger.debug("watching PrepareForSleep on the system bus (logind \(owner ?? "not running"))")
        for await signal in signals {
            if signal.interface == "org.freedesktop.DBus", signal.member == "NameOwnerChanged",
                signal.sender == "org.freedesktop.DBus", signal.arguments.first?.string == Self.logindName
            {
                owner = signal.arguments.count > 2 ? signal.arguments[2].string.flatMap { $0.isEmpty ? nil : $0 } : nil
                continue
            }
            guard signal.interface == Self.logindInterface, signal.member == "PrepareForSleep",
                signal.path == Self.logindPath, let sender = signal.sender, sender == owner,
                let sleeping = signal.arguments.first?.bool
            else { continue }
            await onChange(sleeping)
        }
        await connection.close()
    }
}
