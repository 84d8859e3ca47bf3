import DesktopTestSupport
import Foundation
import Testing
import WellDesktopSupport

/// Which program opens the panel's window: a Chromium-based browser as an app window when one is
/// on `PATH`, in the order of ``PanelOpener/chromiumBrowsers``, else `xdg-open`, else a clear error.
struct PanelOpenerTests {
    /// A `PATH` of one fresh folder holding an executable stand-in for each of `programs`.
    static func path(with programs: [String], in home: TemporaryHome) throws -> [String: String] {
        let folder = home.root + "/opener-bin"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for program in programs {
            let file = folder + "/" + program
            try "#!/bin/sh\nexit 0\n".write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
        }
        return ["PATH": folder]
    }

    @Test("the first Chromium-based browser in the preference order wins, as an app window")
    func chromiumFirst() throws {
        let home = try TemporaryHome(label: "opener-chromium")
        defer { home.remove() }
        let environment = try Self.path(with: ["xdg-open", "vivaldi", "google-chrome"], in: home)
        let command = try PanelOpener.command(opening: "file:///run/panel.html", environment: environment)
        #expect(command.path == home.root + "/opener-bin/google-chrome")
        #expect(command.arguments == ["--app=file:///run/panel.html"])
    }

    @Test("without a Chromium-based browser, xdg-open opens the page")
    func xdgOpenElse() throws {
        let home = try TemporaryHome(label: "opener-xdg")
        defer { home.remove() }
        let environment = try Self.path(with: ["xdg-open", "firefox"], in: home)
        let command = try PanelOpener.command(opening: "file:///run/panel.html", environment: environment)
        #expect(command.path == home.root + "/opener-bin/xdg-open")
        #expect(command.arguments == ["file:///run/panel.html"])
    }

    @Test("with neither, the error says what is missing and nothing is started")
    func neither() async throws {
        let home = try TemporaryHome(label: "opener-none")
        defer { home.remove() }
        let environment = try Self.path(with: ["firefox"], in: home)
        #expect(throws: PanelOpenFailure.self) { try PanelOpener.command(opening: "file:///x", environment: environment) }
        await #expect(throws: PanelOpenFailure.self) { try await PanelOpener.open(file: "/x", environment: environment) }
    }
}
