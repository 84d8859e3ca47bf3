import Foundation
import Testing
import WellDBus
import WellProtocol
import WellTestSupport

/// The same extension source in a real Firefox ESR (headless, WebDriver BiDi), end to end: the
/// agent on a private bus, `wellclient install` writing the Firefox host
/// manifest (`~/.mozilla/native-messaging-hosts`), the add-on installed temporarily from
/// desktop/browser, the test page's origin switched on for the user (the agent's TOML cannot list
/// sites yet), real clicks. Skipped where Debian's `firefox-esr` is not installed.
@Suite("End to end: click-to-call in Firefox", .serialized, .timeLimit(.minutes(4)))
struct BrowserFirefoxTests {
    static let uuid = "6d3f6a41-1f0e-4a54-9a43-0c7b2a9e1a11"

    @Test("Firefox loads the add-on (only the Chromium key warned about), gets the agent's settings and state through the host, and a class click and a tel: link dial")
    func firefoxEndToEnd() async throws {
        guard FirefoxBrowser.isInstalled else {
            print("skipped: \(FirefoxBrowser.executable) is not installed (apt-get install firefox-esr)")
            return
        }
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let server = try await TestPageServer.start(pages: ["/": BrowserClickHarness.html])
        let origin = server.origin
        do {
            try await AgentHarness.run { agent in
                let install = try await ToolRun.run(binary, ["install", "--no-autostart"], environment: agent.home.environment())
                #expect(install.succeeded, "\(install)")
                #expect(
                    FileManager.default.fileExists(atPath: agent.home.home + "/.mozilla/native-messaging-hosts/cc.wellcloud.wellclient.json"),
                    "install wrote no Firefox host manifest: \(install)")
                let firefox = try await FirefoxBrowser.launch(
                    environment: agent.home.environment(["DBUS_SESSION_BUS_ADDRESS": agent.bus.address]),
                    addOnUUIDs: [BrowserExtensionManifestTests.geckoId: Self.uuid])
                defer { firefox.kill() }
                let id = try await firefox.installAddOn(path: BrowserExtensionManifestTests.directory)
                #expect(id == BrowserExtensionManifestTests.geckoId)

                // What Firefox recorded while reading the manifest.
                let chrome = try await firefox.chromeContext()
                let recorded = try await firefox.evaluate(
                    chrome,
                    """
                    (() => { const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
                             const e = ExtensionParent.GlobalManager.getExtension("\(id)");
                             return { warnings: e.warnings, errors: e.errors, manifestVersion: e.manifestVersion,
                                      scripts: e.manifest.background.scripts.length,
                                      origins: e.allowedOrigins.patterns.map(p => p.pattern).filter(p => !p.startsWith("moz-extension:")) }; })()
                    """)
                #expect(recorded["errors"] == [], "\(recorded)")
                #expect(
                    recorded["warnings"] == ["Reading manifest: Warning processing key: An unexpected property was found in the WebExtension manifest."],
                    "\(recorded)")
                #expect(recorded["manifestVersion"] == 3 && recorded["scripts"] == 3, "\(recorded)")
                #expect(recorded["origins"] == ["http://*/*", "https://*/*"], "host access for the content script: \(recorded)")

                // The popup, as an extension page: the agent's state and the sites it learned.
                let popup = try await firefox.newTab()
                try await firefox.navigate(popup, to: "moz-extension://\(Self.uuid)/popup.html")
                let learned = try await firefox.waitUntil(
                    popup, "browser.storage.local.get(['agentSites', 'clickCallClass']).then(s => Array.isArray(s.agentSites) && s.clickCallClass === 'well-canBeCalled')")
                let storage = try await firefox.evaluate(popup, "browser.storage.local.get(null)")
                #expect(learned, "\(storage)\n\(firefox.logTail())")
                let stated = try await firefox.waitUntil(popup, "document.getElementById('agent').textContent.startsWith('5001@demo.cc: logged in')")
                let shown = try await firefox.evaluate(popup, "document.body.innerText")
                #expect(stated, "\(shown)")
                // What the popup's switch stores for this user.
                _ = try await firefox.evaluate(popup, "browser.storage.local.set({ userSites: ['\(origin)'] }).then(() => true)")

                let page = try await firefox.newTab()
                try await firefox.navigate(page, to: origin + "/")
                try await firefox.click(page, "#seed")
                let first = try await agent.simulatorCall(to: "800112")
                let calls = await agent.simulatorCalls()
                #expect(first["callingDevice"] == "8001@demo.cc", "no makeCall 800112: \(calls)\n\(firefox.logTail())")
                #expect(await agent.simulatorCalls().count == 1)
                // HangUp("") ends the agent's default call: wait until the agent knows it.
                try await agent.waitForStatus { $0["calls"]?.arrayValue?.isEmpty == false }
                try await agent.call("HangUp", [.string("")])
                try await eventually("the simulator to have no call") { await agent.simulatorCalls().isEmpty }
                try await Task.sleep(for: .milliseconds(2100)) // the agent's 2 s guard

                try await firefox.click(page, "#tel")
                let second = try await agent.simulatorCall(to: "86108002")
                let after = await agent.simulatorCalls()
                #expect(second != nil, "no makeCall 86108002: \(after)")
                #expect(await agent.simulatorCalls().count == 1)
                #expect(try await firefox.evaluate(page, "location.href") == .string(origin + "/"), "the tel: link navigated")
                try await agent.waitForStatus { $0["calls"]?.arrayValue?.isEmpty == false }
                try await agent.call("HangUp", [.string("")])
                await firefox.close()
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
