import Foundation
import Testing
import WellBrowserHost
import WellDesktopSupport
import DesktopTestSupport
import WellTestSupport

/// `wellclient install` / `uninstall` and the browser host manifests, in a temporary HOME.
@Suite("Browser host manifests: install and uninstall")
struct HostInstallTests {
    /// The three manifests a per-user install writes, with the key naming the allowed caller.
    static func manifests(_ home: TemporaryHome) -> [(path: String, key: String, caller: String)] {
        [
            (home.configHome + "/chromium/NativeMessagingHosts/cc.wellcloud.wellclient.json", "allowed_origins", BrowserCaller.chromiumOrigin),
            (home.configHome + "/google-chrome/NativeMessagingHosts/cc.wellcloud.wellclient.json", "allowed_origins", BrowserCaller.chromiumOrigin),
            (home.home + "/.mozilla/native-messaging-hosts/cc.wellcloud.wellclient.json", "allowed_extensions", BrowserCaller.firefoxAddonID),
        ]
    }

    static func manifest(at path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("the manifests name the host next to wellclient (absolute) and exactly the callers the host accepts")
    func manifestsWritten() async throws {
        let home = try TemporaryHome(label: "host-install")
        defer { home.remove() }
        let binary = try home.writeExecutable("wellclient")
        try home.writeExecutable("wellclient-browser-host")
        let installer = try DesktopInstaller(environment: home.environment(), executablePath: binary)
        let report = try await installer.install(autostart: false)
        #expect(installer.hostExecutablePath == home.binDirectory + "/wellclient-browser-host")
        for (path, key, caller) in Self.manifests(home) {
            #expect(report.changes.contains("wrote \(path)"))
            let manifest = try Self.manifest(at: path)
            #expect(manifest["name"] as? String == BrowserCaller.hostName)
            #expect(manifest["path"] as? String == home.binDirectory + "/wellclient-browser-host")
            #expect(manifest["type"] as? String == "stdio")
            #expect(manifest[key] as? [String] == [caller], "\(path)")
            #expect(Set(manifest.keys) == ["name", "description", "path", "type", key])
            // The host accepts what the manifest allows, and nothing the other browser's key names.
            #expect(BrowserCaller.identify(arguments: key == "allowed_origins" ? [caller] : [path, caller]) != nil)
        }
        #expect(!report.notes.contains { $0.contains("wellclient-browser-host is missing") })
    }

    @Test("a missing host is named in a note; the manifests are still written")
    func missingHostNoted() async throws {
        let home = try TemporaryHome(label: "host-install")
        defer { home.remove() }
        let installer = try DesktopInstaller(environment: home.environment(), executablePath: try home.writeExecutable("wellclient"))
        let report = try await installer.install(autostart: false)
        #expect(report.notes.contains { $0.hasPrefix("\(home.binDirectory)/wellclient-browser-host is missing") }, "\(report.notes)")
        for manifest in Self.manifests(home) { #expect(FileManager.default.fileExists(atPath: manifest.path)) }
    }

    @Test("`wellclient install` points the manifests at the built host; `uninstall` removes exactly them")
    func commands() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"))
        let host = try #require(ToolRun.builtExecutable(named: "wellclient-browser-host"))
        let home = try TemporaryHome(label: "host-install-cli")
        defer { home.remove() }
        // Something of the user's own in the same folders stays.
        let own = home.configHome + "/chromium/NativeMessagingHosts/org.example.other.json"
        try FileManager.default.createDirectory(atPath: home.configHome + "/chromium/NativeMessagingHosts", withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: own))

        let install = try await ToolRun.run(binary, ["install", "--no-autostart"], environment: home.environment())
        #expect(install.succeeded, "\(install)")
        #expect(!install.standardOutput.contains("is missing"), "\(install)")
        let resolvedHost = URL(fileURLWithPath: host).resolvingSymlinksInPath().path
        for (path, _, _) in Self.manifests(home) {
            #expect(install.standardOutput.contains("wrote \(path)"), "\(install)")
            #expect(try Self.manifest(at: path)["path"] as? String == resolvedHost)
        }
        let uninstall = try await ToolRun.run(binary, ["uninstall"], environment: home.environment())
        #expect(uninstall.succeeded, "\(uninstall)")
        for (path, _, _) in Self.manifests(home) {
            #expect(uninstall.standardOutput.contains("removed \(path)"), "\(uninstall)")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        #expect(home.files() == ["config/chromium/NativeMessagingHosts/org.example.other.json"], "\(home.files())")
    }
}
