import Foundation
import Testing
import WellProtocol
import WellTestSupport
import WellSimulator

/// The panel in Debian's headless Chromium: the page the URL of `wellclient panel --print-url`
/// shows, driven with real input events (DevTools `Input.dispatchMouseEvent` / `dispatchKeyEvent`).
struct PanelBrowserHarness: Sendable {
    let panel: PanelHarness
    let browser: ChromiumBrowser
    let page: DevToolsSession

    var agent: AgentHarness { panel.agent }

    /// Runs `body` with the panel open in Chromium and showing the agent's state. Skips (returns
    /// without running `body`) when Chromium is not installed.
    static func run(panel settings: String = "", language: String = "en-US", _ body: @Sendable (PanelBrowserHarness) async throws -> Void)
        async throws
    {
        guard ChromiumBrowser.isInstalled else {
            print("skipped: \(ChromiumBrowser.executable) is not installed (make test installs the Debian package chromium)")
            return
        }
        try await PanelHarness.run(panel: settings) { panel in
            let browser = try await ChromiumBrowser.launch(environment: panel.agent.home.environment(), language: language)
            defer { browser.kill() }
            let page = try await browser.newPage()
            try await page.setLanguage(language)
            try await page.navigate(to: panel.url)
            let harness = PanelBrowserHarness(panel: panel, browser: browser, page: page)
            let shown = try await page.waitUntil("document.getElementById('logout').disabled === false")
            let line = try await harness.text("agentLine")
            #expect(shown, "the panel never showed the logged-in agent: \(line)\n\(browser.logTail())")
            try await body(harness)
            await browser.close()
        }
    }

    /// Whether the control `id` is enabled (waits up to 20 s for it to become so).
    func waitEnabled(_ id: String, _ enabled: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let ok = try await page.waitUntil("document.getElementById('\(id)').disabled === \(!enabled)")
        #expect(ok, "#\(id) never became \(enabled ? "enabled" : "disabled")", sourceLocation: sourceLocation)
    }

    /// Waits until the control `id` is enabled (the page has the state it needs), then clicks it.
    func press(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await waitEnabled(id, sourceLocation: sourceLocation)
        try await page.click("#" + id)
    }

    /// The text of element `id`.
    func text(_ id: String) async throws -> String {
        try await page.evaluate("document.getElementById('\(id)').textContent").stringValue ?? ""
    }

    /// Clicks `#number`, clears it with Esc and types `number` (real key presses).
    func enterNumber(_ number: String) async throws {
        try await page.click("#number")
        try await page.press(.escape)
        try await page.type(number)
        let typed = try await page.evaluate("document.getElementById('number').value").stringValue
        #expect(typed == number)
    }

    /// Rings the agent from `caller`, presses `#answer` once it is enabled, and waits until the
    /// simulator has the agent's party connected.
    func ringAndAnswer(from caller: String) async throws {
        try await waitEnabled("answer", false)
        _ = try await agent.sim.simulator.ring("8001", from: caller)
        try await waitEnabled("answer")
        try await press("answer")
        try await panel.waitForParty("8001", "Connect")
        try await waitEnabled("hold")
    }

    /// The simulator's agent 5001 mode and reason.
    func simulatorMode() async -> (mode: String?, reason: String?) {
        let agents = await agent.sim.simulator.state()["agents"]?.arrayValue ?? []
        let entry = agents.first { $0["agentId"]?.stringValue?.hasPrefix("5001") == true }
        return (entry?["agentMode"]?.stringValue, entry?["reason"]?.stringValue)
    }

    /// Hangs up every call from the outside parties' side and waits until there is none.
    func clearCalls(_ parties: [String]) async throws {
        for party in parties { try? await agent.sim.simulator.hangup(from: party) }
        try await panel.waitForNoCalls()
    }
}
