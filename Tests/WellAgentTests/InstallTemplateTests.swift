import Foundation
import Testing
import WellTray
import WellDesktopSupport
import WellTestSupport

/// The files of `desktop/`: the copies embedded in the binary match them, and what install
/// writes passes the real validators (desktop-file-validate, systemd-analyze, appstreamcli).
@Suite struct InstallTemplateTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test("the embedded templates equal desktop/ byte for byte (rerun packaging/embed-templates.sh if not)")
    func embeddedCopies() throws {
        let single = DesktopFile.all.filter { $0.kind != .statusIcon }
        #expect(single.count == DesktopFile.Kind.allCases.count - 1)
        for file in DesktopFile.all {
            let onDisk = try String(contentsOfFile: Self.repositoryRoot + "/desktop/" + file.source, encoding: .utf8)
            #expect(file.template == onDisk, "\(file.fileName) differs from desktop/\(file.source)")
            #expect(file.template.contains(DesktopFile.placeholder) || [.icon, .metainfo, .statusIcon].contains(file.kind))
        }
        // Every status icon of desktop/ is embedded, and they are exactly the tray's icons and
        // their symbolic variants.
        let icons = try FileManager.default.contentsOfDirectory(atPath: Self.repositoryRoot + "/desktop/" + DesktopFile.statusIconFolder)
        #expect(Set(icons) == Set(DesktopFile.statusIcons.map(\.fileName)))
        #expect(Set(icons) == Set(TrayLook.iconNames.flatMap { [$0 + ".svg", $0 + "-symbolic.svg"] }))
        #expect(Set(DesktopFile.all.map(\.stateKey)).count == DesktopFile.all.count)
        // Every file of desktop/ is embedded (its folders, such as the browser extension's, are not templates).
        let folder = Self.repositoryRoot + "/desktop"
        let listed = try FileManager.default.contentsOfDirectory(atPath: folder).filter { name in
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &directory) && !directory.boolValue
        }
        #expect(Set(listed) == Set(single.map(\.source)))
    }

    /// Installs into `home` with a fake `wellclient` binary and returns the installer.
    static func installed(_ home: TemporaryHome, autostart: Bool = true) async throws -> DesktopInstaller {
        let binary = try home.writeExecutable("wellclient")
        let installer = try DesktopInstaller(environment: home.environment(), executablePath: binary)
        _ = try await installer.install(autostart: autostart)
        return installer
    }

    @Test("desktop-file-validate accepts every installed .desktop file silently", arguments: [true, false])
    func desktopFilesValidate(autostart: Bool) async throws {
        let home = try TemporaryHome(label: "validate")
        defer { home.remove() }
        let installer = try await Self.installed(home, autostart: autostart)
        for kind in [DesktopFile.Kind.handler, .autostart] {
            let path = installer.layout.path(of: DesktopFile.file(kind))
            let run = try await ToolRun.run("desktop-file-validate", [path], environment: home.environment())
            #expect(run.succeeded && run.standardOutput.isEmpty && run.standardError.isEmpty, "\(path): \(run)")
        }
    }

    @Test("desktop-file-validate accepts the templates in desktop/ too")
    func templatesValidate() async throws {
        let home = try TemporaryHome(label: "validate")
        defer { home.remove() }
        for name in ["cc.wellcloud.WellClient.desktop", "cc.wellcloud.WellClient-autostart.desktop"] {
            let run = try await ToolRun.run("desktop-file-validate", [Self.repositoryRoot + "/desktop/" + name], environment: home.environment())
            #expect(run.succeeded && run.standardOutput.isEmpty && run.standardError.isEmpty, "\(name): \(run)")
        }
    }

    @Test("systemd-analyze verify --user accepts the unit as install writes it, with no output on stderr")
    func systemdUnitVerifies() async throws {
        let home = try TemporaryHome(label: "systemd")
        defer { home.remove() }
        let installer = try await Self.installed(home)
        let unit = installer.layout.path(of: DesktopFile.file(.systemdUnit))
        let run = try await ToolRun.run("systemd-analyze", ["verify", "--user", "--man=no", unit], environment: home.environment())
        #expect(run.succeeded && run.standardError.isEmpty, "\(run)")
        let text = try String(contentsOfFile: unit, encoding: .utf8)
        #expect(text.contains("ExecStart=\(installer.executablePath) agent\n"))
        #expect(text.contains("Type=dbus\nBusName=cc.wellcloud.WellClient\n"))
    }

    @Test("systemd-analyze verify fails for a unit whose ExecStart binary is missing (the check can fail)")
    func systemdVerifyCatchesMissingBinary() async throws {
        let home = try TemporaryHome(label: "systemd")
        defer { home.remove() }
        let unit = home.root + "/" + DesktopFile.unitName
        try DesktopFile.file(.systemdUnit).contents(executablePath: home.root + "/missing/wellclient").write(toFile: unit, atomically: true, encoding: .utf8)
        let run = try await ToolRun.run("systemd-analyze", ["verify", "--user", "--man=no", unit], environment: home.environment())
        #expect(!run.succeeded || !run.standardError.isEmpty)
    }

    @Test("appstreamcli validate --no-net accepts the metainfo, installed and in desktop/")
    func metainfoValidates() async throws {
        let home = try TemporaryHome(label: "appstream")
        defer { home.remove() }
        let installer = try await Self.installed(home)
        for path in [installer.layout.path(of: DesktopFile.file(.metainfo)), Self.repositoryRoot + "/desktop/cc.wellcloud.WellClient.metainfo.xml"] {
            let run = try await ToolRun.run("appstreamcli", ["validate", "--no-net", "--no-color", path], environment: home.environment())
            #expect(run.succeeded, "\(path): \(run)")
            #expect(!run.standardOutput.contains("E:") && !run.standardOutput.contains("W:"), "\(run)")
        }
    }

    @Test("the D-Bus service file names the bus name, the binary and the unit")
    func dbusServiceFile() throws {
        let text = DesktopFile.file(.dbusService).contents(executablePath: "/usr/bin/wellclient")
        #expect(text == "[D-BUS Service]\nName=cc.wellcloud.WellClient\nExec=/usr/bin/wellclient agent\nSystemdService=wellclient-agent.service\n")
    }

    @Test("the SVG icons are well-formed XML with an <svg> root")
    func iconParses() async throws {
        let home = try TemporaryHome(label: "icon")
        defer { home.remove() }
        let script = "import sys, xml.dom.minidom; print(xml.dom.minidom.parseString(sys.stdin.read()).documentElement.tagName)"
        for file in [DesktopFile.file(.icon)] + DesktopFile.statusIcons {
            let run = try await ToolRun.run("/usr/bin/python3", ["-c", script], environment: home.environment(), input: file.template)
            #expect(run.succeeded && run.standardOutput == "svg\n", "\(file.fileName): \(run)")
        }
    }
}
