import Foundation
import Testing
import WellLibNotify
import WellNotifications
import WellTestSupport

/// libnotify (through GDBus) keeps one session-bus connection per process, so each check
/// runs in a child process (an exit test) whose `DBUS_SESSION_BUS_ADDRESS` is a private bus.
@Suite("LibNotifyProbe in a child process", .timeLimit(.minutes(1)))
struct NotificationLibNotifyTests {
    @Test("reports the server's information, capabilities and our app name")
    func probeWithServer() async throws {
        try await withPrivateBus { bus in
            let mock = try await NotificationMock.start(busAddress: bus.address, capabilities: NotificationMock.capabilitiesWithActions)
            defer { mock.stop() }
            let address = bus.address
            await #expect(processExitsWith: .success) { [address = address as String] in
                setenv("DBUS_SESSION_BUS_ADDRESS", address, 1)
                let report = try await LibNotifyProbe.probe(appName: "wellclient-test")
                guard
                    report.information
                        == NotificationServerInformation(
                            name: "mock-notify", vendor: "test vendor",
                            version: "1.0", specVersion: "1.1"),
                    report.capabilities == ["actions", "body", "body-markup", "persistence", "sound"],
                    report.appName == "wellclient-test"
                else { exit(2) }
            }
        }
    }

    @Test("no server: NotificationError.noServer, no crash")
    func probeWithoutServer() async throws {
        try await withPrivateBus { bus in
            let address = bus.address
            await #expect(processExitsWith: .success) { [address = address as String] in
                setenv("DBUS_SESSION_BUS_ADDRESS", address, 1)
                do {
                    _ = try await LibNotifyProbe.probe(appName: "wellclient-test")
                    exit(3)
                } catch NotificationError.noServer {
                    exit(0)
                } catch {
                    exit(4)
                }
            }
        }
    }
}
