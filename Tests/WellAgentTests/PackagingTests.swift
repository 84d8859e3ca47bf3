import Foundation
import Testing
import WellDesktopSupport
import WellTestSupport
import WellCommandLine

/// `packaging/build-deb.sh --skip-build` on the debug binary, inspected with dpkg-deb.
@Suite struct PackagingTests {
    @Test("one version: packaging/VERSION, ProductVersion.current and `wellclient --version` agree")
    func versionsAgree() async throws {
        let file = try String(contentsOfFile: InstallTemplateTests.repositoryRoot + "/packaging/VERSION", encoding: .utf8)
        #expect(file.trimmingCharacters(in: .whitespacesAndNewlines) == ProductVersion.current)
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"))
        let home = try TemporaryHome(label: "version")
        defer { home.remove() }
        let run = try await ToolRun.run(binary, ["--version"], environment: home.environment())
        #expect(run.succeeded, "\(run)")
        #expect(run.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == ProductVersion.current, "\(run)")
    }

    @Test("the .deb holds every file at its system path and the right control fields", .timeLimit(.minutes(5)))
    func debianPackage() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"))
        let home = try TemporaryHome(label: "deb")
        defer { home.remove() }
        let script = InstallTemplateTests.repositoryRoot + "/packaging/build-deb.sh"
        let output = home.root + "/out"
        let build = try await ToolRun.run(
            script, ["--skip-build", binary, "--version", "9.8.7", "--out", output, "--compression", "none"], environment: home.environment())
        #expect(build.succeeded, "\(build)")
        let deb = build.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(deb.hasPrefix(output + "/wellclient_9.8.7_") && deb.hasSuffix(".deb"), "\(build)")
        // A debug binary links the Swift runtime dynamically: packaged, with a warning.
        #expect(build.standardError.contains("links the Swift runtime dynamically"))

        let listing = try await ToolRun.run("dpkg-deb", ["-c", deb], environment: home.environment())
        #expect(listing.succeeded)
        let entries = Set(
            listing.standardOutput.split(separator: "\n").compactMap { line in
                line.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init)
            })
        for path in [
            "./usr/bin/wellclient",
            "./usr/bin/wellclient-agent",
            "./usr/bin/wellclient-browser-host",
            "./etc/chromium/native-messaging-hosts/cc.wellcloud.wellclient.json",
            "./etc/opt/chrome/native-messaging-hosts/cc.wellcloud.wellclient.json",
            "./usr/lib/mozilla/native-messaging-hosts/cc.wellcloud.wellclient.json",
            "./usr/share/applications/cc.wellcloud.WellClient.desktop",
            "./usr/share/dbus-1/services/cc.wellcloud.WellClient.service",
            "./usr/lib/systemd/user/wellclient-agent.service",
            "./etc/xdg/autostart/cc.wellcloud.WellClient-autostart.desktop",
            "./usr/share/icons/hicolor/scalable/apps/cc.wellcloud.WellClient.svg",
            "./usr/share/metainfo/cc.wellcloud.WellClient.metainfo.xml",
            "./usr/share/man/man1/wellclient.1.gz",
            "./usr/share/doc/wellclient/copyright",
        ] + DesktopFile.statusIcons.map({ "./usr/share/icons/hicolor/scalable/status/" + $0.fileName }) {
            #expect(entries.contains(path), "missing \(path)")
        }
        #expect(listing.standardOutput.contains("-rwxr-xr-x root/root"))

        let fields = try await ToolRun.run("dpkg-deb", ["-f", deb, "Package", "Version", "Depends"], environment: home.environment())
        #expect(fields.succeeded)
        #expect(fields.standardOutput.contains("Package: wellclient\n"))
        #expect(fields.standardOutput.contains("Version: 9.8.7\n"))
        let depends = fields.standardOutput.split(separator: "\n").first { $0.hasPrefix("Depends: ") }.map(String.init) ?? ""
        let names = Set(depends.dropFirst("Depends: ".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? "" })
        #expect(names.isSuperset(of: ["libc6", "libdbus-1-3"]), "\(depends)")
        // No packaged binary links libnotify (the probe is the WellLibNotify library's, for tests).
        #expect(!names.contains("libnotify4"), "\(depends)")
        #expect(!depends.contains("swift"))

        // The staged files point at /usr/bin and still validate.
        let tree = home.root + "/tree"
        let extract = try await ToolRun.run("dpkg-deb", ["-x", deb, tree], environment: home.environment())
        #expect(extract.succeeded)
        let handler = try String(contentsOfFile: tree + "/usr/share/applications/cc.wellcloud.WellClient.desktop", encoding: .utf8)
        #expect(handler.contains("\nExec=/usr/bin/wellclient dial %u\n"))
        let unit = try String(contentsOfFile: tree + "/usr/lib/systemd/user/wellclient-agent.service", encoding: .utf8)
        #expect(unit.contains("\nExecStart=/usr/bin/wellclient agent\n"))
        for desktop in ["/usr/share/applications/cc.wellcloud.WellClient.desktop", "/etc/xdg/autostart/cc.wellcloud.WellClient-autostart.desktop"] {
            let run = try await ToolRun.run("desktop-file-validate", [tree + desktop], environment: home.environment())
            #expect(run.succeeded && run.standardOutput.isEmpty && run.standardError.isEmpty, "\(run)")
        }
        // The browser host manifests name the installed host and only the WellClient extension.
        for (path, key, id) in [
            ("/etc/chromium/native-messaging-hosts", "allowed_origins", "chrome-extension://fndaemachfncndgadldhjkdcnbkkfahi/"),
            ("/etc/opt/chrome/native-messaging-hosts", "allowed_origins", "chrome-extension://fndaemachfncndgadldhjkdcnbkkfahi/"),
            ("/usr/lib/mozilla/native-messaging-hosts", "allowed_extensions", "wellclient@wellcloud.cc"),
        ] {
            let data = try Data(contentsOf: URL(fileURLWithPath: tree + path + "/cc.wellcloud.wellclient.json"))
            let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(manifest["name"] as? String == "cc.wellcloud.wellclient")
            #expect(manifest["path"] as? String == "/usr/bin/wellclient-browser-host")
            #expect(manifest["type"] as? String == "stdio")
            #expect(manifest[key] as? [String] == [id], "\(path)")
        }
        // The extension, file for file as in desktop/browser (when the repository has it).
        let extensionSource = InstallTemplateTests.repositoryRoot + "/desktop/browser"
        if FileManager.default.fileExists(atPath: extensionSource + "/manifest.json") {
            let expected = try FileManager.default.subpathsOfDirectory(atPath: extensionSource).filter { path in
                var directory: ObjCBool = false
                return FileManager.default.fileExists(atPath: extensionSource + "/" + path, isDirectory: &directory) && !directory.boolValue
            }
            #expect(!expected.isEmpty)
            for file in expected {
                #expect(entries.contains("./usr/share/wellclient/browser/" + file), "missing the extension's \(file)")
                #expect(FileManager.default.contentsEqual(atPath: extensionSource + "/" + file, andPath: tree + "/usr/share/wellclient/browser/" + file))
            }
        } else {
            #expect(build.standardError.contains("the package holds no browser extension"))
        }
        let manual = try await ToolRun.run("/bin/sh", ["-c", "gzip -dc '\(tree)/usr/share/man/man1/wellclient.1.gz'"], environment: home.environment())
        #expect(manual.standardOutput.hasPrefix(".TH WELLCLIENT 1 "))
        #expect(manual.standardOutput.contains(".SS install"))
    }

    @Test("bad arguments are refused with a message")
    func badArguments() async throws {
        let home = try TemporaryHome(label: "deb")
        defer { home.remove() }
        let script = InstallTemplateTests.repositoryRoot + "/packaging/build-deb.sh"
        let unknown = try await ToolRun.run(script, ["--frobnicate"], environment: home.environment())
        #expect(!unknown.succeeded && unknown.standardError.contains("unknown argument '--frobnicate'"))
        let missing = try await ToolRun.run(script, ["--skip-build", home.root + "/nope", "--out", home.root + "/out"], environment: home.environment())
        #expect(!missing.succeeded && missing.standardError.contains("is not an executable file"))
        let version = try await ToolRun.run(script, ["--version", "1 2", "--skip-build", "/bin/true"], environment: home.environment())
        #expect(!version.succeeded && version.standardError.contains("invalid version"))
    }
}
