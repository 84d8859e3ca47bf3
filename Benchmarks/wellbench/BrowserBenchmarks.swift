import Foundation
import Logging
import WellDBus
import WellControl
import WellProtocol
import WellSimulator
import WellTestSupport

/// Click-to-call through the browser extension, as a user has it: a child `wellclient agent`
/// on a private bus, a loopback page whose origin the user switched on, `wellclient install` in a
/// temporary HOME (the native-messaging host manifest), Debian's headless Chromium with the
/// unpacked extension, and real clicks (DevTools `Input.dispatchMouseEvent`) on a class-marked
/// number.
///
/// Latency: from sending the mouse release (the click fires on it) to the simulator's first event
/// of the new call on the agent's topic (pushed while it handles makeCall). The path: content
/// script → service worker → `wellclient-browser-host` (a new process per click) → D-Bus → agent
/// → makeCall.
struct BrowserBenchmarks {
    let wellclient: String
    let clicks: Int

    static let page = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>bench</title></head>
        <body><p style="margin:40px;font:20px sans-serif"><span id="number" class="well-canBeCalled">138 0013 8000</span></p></body></html>
        """

    func run() async throws {
        guard ChromiumBrowser.isInstalled else {
            Figures.say("  skipped: \(ChromiumBrowser.executable) is not installed (apt-get install chromium)")
            return
        }
        var simulatorConfiguration = SimulatorConfiguration.testing()
        simulatorConfiguration.logger.logLevel = .critical
        simulatorConfiguration.vanishedAgentTimeout = .seconds(3600)
        let simulator = CTISimulator(configuration: simulatorConfiguration)
        let base = try await simulator.start()
        let pages = try await TestPageServer.start(pages: ["/": Self.page])
        let root = try AgentBenchmarks.temporaryRoot()
        let bus = try await PrivateBus.start()
        let configPath = root + "/config/wellclient/config.toml"
        try AgentBenchmarks.writeConfig(to: configPath, url: base, namespace: simulatorConfiguration.tenant.namespace)
        let environment = [
            "HOME": root + "/home", "XDG_CONFIG_HOME": root + "/config", "XDG_STATE_HOME": root + "/state",
            "XDG_DATA_HOME": root + "/data", "XDG_CACHE_HOME": root + "/cache", "XDG_RUNTIME_DIR": root + "/runtime",
            "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "DBUS_SESSION_BUS_ADDRESS": bus.address,
        ]
        let install = try await ToolRun.run(wellclient, ["install", "--no-autostart"], environment: environment)
        guard install.succeeded else { throw BenchFailure(description: "wellclient install failed: \(install)") }
        let agent = try await SpawnedProcess.spawn(
            wellclient, arguments: ["agent", "--config", configPath], environment: environment,
            stdout: .file(root + "/agent.log"), stderr: .file(root + "/agent.log"))
        let control = try await DBusConnection.connect(address: bus.address)
        let session = AgentSession(control: control)
        let browser = try await ChromiumBrowser.launch(
            extensionDirectory: Self.extensionDirectory(), environment: environment, profile: root + "/config/chromium")
        do {
            try await session.waitFor(timeout: .seconds(30)) { $0["login"] == "loggedIn" }
            let tap = try await EventTap.open(simulator.webSocketURL!, destination: EventTopic.agent(loginId: "5001@demo.cc").destination)
            let worker = try await browser.extensionServiceWorker(id: "fndaemachfncndgadldhjkdcnbkkfahi")
            guard try await worker.waitUntil("chrome.storage.local.get('agentSites').then(s => Array.isArray(s.agentSites))")
            else { throw BenchFailure(description: "the extension never got the agent's browser settings\n\(browser.logTail())") }
            // What the popup's switch stores (the agent's TOML cannot list sites yet).
            _ = try await worker.evaluate("chrome.storage.local.set({ userSites: ['\(pages.origin)'] }).then(() => true)")
            let page = try await browser.newPage()
            try await page.navigate(to: pages.origin + "/")
            let box = try await page.box(of: "#number")
            try await measureClicks(page: page, at: box, tap: tap, session: session)
            await tap.close()
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()
        await agent.terminate(grace: .seconds(5))
        await control.close()
        bus.stop()
        await pages.stop()
        await simulator.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    private func measureClicks(page: DevToolsSession, at box: DevToolsSession.Box, tap: EventTap, session: AgentSession) async throws {
        let clock = ContinuousClock()
        var samples: [Double] = []
        var failures = 0
        // One click first, not counted: the first start of the host and the worker's first dial.
        for round in 0...clicks {
            let before = tap.count
            try await page.send("Input.dispatchMouseEvent", ["type": "mouseMoved", "x": .number(box.x), "y": .number(box.y)])
            try await page.send(
                "Input.dispatchMouseEvent",
                [
                    "type": "mousePressed", "x": .number(box.x), "y": .number(box.y), "button": "left", "buttons": 1, "clickCount": 1,
                ])
            let start = clock.now
            try await page.send(
                "Input.dispatchMouseEvent",
                [
                    "type": "mouseReleased", "x": .number(box.x), "y": .number(box.y), "button": "left", "buttons": 0, "clickCount": 1,
                ])
            do {
                try await tap.waitFor(before + 1)
            } catch {
                failures += 1
                try await Task.sleep(for: .milliseconds(2100))
                continue
            }
            let arrival = tap.arrivals[before]
            if round > 0 { samples.append(Figures.milliseconds(arrival - start)) }
            // The agent learns of the call from the server's events, just after the simulator has it.
            try await session.waitFor { $0["calls"]?.arrayValue?.isEmpty == false }
            _ = try await session.control.call(
                destination: ControlInterface.busName, path: ControlInterface.objectPath,
                interface: ControlInterface.interface, member: "HangUp", arguments: [.string("")])
            try await session.waitFor { $0["calls"]?.arrayValue?.isEmpty == true }
            // The agent refuses a second dial within 2 s of the last makeCall (not of the click:
            // the host's start-up time varies).
            let next = arrival + .milliseconds(2100)
            if clock.now < next { try await Task.sleep(until: next, clock: clock) }
        }
        samples.sort()
        Figures.line("clicks (real mouse events)", "\(samples.count) measured, \(failures) without a call")
        guard !samples.isEmpty else { return }
        Figures.line("click → simulator's first call event, median", String(format: "%.1f ms", Figures.percentile(samples, 50)))
        Figures.line(
            "click → simulator's first call event, min / max",
            String(format: "%.1f / %.1f ms", samples.first ?? 0, samples.last ?? 0))
        Figures.line("click → simulator's first call event, p95", String(format: "%.1f ms", Figures.percentile(samples, 95)))
    }

    /// WELLBENCH_EXTENSION, else desktop/browser of the checkout this file is in.
    static func extensionDirectory(file: String = #filePath) -> String {
        if let path = ProcessInfo.processInfo.environment["WELLBENCH_EXTENSION"] { return path }
        return URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
            + "/desktop/browser"
    }
}
