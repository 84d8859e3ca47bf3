import CLibNotify
import WellThreads
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Synchronization
import WellNotifications

/// What libnotify reports about the notification server of this process's session bus.
public struct NotificationServerReport: Sendable, Equatable {
    public var information: NotificationServerInformation
    public var capabilities: [String]
    /// The application name libnotify registered for this process (`notify_get_app_name`).
    public var appName: String
}

/// libnotify's part: the process-global view of the session's notification server.
///
/// It is a target of its own (`WellLibNotify`) so that linking it is a choice: a program that
/// links libnotify loads GLib, GObject, GIO and gdk-pixbuf with it at start, used or not. The
/// agent does not link it.
///
/// libnotify keeps one GDBus session connection and one application name per process, so it
/// is used only here, to say which server (or xdg-desktop-portal, inside Flatpak/Snap) the
/// desktop provides. (The agent does not run it at start-up: the GLib type system and the GDBus
/// threads it starts would stay in the process.) Notifications themselves
/// go through ``DesktopNotifier`` (libdbus; see the comment at the top of DesktopNotifier.swift).
/// The bus is `DBUS_SESSION_BUS_ADDRESS` as GDBus sees it on first use in the process.
///
/// Each probe ends with `notify_uninit()`: libnotify's D-Bus proxy subscribes to the server's
/// signals, and GDBus queues every `NotificationClosed`/`ActionInvoked` it receives for the
/// default GLib main context, which this process never runs. Kept alive, that queue grew by
/// about 2 KB per call (found by the soak, `make soak`); without the proxy nothing is queued.
public enum LibNotifyProbe {
    private static let lock = Mutex(())

    /// Initialises libnotify with `appName`, asks the server for its information and
    /// capabilities, and uninitialises libnotify again. Runs the blocking GDBus calls on a
    /// dedicated thread.
    /// - Throws: ``NotificationError/noServer`` when no server answers.
    public static func probe(appName: String) async throws(NotificationError) -> NotificationServerReport {
        let result: Result<NotificationServerReport, NotificationError> = await DetachedThread.run(name: "libnotify-probe") {
            probeBlocking(appName: appName)
        }
        return try result.get()
    }

    private static func probeBlocking(appName: String) -> Result<NotificationServerReport, NotificationError> {
        lock.withLock { _ in
            guard !appName.utf8.contains(0) else { return .failure(.invalidRequest("application name contains NUL")) }
            if notify_is_initted() == 0 {
                guard notify_init(appName) != 0 else { return .failure(.noServer) }
            }
            defer { notify_uninit() }
            var name: UnsafeMutablePointer<CChar>?
            var vendor: UnsafeMutablePointer<CChar>?
            var version: UnsafeMutablePointer<CChar>?
            var spec: UnsafeMutablePointer<CChar>?
            guard notify_get_server_info(&name, &vendor, &version, &spec) != 0 else { return .failure(.noServer) }
            let information = NotificationServerInformation(
                name: take(name), vendor: take(vendor), version: take(version), specVersion: take(spec))
            var capabilities: [String] = []
            let list = notify_get_server_caps()
            var node = list
            while let current = node {
                if let data = current.pointee.data { capabilities.append(String(cString: data.assumingMemoryBound(to: CChar.self))) }
                g_free(current.pointee.data)
                node = current.pointee.next
            }
            g_list_free(list)
            let registered = notify_get_app_name().map { String(cString: $0) } ?? appName
            return .success(NotificationServerReport(information: information, capabilities: capabilities, appName: registered))
        }
    }

    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }
}
