import Foundation
import Testing
import WellDesktopSupport
import WellTestSupport

/// `wellclient install` / `uninstall` against a temporary HOME with the real xdg-mime and
/// update-desktop-database.
@Suite struct InstallTests {
    static func query(_ mime: String, _ home: TemporaryHome) async throws -> String {
        let run = try await ToolRun.run("xdg-mime", ["query", "default", mime], environment: home.environment())
        return run.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func installer(_ home: TemporaryHome) throws -> DesktopInstaller {
        try DesktopInstaller(environment: home.environment(), executablePath: home.writeExecutable("wellclient"))
    }

    /// Where install puts the tray's icons, relative to the temporary root.
    static let statusIconPaths = DesktopFile.statusIcons.map { "data/icons/hicolor/scalable/status/" + $0.fileName }

    static func contents(_ home: TemporaryHome) throws -> [String: String] {
        var result: [String: String] = [:]
        for file in home.files() { result[file] = try String(contentsOfFile: home.root + "/" + file, encoding: .utf8) }
        return result
    }

    @Test("install writes every file under the XDG dirs and makes us the tel:/callto: default")
    func install() async throws {
        let home = try TemporaryHome(label: "install")
        defer { home.remove() }
        let installer = try Self.installer(home)
        let report = try await installer.install()
        #expect(try await Self.query("x-scheme-handler/tel", home) == "cc.wellcloud.WellClient.desktop")
        #expect(try await Self.query("x-scheme-handler/callto", home) == "cc.wellcloud.WellClient.desktop")
        #expect(
            home.files() == [
                "bin/wellclient",
                "config/autostart/cc.wellcloud.WellClient-autostart.desktop",
                "config/chromium/NativeMessagingHosts/cc.wellcloud.wellclient.json",
                "config/google-chrome/NativeMessagingHosts/cc.wellcloud.wellclient.json",
                "config/mimeapps.list",
                "config/systemd/user/wellclient-agent.service",
                "data/applications/cc.wellcloud.WellClient.desktop",
                "data/applications/mimeinfo.cache",
                "data/dbus-1/services/cc.wellcloud.WellClient.service",
                "data/icons/hicolor/scalable/apps/cc.wellcloud.WellClient.svg",
            ] + Self.statusIconPaths + [
                "data/metainfo/cc.wellcloud.WellClient.metainfo.xml",
                "home/.mozilla/native-messaging-hosts/cc.wellcloud.wellclient.json",
                "state/wellclient/install-state.toml",
            ])
        // The tray's state icons, each with its symbolic variant, next to each other.
        #expect(Self.statusIconPaths.count == 16 && Self.statusIconPaths.contains("data/icons/hicolor/scalable/status/wellclient-ready-symbolic.svg"))
        let handler = try String(contentsOfFile: home.dataHome + "/applications/cc.wellcloud.WellClient.desktop", encoding: .utf8)
        #expect(handler.contains("\nExec=\(home.binDirectory)/wellclient dial %u\n"))
        #expect(!handler.contains("@BINDIR@"))
        let autostart = try String(contentsOfFile: home.configHome + "/autostart/cc.wellcloud.WellClient-autostart.desktop", encoding: .utf8)
        #expect(autostart.contains("\nExec=\(home.binDirectory)/wellclient agent\n") && !autostart.contains("Hidden="))
        #expect(report.changes.count == 9 + Self.statusIconPaths.count + 2)
        #expect(report.changes.contains("set the default handler for x-scheme-handler/tel to cc.wellcloud.WellClient.desktop"))
        #expect(report.notes.contains { $0.contains("no systemd user manager reachable") })
        let cache = try String(contentsOfFile: home.dataHome + "/applications/mimeinfo.cache", encoding: .utf8)
        #expect(cache.contains("x-scheme-handler/tel=cc.wellcloud.WellClient.desktop;"))
    }

    @Test("a second install changes nothing and reports so")
    func idempotent() async throws {
        let home = try TemporaryHome(label: "install")
        defer { home.remove() }
        let installer = try Self.installer(home)
        _ = try await installer.install()
        let before = try Self.contents(home)
        let second = try await installer.install()
        #expect(second.changes == [], "\(second.changes)")
        #expect(try Self.contents(home) == before)
        #expect(try await Self.query("x-scheme-handler/tel", home) == "cc.wellcloud.WellClient.desktop")
    }

    @Test("--no-autostart writes Hidden=true; switching back rewrites only the autostart entry")
    func noAutostart() async throws {
        let home = try TemporaryHome(label: "install")
        defer { home.remove() }
        let installer = try Self.installer(home)
        _ = try await installer.install(autostart: false)
        let path = home.configHome + "/autostart/cc.wellcloud.WellClient-autostart.desktop"
        let hidden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(hidden.hasSuffix("\nHidden=true\n"))
        #expect(hidden.contains("\nX-GNOME-Autostart-enabled=false\n"))
        #expect(!hidden.contains("X-GNOME-Autostart-enabled=true"))
        let back = try await installer.install(autostart: true)
        #expect(back.changes == ["wrote \(path)"])
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("Hidden"))
    }

    @Test("uninstall removes everything install wrote and nothing else")
    func uninstallRemovesEverything() async throws {
        let home = try TemporaryHome(label: "install")
        defer { home.remove() }
        let installer = try Self.installer(home)
        _ = try await installer.install()
        let report = try await installer.uninstall()
        #expect(home.files() == ["bin/wellclient"], "\(home.files())")
        #expect(report.changes.contains("restored the default handler for x-scheme-handler/tel to none"))
        #expect(report.changes.filter { $0.hasPrefix("removed ") }.count == 9 + Self.statusIconPaths.count + 2)
        #expect(try await Self.query("x-scheme-handler/tel", home) == "")
        let again = try await installer.uninstall()
        #expect(again.changes.isEmpty)
        #expect(again.notes.first?.hasPrefix("nothing to uninstall") == true)
    }

    @Test("a previous default handler is remembered and restored; unrelated entries stay byte for byte")
    func restoresPreviousDefault() async throws {
        let home = try TemporaryHome(label: "install")
        defer { home.remove() }
        let applications = home.dataHome + "/applications"
        try FileManager.default.createDirectory(atPath: applications, withIntermediateDirectories: true)
        let other = "[Desktop Entry]\nType=Application\nName=Other phone\nExec=/bin/true %u\nMimeType=x-scheme-handler/tel;\n"
        try other.write(toFile: applications + "/org.example.Phone.desktop", atomically: true, encoding: .utf8)
        let mimeapps = "# mine\n[Default Applications]\ntext/html=firefox.desktop\nx-scheme-handler/tel=org.example.Phone.desktop\n\n[Added Associations]\nimage/png=eog.desktop;\n"
        try mimeapps.write(toFile: home.configHome + "/mimeapps.list", atomically: true, encoding: .utf8)
        #expect(try await Self.query("x-scheme-handler/tel", home) == "org.example.Phone.desktop")

        let installer = try Self.installer(home)
        let report = try await installer.install()
        #expect(report.changes.contains("set the default handler for x-scheme-handler/tel to cc.wellcloud.WellClient.desktop (was org.example.Phone.desktop)"))
        #expect(try await Self.query("x-scheme-handler/tel", home) == "cc.wellcloud.WellClient.desktop")
        _ = try await installer.install()

        let undo = try await installer.uninstall()
        #expect(undo.changes.contains("restored the default handler for x-scheme-handler/tel to org.example.Phone.desktop"))
        #expect(try await Self.query("x-scheme-handler/tel", home) == "org.example.Phone.desktop")
        let restored = try String(contentsOfFile: home.configHome + "/mimeapps.list", encoding: .utf8)
        #expect(restored.contains("text/html=firefox.desktop\n") && restored.contains("image/png=eog.desktop;\n") && restored.hasPrefix("# mine\n"))
        #expect(!restored.contains("WellClient"))
        #expect(try String(contentsOfFile: applications + "/org.example.Phone.desktop", encoding: .utf8) == other)
        #expect(FileManager.default.fileExists(atPath: applications + "/mimeinfo.cache"))
        #expect(!FileManager.default.fileExists(atPath: applications + "/cc.wellcloud.WellClient.desktop"))
    }

    @Test("uninstall leaves a default the user changed after install alone")
    func keepsUserChoice() async throws {
        let home = try TemporaryHome(label: "install")
        defer { home.remove() }
        let installer = try Self.installer(home)
        _ = try await installer.install()
        let chosen = try await ToolRun.run("xdg-mime", ["default", "org.example.Other.desktop", "x-scheme-handler/callto"], environment: home.environment())
        #expect(chosen.succeeded)
        let report = try await installer.uninstall()
        #expect(report.notes.contains("the default for x-scheme-handler/callto is now org.example.Other.desktop; left alone"))
        let list = try String(contentsOfFile: home.configHome + "/mimeapps.list", encoding: .utf8)
        #expect(list.contains("x-scheme-handler/callto=org.example.Other.desktop"))
        #expect(!list.contains("x-scheme-handler/tel="))
    }

    @Test("uninstall never removes a path the record names outside this layout")
    func tamperedRecord() async throws {
        let home = try TemporaryHome(label: "install")
        defer { home.remove() }
        let installer = try Self.installer(home)
        _ = try await installer.install()
        let victim = home.root + "/precious.txt"
        try "keep".write(toFile: victim, atomically: true, encoding: .utf8)
        let state = home.stateHome + "/wellclient/install-state.toml"
        var record = try String(contentsOfFile: state, encoding: .utf8)
        record = record.replacingOccurrences(of: home.dataHome + "/metainfo/cc.wellcloud.WellClient.metainfo.xml", with: victim)
        try record.write(toFile: state, atomically: true, encoding: .utf8)
        let report = try await installer.uninstall()
        #expect(FileManager.default.fileExists(atPath: victim))
        #expect(report.notes.contains { $0.hasPrefix("recorded \(victim) is not where") })
    }

    @Test("paths that cannot go into Exec= lines and a relative HOME are refused")
    func refusedInputs() throws {
        let home = try TemporaryHome(label: "install")
        defer { home.remove() }
        #expect(throws: InstallError.self) { try DesktopInstaller(environment: home.environment(), executablePath: "/opt/my apps/wellclient") }
        #expect(throws: InstallError.self) { try DesktopInstaller(environment: home.environment(), executablePath: "/opt/$x/wellclient") }
        #expect(throws: InstallError.self) { try DesktopInstaller(environment: home.environment(), executablePath: "bin/wellclient") }
        #expect(throws: InstallError.self) { try DesktopInstaller(environment: ["HOME": "relative"], executablePath: "/usr/bin/wellclient") }
        #expect(home.files().isEmpty)
    }

    @Test("XDG variables are honoured, relative ones ignored")
    func layout() throws {
        let layout = try InstallLayout(environment: ["HOME": "/h", "XDG_DATA_HOME": "/d/", "XDG_CONFIG_HOME": "rel"])
        #expect(layout.directory(for: .handler) == "/d/applications")
        #expect(layout.directory(for: .dbusService) == "/d/dbus-1/services")
        #expect(layout.directory(for: .icon) == "/d/icons/hicolor/scalable/apps")
        #expect(layout.directory(for: .metainfo) == "/d/metainfo")
        #expect(layout.directory(for: .systemdUnit) == "/h/.config/systemd/user")
        #expect(layout.directory(for: .autostart) == "/h/.config/autostart")
        #expect(layout.stateFile == "/h/.local/state/wellclient/install-state.toml")
    }

    @Test("`wellclient install` and `uninstall` run as commands with the binary's own path")
    func commands() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"))
        let home = try TemporaryHome(label: "install-cli")
        defer { home.remove() }
        let first = try await ToolRun.run(binary, ["install", "--no-autostart"], environment: home.environment())
        #expect(first.succeeded, "\(first)")
        #expect(first.standardOutput.contains("wrote \(home.dataHome)/applications/cc.wellcloud.WellClient.desktop"))
        let handler = try String(contentsOfFile: home.dataHome + "/applications/cc.wellcloud.WellClient.desktop", encoding: .utf8)
        let resolved = URL(fileURLWithPath: binary).resolvingSymlinksInPath().path
        #expect(handler.contains("\nExec=\(resolved) dial %u\n"))
        let second = try await ToolRun.run(binary, ["install", "--no-autostart"], environment: home.environment())
        #expect(second.standardOutput.hasPrefix("wellclient is already installed for this user; nothing changed."), "\(second)")

        let prefixed = try await ToolRun.run(binary, ["install", "--prefix", home.root], environment: home.environment())
        #expect(!prefixed.succeeded && prefixed.standardError.contains("\(home.root)/bin/wellclient is not an executable file"), "\(prefixed)")
        try home.writeExecutable("wellclient")
        // The files run `wellclient agent`, which becomes the full command line beside it: both must be there.
        let halfPrefixed = try await ToolRun.run(binary, ["install", "--prefix", home.root], environment: home.environment())
        #expect(
            !halfPrefixed.succeeded && halfPrefixed.standardError.contains("\(home.root)/bin/wellclient-agent is not an executable file"),
            "\(halfPrefixed)")
        try home.writeExecutable("wellclient-agent")
        let viaPrefix = try await ToolRun.run(binary, ["install", "--prefix", home.root], environment: home.environment())
        #expect(viaPrefix.succeeded, "\(viaPrefix)")
        #expect(
            try String(contentsOfFile: home.dataHome + "/applications/cc.wellcloud.WellClient.desktop", encoding: .utf8)
                .contains("\nExec=\(home.binDirectory)/wellclient dial %u\n"))

        let removed = try await ToolRun.run(binary, ["uninstall"], environment: home.environment())
        #expect(removed.succeeded, "\(removed)")
        #expect(home.files() == ["bin/wellclient", "bin/wellclient-agent"], "\(home.files())")
    }
}
