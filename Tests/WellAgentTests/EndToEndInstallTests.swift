import Foundation
import Testing
import WellProtocol
import WellTestSupport
import WellDBus

/// The built `wellclient install` in a temporary HOME, then a `tel:` link opened the way a
/// desktop opens it, reaching the running agent on a private bus, then `wellclient uninstall`.
///
/// Headless, both openers work: `gio open` sees `DBusActivatable=true` in our handler file and
/// calls `org.freedesktop.Application.Open` on `cc.wellcloud.WellClient`; `xdg-open` with a
/// dummy `DISPLAY` and no `XDG_CURRENT_DESKTOP` takes its generic path, looks up the
/// `x-scheme-handler/tel` default with `xdg-mime` and runs the file's `Exec=` line, i.e.
/// `wellclient dial %u`.
@Suite("End to end: install, open a tel: link, uninstall", .serialized, .timeLimit(.minutes(3)))
struct EndToEndInstallTests {
    static let previousHandler = "org.example.Phone.desktop"
    static let previousHandlerText =
        "[Desktop Entry]\nType=Application\nName=Other phone\nExec=/bin/true %u\nNoDisplay=true\nMimeType=x-scheme-handler/tel;\n"

    @Test("install → tel: default is ours; gio open and xdg-open dial through the agent; uninstall restores the previous default")
    func installOpenUninstall() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        try await AgentHarness.run { harness in
            let home = harness.home
            let plain = home.environment()
            // A previous default handler for tel:, made default with xdg-mime.
            let applications = home.dataHome + "/applications"
            try FileManager.default.createDirectory(atPath: applications, withIntermediateDirectories: true)
            try Self.previousHandlerText.write(toFile: applications + "/" + Self.previousHandler, atomically: true, encoding: .utf8)
            let made = try await ToolRun.run("xdg-mime", ["default", Self.previousHandler, "x-scheme-handler/tel"], environment: plain)
            #expect(made.succeeded, "\(made)")
            #expect(try await InstallTests.query("x-scheme-handler/tel", home) == Self.previousHandler)

            // The real binary installs itself for this (temporary) user.
            let install = try await ToolRun.run(binary, ["install", "--no-autostart"], environment: plain)
            #expect(install.succeeded, "\(install)")
            #expect(
                install.standardOutput.contains(
                    "set the default handler for x-scheme-handler/tel to cc.wellcloud.WellClient.desktop (was \(Self.previousHandler))"), "\(install)")
            #expect(try await InstallTests.query("x-scheme-handler/tel", home) == "cc.wellcloud.WellClient.desktop")
            #expect(try await InstallTests.query("x-scheme-handler/callto", home) == "cc.wellcloud.WellClient.desktop")
            let handler = try String(contentsOfFile: applications + "/cc.wellcloud.WellClient.desktop", encoding: .utf8)
            let resolved = URL(fileURLWithPath: binary).resolvingSymlinksInPath().path
            #expect(handler.contains("\nExec=\(resolved) dial %u\n"))

            // gio open: D-Bus activatable launch → Open(["tel:…"]) on the running agent.
            let onBus = home.environment(["DBUS_SESSION_BUS_ADDRESS": harness.bus.address])
            let gio = try await ToolRun.run("gio", ["open", "tel:+86 (10) 8002"], environment: onBus)
            #expect(gio.succeeded, "\(gio)")
            let first = try await harness.simulatorCall(to: "86108002")
            #expect(first["callingDevice"]?.stringValue == "8001@demo.cc")
            #expect(first["calledDevice"]?.stringValue == "86108002@demo.cc")
            // HangUp("") ends the agent's default call: wait until the agent knows it.
            try await harness.waitForStatus { $0["calls"]?.arrayValue?.isEmpty == false }
            try await harness.call("HangUp", [.string("")])
            try await eventually("no call left at the simulator") { await harness.simulatorCalls().isEmpty }

            // xdg-open (generic path, dummy display) runs the handler's Exec line: `wellclient dial`.
            // The agent refuses a dial within 2 s of the last one: let that pass first.
            try await Task.sleep(for: .milliseconds(2100))
            var headless = onBus
            headless["DISPLAY"] = ":99"
            let xdg = try await ToolRun.run("xdg-open", ["tel:+86 (10) 8003"], environment: headless)
            #expect(xdg.succeeded, "\(xdg)")
            #expect(xdg.standardOutput.contains("dialled 86108003"), "xdg-open did not run `wellclient dial`: \(xdg)")
            let second = try await harness.simulatorCall(to: "86108003")
            #expect(second["callingDevice"]?.stringValue == "8001@demo.cc")
            try await harness.waitForStatus { $0["calls"]?.arrayValue?.isEmpty == false }
            try await harness.call("HangUp", [.string("")])
            try await eventually("no call left at the simulator") { await harness.simulatorCalls().isEmpty }

            // Uninstall restores the previous default and removes every file install wrote.
            let uninstall = try await ToolRun.run(binary, ["uninstall"], environment: plain)
            #expect(uninstall.succeeded, "\(uninstall)")
            #expect(
                uninstall.standardOutput.contains("restored the default handler for x-scheme-handler/tel to \(Self.previousHandler)"),
                "\(uninstall)")
            #expect(try await InstallTests.query("x-scheme-handler/tel", home) == Self.previousHandler)
            #expect(try await InstallTests.query("x-scheme-handler/callto", home) == "")
            let left = home.files()
            #expect(
                !left.contains { $0.contains("cc.wellcloud.WellClient") || $0.contains("wellclient-agent") || $0.hasSuffix("install-state.toml") },
                "\(left)")
            #expect(left.contains("config/wellclient/config.toml"))
            #expect(try String(contentsOfFile: applications + "/" + Self.previousHandler, encoding: .utf8) == Self.previousHandlerText)
        }
    }
}

extension AgentHarness {
    /// Waits for the simulator's call whose called device starts with `number`.
    func simulatorCall(to number: String) async throws -> JSONValue {
        var found: JSONValue?
        try await eventually("a makeCall to \(number) at the simulator") {
            found = await simulatorCalls().first { $0["calledDevice"]?.stringValue?.hasPrefix(number + "@") == true }
            return found != nil
        }
        return try #require(found)
    }
}
