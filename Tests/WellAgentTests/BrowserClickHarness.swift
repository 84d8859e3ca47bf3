import Foundation
import Testing
import WellProtocol
import WellTestSupport
import WellDBus

/// Click-to-call end to end, every part real: the agent (in-process, on a private bus, logged in
/// to the simulator); `wellclient install` in the temporary HOME, which writes the
/// native-messaging host manifest Chromium reads from `$XDG_CONFIG_HOME/chromium/NativeMessagingHosts`;
/// Debian's headless Chromium with the unpacked extension, which has asked the host for the
/// agent's browser settings; two pages on loopback, each its own origin (`enabled`, switched on
/// for this user as the popup's switch does, and `other` on another port, not enabled).
///
/// The agent's config cannot list sites yet (its TOML reader has no arrays), so the enabled
/// origin is the user's; the agent's `[browser]` settings still travel host → extension.
struct BrowserClickHarness: Sendable {
    let agent: AgentHarness
    let browser: ChromiumBrowser
    /// The page on the enabled origin.
    let page: DevToolsSession
    /// The extension's service worker.
    let worker: DevToolsSession
    let enabled: TestPageServer
    let other: TestPageServer

    /// The test page: numbers marked with the class, a tel: link, plain text, and a button whose
    /// own script clicks a marked number (a script-made click during a real one).
    static let html = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>CRM</title>
        <style>body { font: 18px sans-serif; } p { margin: 24px; } span, a, button { padding: 6px; }</style></head>
        <body>
          <p>Seed <span id="seed" class="well-canBeCalled">8001sd12</span></p>
          <p>International <span id="intl" class="well-canBeCalled">+86 138-0013-8000</span></p>
          <p>Nested <span id="nested" class="well-canBeCalled"><b id="inner">138</b> 0013 8001</span></p>
          <p>Link <a id="tel" href="tel:+86%20(10)%208002">+86 (10) 8002</a></p>
          <p>Plain <span id="plain">13800138002</span></p>
          <p>Titled <span id="titled" class="well-canBeCalled" title="Mobile">13800138003</span></p>
          <p><button id="relay" type="button">Relay</button></p>
          <script>
            document.getElementById("relay").addEventListener("click", () => {
              document.getElementById("seed").click();
            });
          </script>
        </body></html>
        """

    /// Runs `body` with everything started and logged in; stops everything afterwards.
    /// Skips (returns without running `body`) when Chromium is not installed.
    static func run(language: String = "en-US", _ body: @Sendable (BrowserClickHarness) async throws -> Void) async throws {
        guard ChromiumBrowser.isInstalled else {
            print("skipped: \(ChromiumBrowser.executable) is not installed (make test installs the Debian package chromium)")
            return
        }
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        #expect(ToolRun.builtExecutable(named: "wellclient-browser-host") != nil, "wellclient-browser-host is not built next to the tests")
        let enabled = try await TestPageServer.start(pages: ["/": Self.html])
        let other = try await TestPageServer.start(pages: ["/": Self.html])
        do {
            let origin = enabled.origin
            try await AgentHarness.run { agent in
                let install = try await ToolRun.run(binary, ["install", "--no-autostart"], environment: agent.home.environment())
                #expect(install.succeeded, "\(install)")
                let manifest = agent.home.configHome + "/chromium/NativeMessagingHosts/cc.wellcloud.wellclient.json"
                #expect(FileManager.default.fileExists(atPath: manifest), "install wrote no \(manifest): \(install)")

                let browser = try await ChromiumBrowser.launch(
                    extensionDirectory: BrowserExtensionManifestTests.directory,
                    environment: agent.home.environment(["DBUS_SESSION_BUS_ADDRESS": agent.bus.address]),
                    profile: agent.home.configHome + "/chromium", language: language)
                defer { browser.kill() }
                let worker = try await browser.extensionServiceWorker(id: BrowserExtensionManifestTests.chromiumId)
                // The worker asks the host for the agent's browser settings when it is installed.
                let learned = try await worker.waitUntil(
                    "chrome.storage.local.get(['agentSites', 'clickCallClass']).then(s => Array.isArray(s.agentSites) && s.clickCallClass === 'well-canBeCalled')")
                let storage = try await worker.evaluate("chrome.storage.local.get(null)")
                #expect(learned, "the extension never got the agent's browser settings: \(storage)\n\(browser.logTail())")
                // What the popup's switch stores for this user.
                _ = try await worker.evaluate("chrome.storage.local.set({ userSites: ['\(origin)'] }).then(() => true)")
                let page = try await browser.newPage()
                try await page.navigate(to: origin + "/")
                let harness = BrowserClickHarness(agent: agent, browser: browser, page: page, worker: worker, enabled: enabled, other: other)
                try await body(harness)
                await browser.close()
            }
        } catch {
            await enabled.stop()
            await other.stop()
            throw error
        }
        await enabled.stop()
        await other.stop()
    }

    // MARK: - the popup

    /// Opens the toolbar popup for the page's tab, as a click on the toolbar button does
    /// (`chrome.action.openPopup()`), attaches to it and waits until it has asked the agent.
    func openPopup() async throws -> DevToolsSession {
        try await Self.openPopup(for: self.page, in: self.browser, worker: self.worker)
    }

    static func openPopup(for page: DevToolsSession, in browser: ChromiumBrowser, worker: DevToolsSession) async throws -> DevToolsSession {
        try await page.activate()
        _ = try await worker.evaluate("chrome.action.openPopup().then(() => true)")
        let url = "chrome-extension://\(BrowserExtensionManifestTests.chromiumId)/popup.html"
        var targetId: String?
        try await eventually("the extension's popup", pollInterval: .milliseconds(50)) {
            targetId = try await browser.targets().first(where: { $0["url"]?.stringValue == url })?["targetId"]?.stringValue
            return targetId != nil
        }
        let popup = try await browser.attach(try #require(targetId))
        try await popup.send("Runtime.enable")
        let settled = try await popup.waitUntil(
            "document.readyState === 'complete' && document.getElementById('agent').textContent !== chrome.i18n.getMessage('stateReading')")
        #expect(settled, "the popup never showed the agent's state")
        return popup
    }

    // MARK: - what happened

    /// The extension's record of its dials, newest first (`recentDials` in session storage).
    func recentDials() async throws -> [JSONValue] {
        try await self.worker.evaluate("chrome.storage.session.get('recentDials').then(s => s.recentDials || [])").arrayValue ?? []
    }

    /// Waits until the extension has recorded `count` dials in all; returns the newest.
    func dialRecorded(count: Int) async throws -> JSONValue? {
        var dials: [JSONValue] = []
        try await eventually("the extension to record \(count) dials") {
            dials = try await self.recentDials()
            return dials.count >= count
        }
        return dials.count == count ? dials.first : nil
    }

    /// Waits for the simulator's makeCall to `number`, checks it is the only call there and was
    /// made from the agent's extension, then hangs it up and waits until the simulator has no call.
    func expectOnlyCall(to number: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let call = try await self.agent.simulatorCall(to: number)
        let calls = await self.agent.simulatorCalls()
        #expect(
            calls.count == 1, "the simulator has \(calls.count) calls, expected only the one to \(number): \(calls)",
            sourceLocation: sourceLocation)
        #expect(call["callingDevice"] == "8001@demo.cc", sourceLocation: sourceLocation)
        try await self.hangUp()
    }

    /// Hangs up the agent's call and waits until neither the simulator nor the agent has a call.
    func hangUp() async throws {
        // The agent learns of the call from the server's events, a moment after the simulator has it.
        try await self.agent.waitForStatus { $0["calls"]?.arrayValue?.isEmpty == false }
        try await self.agent.call("HangUp", [.string("")])
        try await eventually("the simulator to have no call") { await self.agent.simulatorCalls().isEmpty }
        try await self.agent.waitForStatus { $0["calls"]?.arrayValue?.isEmpty == true }
    }

    /// Lets the agent's 2 s dial guard pass before the next dial (pacing, not a proof of anything).
    func paceForNextDial() async throws {
        try await Task.sleep(for: .milliseconds(2100))
    }
}
